"""Starting a PCF evidence item from a group session a student co-facilitated
(issue 18, requirement 8).

Like casework's (placements/casework/evidence.py), the prefilled text is built only
from what cannot name anyone: the programme, the group (strand), the day, and how
many parents came. Nobody's name is copied. The student writes their reflection,
and the anonymisation guard refuses the name of any parent or child on the groups
they co-facilitate (selectors.cofacilitation.names_on_groups).
"""

from __future__ import annotations

from placements.models import EvidenceItem
from placements.services.evidence import REFLECTION_PROMPT
from portal.dates import long_date

from .models import GroupSession


def evidence_prefill_for_group(session: GroupSession, *, present: int) -> dict:
    """Initial values for the evidence form (title, reflection, kind and date) for a
    session held (the form refuses a date in the future)."""
    programme = session.programme.name
    group = f" ({session.strand.name})" if session.strand_id else ""
    parents = f"{present} parent{'' if present == 1 else 's'}"
    text = (
        f"I co-facilitated a {programme} group session for parents{group} on "
        f"{long_date(session.on)}"
        + (f", with {parents} present" if present else "")
        + f".\n\n{REFLECTION_PROMPT}"
    )
    return {
        "title": f"Co-facilitating a {programme} group session{group}"[:200],
        "reflection": text,
        "kind": EvidenceItem.Kind.DIRECT_WORK,
        "date": session.on.isoformat(),
    }
