"""The kinds of notification, as data (issue 22, requirement 5).

Every call of portal.services.notify names its kind; each person chooses, per kind,
how they hear of it (NotificationPreference): at once by email, in one daily email
summary (the digest), or in the portal only. A kind nobody chose for keeps its
`default`. Safeguarding alerts are `fixed`: always emailed at once, whatever is
stored, because a child's safety cannot wait for tomorrow's summary.

`roles` are the roles that receive the kind, so the settings page offers each
person the kinds that reach them (and any kind they have actually received).
An empty `roles` reaches everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .accounts.roles import Role

EMAIL = "email"
DIGEST = "digest"
PORTAL = "portal"
DELIVERIES = (EMAIL, DIGEST, PORTAL)

_PLACEMENT_PEOPLE = frozenset(
    {
        Role.STUDENT,
        Role.PRACTICE_EDUCATOR,
        Role.ONSITE_SUPERVISOR,
        Role.TUTOR,
        Role.COORDINATOR,
    }
)


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: str
    hint: str
    roles: frozenset[str] = frozenset()
    default: str = EMAIL
    fixed: bool = False

    def reaches(self, roles: frozenset[str]) -> bool:
        return not self.roles or bool(self.roles & roles)


_KINDS = (
    NotificationKind(
        "days",
        "Placement days",
        "Days logged, confirmed or queried, and answers to queries.",
        frozenset({Role.STUDENT, Role.PRACTICE_EDUCATOR}),
    ),
    NotificationKind(
        "evidence",
        "Capability evidence",
        "Evidence added, commented on or reopened, and progress ratings.",
        frozenset({Role.STUDENT, Role.PRACTICE_EDUCATOR}),
    ),
    NotificationKind(
        "supervision",
        "Supervision",
        "Supervision records to write, sign or amend.",
        _PLACEMENT_PEOPLE,
    ),
    NotificationKind(
        "observations",
        "Direct observations",
        "Observations booked, written up and signed.",
        _PLACEMENT_PEOPLE,
    ),
    NotificationKind(
        "reviews",
        "Agreement, reviews and reports",
        "The practice learning agreement, midpoint review, final report, visits and panel.",
        _PLACEMENT_PEOPLE,
    ),
    NotificationKind(
        "placements",
        "Placement changes",
        "A placement starting, pausing, ending or going ahead as an exception.",
        _PLACEMENT_PEOPLE,
    ),
    NotificationKind(
        "concerns",
        "Causes for concern",
        "Concerns about a placement raised, moved on or resolved.",
        _PLACEMENT_PEOPLE,
    ),
    NotificationKind(
        "casework",
        "Direct work in schools",
        "Requests for support, allocations, direct-work plans and sessions.",
        frozenset({Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.COORDINATOR, Role.SCHOOL_CONTACT}),
    ),
    NotificationKind(
        "assessments",
        "Assessments",
        "Social work assessments you are accountable for, co-work or authorise.",
        frozenset({Role.STUDENT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    ),
    NotificationKind(
        "programmes",
        "Programmes",
        "Referrals, outcome checks and leaders' certificates of POCAR and the Children's Program.",
        frozenset({Role.PROGRAMME_WORKER, Role.COORDINATOR}),
    ),
    NotificationKind(
        "life_story",
        "Life Story Books",
        "Books you work on or review, and photos or messages that arrive for them.",
        frozenset({Role.LIFESTORY_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    ),
    NotificationKind(
        "reminders",
        "Reminders",
        "The daily reminder of work that is due or overdue.",
    ),
    NotificationKind(
        "account",
        "Your account",
        "Invitations accepted, roles ending and data protection requests to answer.",
    ),
    NotificationKind(
        "safeguarding",
        "Safeguarding alerts",
        "Always emailed at once: a child's safety cannot wait.",
        frozenset(
            {
                Role.PRACTICE_EDUCATOR,
                Role.COORDINATOR,
                Role.SCHOOL_CONTACT,
                Role.STUDENT,
            }
        ),
        fixed=True,
    ),
)

KINDS: dict[str, NotificationKind] = {kind.name: kind for kind in _KINDS}


def notification_kind(name: str) -> NotificationKind:
    """The kind called `name`; a name not in the registry is a programming mistake."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(
            f"{name!r} is not a kind of notification (portal.notification_kinds)"
        ) from None


def kinds_for(roles: frozenset[str], received: set[str] | frozenset[str] = frozenset()):
    """The kinds that reach someone holding `roles`, and those they have received."""
    return [kind for kind in _KINDS if kind.reaches(roles) or kind.name in received]
