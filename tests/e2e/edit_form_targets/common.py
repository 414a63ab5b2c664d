"""What every target module shares: the Target, the demo's people and places."""

from __future__ import annotations

from dataclasses import dataclass, field

STUDENT = "student@example.org"
EDUCATOR = "educator@example.org"
COORDINATOR = "coordinator@example.org"
SCHOOL = "school@example.org"
SOCIAL_WORKER = "socialworker@example.org"
ADMIN = "admin@example.org"


@dataclass(frozen=True)
class Target:
    """Where a form is: its URL kwargs (and query string), and who opens it when the
    registry entry leaves that to the record (None: the entry's user)."""

    kwargs: dict = field(default_factory=dict)
    query: str = ""
    user: str | None = None


def user(email: str):
    from portal.accounts.models import User

    return User.objects.get(email=email)


def council_org():
    from portal.accounts.models import Organisation
    from portal.management.commands.seed_demo import ORGANISATIONS

    return Organisation.objects.get(name=ORGANISATIONS["council"][0])


def school_a():
    from portal.accounts.models import Organisation
    from portal.management.commands.seed_demo import ORGANISATIONS

    return Organisation.objects.get(name=ORGANISATIONS["school_a"][0])


def sams_placement_record():
    from placements.models import Placement

    return Placement.objects.get(student__email=STUDENT)


def nothing() -> Target:
    return Target()


LIFESTORY = "lifestory@example.org"
MANAGER = "manager@example.org"
