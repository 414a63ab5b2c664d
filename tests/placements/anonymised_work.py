"""Children and carers on a placement's work, for the anonymisation guard's tests
(placements/services/anonymisation.py). No tests here.

On the student's own work: Kayden Marsh (known as Kay), whose carer is Dana
Whitfield. On the practice educator's work with another student: Ruby Stone.
On nobody's work here: Oliver Thompson, allocated to a student and PE of
another placement, so his name is an ordinary word for this placement.
"""

from __future__ import annotations

from tests.casework.factories import AllocationFactory, CarerFactory, ChildFactory
from tests.placements.factories import PlacementFactory

# One of each kind of name the guard knows, as typed into a record.
NAMES_ON_WORK = {
    "child's first name": "I sat with Kayden while he drew his family.",
    "child's surname": "The MARSH household was calm on the visit.",
    "carer's name": "Ms Whitfield said the mornings are hard.",
    "child on the practice educator's work": "We compared this with the work with Ruby.",
}
NOT_ON_WORK = "Oliver is a name from another placement's work, so it is fine here."


def allocate_named_children(placement) -> None:
    """Give `placement`'s student and practice educator the children above."""
    kayden = ChildFactory(
        first_name="Kayden", last_name="Marsh", preferred_name="Kay", held_by=placement.host
    )
    CarerFactory(child=kayden, name="Dana Whitfield")
    AllocationFactory(child=kayden, placement=placement)
    # Another student educated by the same practice educator, at the same host.
    other = PlacementFactory(
        host=placement.host, practice_educator=placement.practice_educator, course=placement.course
    )
    AllocationFactory(
        child=ChildFactory(first_name="Ruby", last_name="Stone", held_by=placement.host),
        placement=other,
    )
    AllocationFactory(child=ChildFactory(first_name="Oliver", last_name="Thompson"))
