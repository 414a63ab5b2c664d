"""The contrasting-settings rule (issue 16, requirement 1).

A student's two placements must be in contrasting settings (a different kind of
setting or a different service user group), and at least one of them must offer
statutory tasks (DOMAIN.md "Practice learning": Social Work England's standards
for social work education, as the universities apply them).

The rule is checked when a placement is proposed (the "propose" move of
placements/transitions.py) and when a proposed placement's setting changes
(placements.services.lifecycle.placement_update). It weighs the placement
against the student's *other counting placements*: those proposed, under way or
passed. A placement that ended early or failed is left out, because the
student's replacement placement takes its place and is weighed instead; a
draft is left out until it is proposed, when it is weighed in turn. So a first
placement proposed on its own is never refused by the rule, and whichever of the
two is proposed second is checked against the other.

A co-ordinator may let a placement go ahead although it breaks the rule, with a
recorded reason (placements.services.contrast.placement_contrast_override); the
reason is shown on the placement's page and in the university's export.
"""

from __future__ import annotations

from portal.dates import long_date

from .models import Placement

# Statuses of a placement that counts towards the student's degree.
COUNTING_STATUSES = frozenset(Placement.LIVE_STATUSES | {Placement.Status.PASSED})

RULE_SOURCE = "Social Work England's education standards, as the university applies them"
CONTRAST_RULE = (
    "The two placements must be in contrasting settings, with a different kind of setting "
    f"or a different service user group ({RULE_SOURCE})"
)
STATUTORY_RULE = (
    f"At least one of the student's placements must offer statutory tasks ({RULE_SOURCE})"
)
NOT_DESCRIBED = (
    "Record the kind of setting and the service user group before the placement is proposed."
)
OVERRIDE_HINT = (
    "A placement co-ordinator can let the placement go ahead anyway by recording the reason "
    "on the placement's page; the university tutor sees it."
)


def other_counting_placements(placement: Placement) -> list[Placement]:
    """The student's other placements that the rule weighs `placement` against."""
    return list(
        Placement.objects.filter(student_id=placement.student_id, status__in=COUNTING_STATUSES)
        .exclude(pk=placement.pk)
        .select_related("host")
        .order_by("starts_on", "pk")
    )


def _which(other: Placement) -> str:
    return (
        f"the {other.get_level_display().lower()} at {other.host}, {other.team} "
        f"({long_date(other.starts_on)} to {long_date(other.ends_on)})"
    )


def contrast_problems(placement: Placement, others: list[Placement] | None = None) -> list[str]:
    """How `placement` breaks the rule, whatever override is recorded (empty when it
    keeps it, or when there is no other counting placement to weigh it against).

    A placement whose own setting is not described is left to NOT_DESCRIBED."""
    if not placement.setting_described:
        return []
    if others is None:
        others = other_counting_placements(placement)
    if not others:
        return []
    problems = []
    for other in others:
        if not other.setting_described:
            problems.append(
                f"{CONTRAST_RULE}. The portal cannot tell whether they do: {_which(other)} "
                "has no kind of setting or service user group recorded."
            )
        elif (
            other.setting_kind == placement.setting_kind
            and other.service_user_group == placement.service_user_group
        ):
            problems.append(
                f"{CONTRAST_RULE}. Neither differs: this placement and {_which(other)} are "
                f"both {placement.get_setting_kind_display().lower()} settings working with "
                f"{placement.get_service_user_group_display().lower()}."
            )
    if not placement.statutory_tasks and not any(other.statutory_tasks for other in others):
        problems.append(
            f"{STATUTORY_RULE}. Neither this placement nor "
            f"{' nor '.join(_which(other) for other in others)} offers them."
        )
    return problems


def check_setting_described(placement: Placement) -> list[str]:
    """A proposed placement says what kind of setting it is (not overridable)."""
    return [] if placement.setting_described else [NOT_DESCRIBED]


def check_contrasting_settings(placement: Placement) -> list[str]:
    """The rule, unless a co-ordinator has recorded a reason to go ahead anyway."""
    if placement.contrast_override_reason:
        return []
    problems = contrast_problems(placement)
    return [*problems, OVERRIDE_HINT] if problems else []
