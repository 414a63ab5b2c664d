"""The one transition table for a placement's status.

    draft → proposed → confirmed → active ⇄ suspended
    active → midpoint reviewed → final report submitted → passed / failed
    any live status → ended early (with a reason)

Each move names who may take it (a `rules` permission,
`placements.transition_placement_<name>`, registered below from the predicates
in placements/rules.py) and the checks that must pass first. The shape is
portal.transitions.Transition; placements.services.lifecycle.placement_transition
applies a move through the one engine, portal.transitions.apply_transition;
pages and API routes read this table to know which moves to offer.

Four moves follow from a record rather than a button (`recorded_by`): the
midpoint review, the practice educator signing the final report, and the
panel ratifying a pass or a fail. Only the services in
placements/services/review.py take them, passing the record, so the status,
its history row and the notifications come once, with the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import rules

from portal.dates import long_date
from portal.transitions import Transition

from . import rules as policy
from .contrast import check_contrasting_settings, check_setting_described
from .models import (
    EducatorProfile,
    FinalReport,
    MidpointReview,
    PanelDecision,
    Placement,
    StudentProfile,
)

Status = Placement.Status

# A DBS check counts for a placement that starts within this many years of it.
DBS_VALID_YEARS = 3
# PEPS stage 2 is needed to assess a final placement (DOMAIN.md).
FINAL_PLACEMENT_PEPS_STAGE = 2

Check = Callable[[Placement], list[str]]


@dataclass(frozen=True)
class RecordedBy:
    """The record whose writing takes a move: a review, a signed report, a panel decision.

    Such a move is applied only by the service that writes the record (it passes
    the record to placement_transition), in the same transaction, so the status
    never says more than the records show. Pages offer the record's form instead
    of a button that moves the status alone.
    """

    record: str  # what is recorded, in a sentence: "the midpoint review"
    model: type  # the record passed to placement_transition must be one of these
    form_url: str  # URL name (taking the placement's pk) of the page that records it
    button: str  # the placement page's button to that page
    page_url: str  # URL name of the page showing the record: notifications link to it
    tell: str  # added to the notification of the move

    def records(self, record, placement: Placement) -> bool:
        """Whether `record` is such a record, of `placement` (the engine asks)."""
        return isinstance(record, self.model) and record.placement_id == placement.pk


# --- Checks before a move ----------------------------------------------------------
# Each returns every problem it finds (an empty list when all is well), so one
# refusal lists them all.


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _dbs_problem(who: str, checked_on: date | None, starts_on: date) -> str | None:
    if checked_on is None:
        return f"{who} has no DBS check recorded."
    if checked_on < _years_before(starts_on, DBS_VALID_YEARS):
        return (
            f"{who}'s DBS check ({long_date(checked_on)}) is more than {DBS_VALID_YEARS} years "
            f"before the placement starts ({long_date(starts_on)})."
        )
    return None


def check_student_dbs(placement: Placement) -> list[str]:
    profile = StudentProfile.objects.filter(user_id=placement.student_id).first()
    if profile is None:
        return [f"{placement.student} has no student profile, so no DBS check is recorded."]
    problem = _dbs_problem(str(placement.student), profile.dbs_checked_on, placement.starts_on)
    return [problem] if problem else []


def check_educator(placement: Placement) -> list[str]:
    """A practice educator is assigned, in date, qualified for the level and has room."""
    educator = placement.practice_educator
    if educator is None:
        return ["Assign a practice educator before the placement is confirmed."]
    profile = EducatorProfile.objects.filter(user_id=educator.pk).first()
    if profile is None:
        return [f"{educator} has no practice educator profile (registration, PEPS stage, DBS)."]
    problems = []
    problem = _dbs_problem(str(educator), profile.dbs_checked_on, placement.starts_on)
    if problem:
        problems.append(problem)
    if placement.level == Placement.Level.FINAL and profile.peps_stage < FINAL_PLACEMENT_PEPS_STAGE:
        problems.append(
            f"A final placement needs a practice educator at PEPS stage "
            f"{FINAL_PLACEMENT_PEPS_STAGE}; {educator} is at stage {profile.peps_stage}."
        )
    # "Most students at once": live placements of theirs that overlap these dates.
    others = (
        Placement.objects.filter(
            practice_educator_id=educator.pk,
            status__in=Placement.LIVE_STATUSES,
            starts_on__lt=placement.ends_on,
            ends_on__gt=placement.starts_on,
        )
        .exclude(pk=placement.pk)
        .count()
    )
    if others >= profile.max_students:
        problems.append(
            f"{educator} has no room: they already educate {others} "
            f"student{'s' if others != 1 else ''} during these dates, and their most at once "
            f"is {profile.max_students}."
        )
    return problems


def check_no_overlapping_placement(placement: Placement) -> list[str]:
    clash = (
        Placement.objects.filter(
            student_id=placement.student_id,
            status__in=Placement.LIVE_STATUSES,
            starts_on__lt=placement.ends_on,
            ends_on__gt=placement.starts_on,
        )
        .exclude(pk=placement.pk)
        .select_related("host")
        .first()
    )
    if clash is None:
        return []
    return [
        f"{placement.student} already has a placement at {clash.host} from "
        f"{long_date(clash.starts_on)} to {long_date(clash.ends_on)} "
        f"({clash.get_status_display().lower()}), which overlaps these dates."
    ]


# Proposing: the setting is described, and it contrasts with the student's other
# placement, one of them offering statutory tasks (placements/contrast.py).
PROPOSE_CHECKS: tuple[Check, ...] = (check_setting_described, check_contrasting_settings)

CONFIRM_CHECKS: tuple[Check, ...] = (
    check_student_dbs,
    check_educator,
    check_no_overlapping_placement,
)

# --- Who ------------------------------------------------------------------------

COORDINATOR_OR_ADMIN = policy.coordinates_placement | policy.is_portal_admin
COORDINATOR_OR_ADMIN_TEXT = (
    "a placement co-ordinator of the host organisation or the university, or an administrator"
)

# --- The table ------------------------------------------------------------------

# Passing and failing are both the practice assessment panel ratifying the report's
# recommendation: the same people record it, with the same record.
PANEL_RECORDERS = policy.tutors_placement | policy.coordinates_placement_university
PANEL_RECORDERS_TEXT = "the student's university tutor or a co-ordinator of the university"
PANEL_DECISION = RecordedBy(
    record="the practice assessment panel's decision",
    model=PanelDecision,
    form_url="placements:panel_decision_record",
    button="Record panel decision",
    page_url="placements:panel_decisions",
    tell="The practice assessment panel ratified the practice educator's recommendation.",
)

TRANSITIONS: dict[str, Transition] = {
    # Pages and the service check each move as a `rules` permission (registered below).
    t.name: replace(t, permission=f"placements.transition_placement_{t.name}")
    for t in (
        Transition(
            name="propose",
            done_message="You proposed the placement. The people named on it are told.",
            label="Propose placement",
            sources=frozenset({Status.DRAFT}),
            target=Status.PROPOSED,
            who=COORDINATOR_OR_ADMIN,
            who_text=COORDINATOR_OR_ADMIN_TEXT,
            done="proposed",
            explanation="The people named on the placement are told about it. Its details "
            "can still be changed until it is confirmed.",
            checks=PROPOSE_CHECKS,
        ),
        Transition(
            name="confirm",
            done_message="You confirmed the placement. Its details can no longer be changed.",
            label="Confirm placement",
            sources=frozenset({Status.PROPOSED}),
            target=Status.CONFIRMED,
            who=COORDINATOR_OR_ADMIN,
            who_text=COORDINATOR_OR_ADMIN_TEXT,
            done="confirmed",
            explanation="The placement is agreed and its details can no longer be changed.",
            checks=CONFIRM_CHECKS,
        ),
        Transition(
            name="start",
            done_message="You started the placement.",
            label="Start placement",
            sources=frozenset({Status.CONFIRMED}),
            target=Status.ACTIVE,
            who=COORDINATOR_OR_ADMIN | policy.educates_placement,
            who_text=f"the practice educator, {COORDINATOR_OR_ADMIN_TEXT}",
            done="started",
            explanation="The placement is under way: the student records days and supervision.",
        ),
        Transition(
            name="suspend",
            done_message="You suspended the placement. It can be resumed or ended early.",
            label="Suspend placement",
            sources=frozenset({Status.ACTIVE}),
            target=Status.SUSPENDED,
            who=policy.coordinates_placement | policy.tutors_placement,
            who_text="a placement co-ordinator or the student's university tutor",
            done="suspended",
            explanation="The placement is paused, for example while a cause for concern is "
            "looked into. It can be resumed or ended early.",
        ),
        Transition(
            name="resume",
            done_message="You resumed the placement.",
            label="Resume placement",
            sources=frozenset({Status.SUSPENDED}),
            target=Status.ACTIVE,
            who=policy.coordinates_placement | policy.tutors_placement,
            who_text="a placement co-ordinator or the student's university tutor",
            done="resumed",
            explanation="The placement is under way again.",
        ),
        Transition(
            name="review_midpoint",
            done_message="You recorded the midpoint review.",
            label="Record midpoint review",
            sources=frozenset({Status.ACTIVE}),
            target=Status.MIDPOINT_REVIEWED,
            who=policy.educates_placement,
            who_text="the practice educator",
            done="marked as midpoint reviewed",
            explanation="The practice educator records the midpoint review: who attended, "
            "progress in each PCF domain, satisfactory or concerns, and the action plan. "
            "Recording it moves the placement on.",
            recorded_by=RecordedBy(
                record="the midpoint review",
                model=MidpointReview,
                form_url="placements:midpoint_review_record",
                button="Record midpoint review",
                page_url="placements:midpoint_review",
                tell="Read the review and its action plan.",
            ),
        ),
        Transition(
            name="submit_final_report",
            done_message="You signed and submitted the final report.",
            label="Submit the final report",
            sources=frozenset({Status.MIDPOINT_REVIEWED}),
            target=Status.FINAL_REPORT_SUBMITTED,
            who=policy.educates_placement,
            who_text="the practice educator",
            done="marked as final report submitted",
            explanation="The practice educator writes the final report and signs it; signing "
            "submits it. The student adds a comment, the university tutor countersigns, and "
            "the university's practice assessment panel decides.",
            recorded_by=RecordedBy(
                record="the final report, signed by the practice educator",
                model=FinalReport,
                form_url="placements:final_report",
                button="Final report",
                page_url="placements:final_report",
                tell="The student can now add a comment to the report, and the university "
                "tutor countersigns it for the practice assessment panel.",
            ),
        ),
        Transition(
            name="pass",
            done_message="You recorded the panel's decision: the student passed the placement.",
            label="Record pass",
            sources=frozenset({Status.FINAL_REPORT_SUBMITTED}),
            target=Status.PASSED,
            who=PANEL_RECORDERS,
            who_text=PANEL_RECORDERS_TEXT,
            done="passed",
            explanation="The practice assessment panel ratified a pass recommendation. This is "
            "the placement's final status.",
            recorded_by=PANEL_DECISION,
        ),
        Transition(
            name="fail",
            done_message="You recorded the panel's decision: the student failed the placement.",
            label="Record fail",
            sources=frozenset({Status.FINAL_REPORT_SUBMITTED}),
            target=Status.FAILED,
            who=PANEL_RECORDERS,
            who_text=PANEL_RECORDERS_TEXT,
            done="failed",
            explanation="The practice assessment panel ratified a fail recommendation. This is "
            "the placement's final status.",
            warning=True,
            recorded_by=PANEL_DECISION,
        ),
        Transition(
            name="end_early",
            done_message="You ended the placement early. Your reason is kept with it.",
            label="End placement early",
            sources=frozenset(Placement.LIVE_STATUSES),
            target=Status.ENDED_EARLY,
            who=COORDINATOR_OR_ADMIN,
            who_text=COORDINATOR_OR_ADMIN_TEXT,
            done="ended early",
            explanation="The placement stops now and cannot be restarted. The reason is kept "
            "with the placement and shown to the people on it.",
            needs_reason=True,
            warning=True,
        ),
    )
}

for _transition in TRANSITIONS.values():
    rules.add_perm(_transition.permission, _transition.who)


def transitions_from(status: str) -> list[Transition]:
    """The moves the table allows from `status`, in table order."""
    return [t for t in TRANSITIONS.values() if t.allowed_from(status)]


# How each status reads at the start of a sentence ("A suspended placement ...").
STATUS_PHRASE = {
    Status.DRAFT: "A draft placement",
    Status.PROPOSED: "A proposed placement",
    Status.CONFIRMED: "A confirmed placement",
    Status.ACTIVE: "An active placement",
    Status.SUSPENDED: "A suspended placement",
    Status.MIDPOINT_REVIEWED: "A placement past its midpoint review",
    Status.FINAL_REPORT_SUBMITTED: "A placement whose final report is submitted",
    Status.PASSED: "A passed placement",
    Status.FAILED: "A failed placement",
    Status.ENDED_EARLY: "A placement that ended early",
}


def refusal_message(transition: Transition, status: str) -> str:
    """'A suspended placement cannot be confirmed.'"""
    return f"{STATUS_PHRASE.get(status, 'This placement')} cannot be {transition.done}."
