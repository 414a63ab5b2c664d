"""Which record each form of tests/e2e/edit_forms.py opens, found in the seed_demo data.

Each function returns a Target: the URL kwargs (and query), and the person who
opens the form when that depends on the record (a placement's own practice
educator). Where the demo holds no record in the state a form needs (a draft
supervision record, an unsigned final report), the function makes one through
the services, as the people would, and finds it again on a second call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from portal.audit.context import acting_as

STUDENT = "student@example.org"
EDUCATOR = "educator@example.org"
COORDINATOR = "coordinator@example.org"


@dataclass(frozen=True)
class Target:
    """Where a form is: its URL kwargs (and query string), and who opens it when the
    registry entry leaves that to the record (None: the entry's user)."""

    kwargs: dict = field(default_factory=dict)
    query: str = ""
    user: str | None = None


def _user(email: str):
    from portal.accounts.models import User

    return User.objects.get(email=email)


def _council():
    from portal.accounts.models import Organisation
    from portal.management.commands.seed_demo import ORGANISATIONS

    return Organisation.objects.get(name=ORGANISATIONS["council"][0])


def _school_a():
    from portal.accounts.models import Organisation
    from portal.management.commands.seed_demo import ORGANISATIONS

    return Organisation.objects.get(name=ORGANISATIONS["school_a"][0])


def _sams_placement():
    from placements.models import Placement

    return Placement.objects.get(student__email=STUDENT)


def nothing() -> Target:
    return Target()


# --- accounts and placements --------------------------------------------------------------


def council() -> Target:
    return Target({"pk": _council().pk})


def supervisors_membership() -> Target:
    from portal.accounts.models import Membership

    membership = Membership.objects.get(
        user__email="supervisor@example.org", organisation=_council()
    )
    return Target({"pk": membership.pk})


def sams_placement() -> Target:
    return Target({"pk": _sams_placement().pk})


def proposed_placement() -> Target:
    from placements.models import Placement

    placement = (
        Placement.objects.filter(status=Placement.Status.PROPOSED, practice_educator__isnull=False)
        .order_by("pk")
        .first()
    )
    return Target({"pk": placement.pk})


def sams_unconfirmed_day() -> Target:
    placement = _sams_placement()
    day = placement.days.filter(confirmed_at__isnull=True).order_by("-date").first()
    return Target({"pk": placement.pk, "day_pk": day.pk})


def sams_profile() -> Target:
    return Target({"user_pk": _user(STUDENT).pk})


def educators_profile() -> Target:
    return Target({"user_pk": _user(EDUCATOR).pk})


def offer_with_note() -> Target:
    from placements.models import PlacementOffer

    return Target({"pk": PlacementOffer.objects.exclude(note="").order_by("pk").first().pk})


def ended_placement_to_rate() -> Target:
    from placements.models import Placement
    from placements.services.quality import ended_for_feedback

    placement = (
        ended_for_feedback(Placement.objects.all())
        .filter(quality_feedback_receipt__isnull=True)
        .select_related("student")
        .order_by("pk")
        .first()
    )
    return Target({"pk": placement.pk}, user=placement.student.email)


def commented_evidence() -> Target:
    from placements.models import EvidenceItem
    from placements.services.evidence import EVIDENCE_STATUSES

    item = (
        EvidenceItem.objects.filter(
            commented_at__isnull=False, placement__status__in=EVIDENCE_STATUSES
        )
        .select_related("placement__practice_educator")
        .order_by("pk")
        .first()
    )
    return Target(
        {"pk": item.placement_id, "item_pk": item.pk},
        user=item.placement.practice_educator.email,
    )


def sams_uncommented_evidence() -> Target:
    placement = _sams_placement()
    item = placement.evidence.filter(commented_at__isnull=True).order_by("pk").first()
    return Target({"pk": placement.pk, "item_pk": item.pk})


def rated_placement() -> Target:
    from placements.models import DomainRating
    from placements.services.evidence import EVIDENCE_STATUSES

    rating = (
        DomainRating.objects.filter(placement__status__in=EVIDENCE_STATUSES)
        .select_related("placement__practice_educator")
        .order_by("pk")
        .first()
    )
    return Target({"pk": rating.placement_id}, user=rating.placement.practice_educator.email)


def draft_final_report() -> Target:
    """A final report written but not signed (the demo has none: one is written)."""
    from placements.models import FinalReport, Placement
    from placements.selectors import pcf_domains
    from placements.services.review import DomainAssessment, final_report_save

    status = Placement.Status.MIDPOINT_REVIEWED
    report = FinalReport.objects.filter(placement__status=status).order_by("pk").first()
    if report is not None:
        placement = report.placement
    else:
        placement = Placement.objects.filter(status=status).order_by("pk").first()
        educator = placement.practice_educator
        with acting_as(educator):
            final_report_save(
                placement=placement,
                by=educator,
                summary="Steady progress since the midpoint; analysis is now clearer.",
                recommendation="pass",
                assessments=[
                    DomainAssessment(domain, "meets", "Seen in direct work and recording.")
                    for domain in pcf_domains()
                ],
            )
    return Target({"pk": placement.pk}, user=placement.practice_educator.email)


def _submitted_reports():
    from placements.models import FinalReport, Placement
    from placements.services.review import PE, TUTOR, signed_capacities

    reports = FinalReport.objects.filter(
        placement__status=Placement.Status.FINAL_REPORT_SUBMITTED
    ).select_related("placement__student", "placement__tutor")
    for report in reports.order_by("pk"):
        signed = signed_capacities(report)
        yield report, PE in signed, TUTOR in signed


def report_to_comment_on() -> Target:
    report = next(r for r, pe, tutor in _submitted_reports() if pe and not tutor)
    return Target({"pk": report.placement_id}, user=report.placement.student.email)


def report_for_panel() -> Target:
    report = next(r for r, pe, tutor in _submitted_reports() if pe and tutor)
    return Target({"pk": report.placement_id}, user=report.placement.tutor.email)


# --- casework -------------------------------------------------------------------------------


def _maya():
    from placements.casework.models import Child

    return Child.objects.get(first_name="Maya", last_name="Brooks")


def _mayas_member():
    from placements.casework.models import DirectWorkPlan, PlanChild

    return (
        PlanChild.objects.filter(
            child=_maya(),
            plan__status__in=[DirectWorkPlan.Status.AGREED, DirectWorkPlan.Status.ACTIVE],
        )
        .select_related("plan")
        .get()
    )


def maya() -> Target:
    return Target({"pk": _maya().pk})


def mayas_carer() -> Target:
    child = _maya()
    return Target({"pk": child.pk, "carer_pk": child.carers.order_by("pk").first().pk})


def mayas_allocation() -> Target:
    child = _maya()
    allocation = child.allocations.filter(student__email=STUDENT).get()
    return Target({"pk": child.pk, "allocation_pk": allocation.pk})


def waiting_request() -> Target:
    from placements.casework.models import SupportRequest

    waiting = SupportRequest.objects.filter(status=SupportRequest.Status.SUBMITTED)
    return Target({"pk": waiting.order_by("pk").first().pk})


def child_to_plan() -> Target:
    """The plan form's second step: the first child the co-ordinator may plan for."""
    from placements.casework.selectors.plans import plannable_children

    child = plannable_children(_user(COORDINATOR)).first()
    return Target(query=f"children={child.pk}")


def _draft_plan():
    from placements.casework.models import DirectWorkPlan

    return DirectWorkPlan.objects.filter(status=DirectWorkPlan.Status.DRAFT).order_by("pk").first()


def draft_plan() -> Target:
    return Target({"pk": _draft_plan().pk})


def draft_plan_with_agreements() -> Target:
    """The draft plan with its agreements recorded, so the dates have values to show."""
    from placements.casework.services.plans import plan_agreements_record

    plan = _draft_plan()
    if plan.school_agreed_on is None:
        coordinator = _user(COORDINATOR)
        today = timezone.localdate()
        with acting_as(coordinator):
            plan_agreements_record(
                by=coordinator,
                plan=plan,
                school_agreed_on=today - timedelta(days=1),
                school_agreed_by="Mr Hughes, head of year 7",
                children={
                    member.child_id: {
                        "child_agreed_on": today,
                        "parent_agreed_on": today - timedelta(days=1),
                        "parent_agreed_by": "A parent, by phone",
                    }
                    for member in plan.members.all()
                },
            )
    return Target({"pk": plan.pk})


def session_awaiting_review() -> Target:
    """Notes logged and waiting for the PE (saving returned notes resubmits them: a move)."""
    from placements.casework.models import DirectWorkSession

    session = DirectWorkSession.objects.filter(review=DirectWorkSession.Review.AWAITING)
    return Target({"pk": session.order_by("pk").first().pk})


def mayas_plan_child() -> Target:
    member = _mayas_member()
    return Target({"plan_pk": member.plan_id, "child_pk": member.child_id})


def mayas_measure() -> Target:
    from placements.casework.models import WellbeingMeasure

    return Target({"pk": WellbeingMeasure.objects.filter(child=_maya()).order_by("pk").first().pk})


def mayas_plan_member() -> Target:
    return Target({"pk": _mayas_member().pk})


def mayas_session() -> Target:
    from placements.casework.models import DirectWorkSession

    held = DirectWorkSession.objects.filter(
        plan=_mayas_member().plan, status=DirectWorkSession.Status.HELD
    )
    return Target({"session_pk": held.order_by("number").last().pk})


def safeguarding_concern() -> Target:
    from placements.casework.models import SafeguardingConcern

    return Target({"pk": SafeguardingConcern.objects.order_by("pk").first().pk})


def brookfield() -> Target:
    return Target({"school_pk": _school_a().pk})


def child_to_assess() -> Target:
    from placements.casework.models import Child

    child = Child.objects.filter(held_by=_council(), assessments__isnull=True).order_by("pk")
    return Target(query=f"child={child.first().pk}")


def draft_assessment() -> Target:
    from placements.casework.models import Assessment

    draft = Assessment.objects.filter(status=Assessment.Status.DRAFT).order_by("pk").first()
    return Target({"pk": draft.pk})


# --- supervision ----------------------------------------------------------------------------


def draft_supervision() -> Target:
    """A record being written: the demo has none, so the PE amends Sam's locked one
    (the correction is a draft holding everything the original said)."""
    from supervision.models import SupervisionSession
    from supervision.services.sessions import session_amend

    placement = _sams_placement()
    sessions = SupervisionSession.objects.filter(placement=placement)
    draft = sessions.filter(status=SupervisionSession.Status.DRAFT).order_by("pk").first()
    if draft is None:
        educator = placement.practice_educator
        locked = sessions.filter(locked_at__isnull=False, amendment__isnull=True)
        with acting_as(educator):
            draft = session_amend(
                session=locked.order_by("date").first(),
                by=educator,
                reason="The actions agreed were recorded against the wrong week.",
            )
    return Target({"pk": draft.pk})


def supervision_awaiting_sam() -> Target:
    """Sam's record waiting for the reflection, with the reflection written."""
    from supervision.models import SupervisionSession
    from supervision.seed import REFLECTION
    from supervision.services.sessions import session_reflect

    session = SupervisionSession.objects.get(
        placement=_sams_placement(), status=SupervisionSession.Status.AWAITING_STUDENT
    )
    if not session.student_reflection:
        student = _user(STUDENT)
        with acting_as(student):
            session_reflect(session=session, by=student, reflection=REFLECTION)
    return Target({"pk": session.pk})


def supervision_to_move() -> Target:
    from supervision.models import SupervisionSession

    booked = SupervisionSession.objects.filter(
        placement=_sams_placement(), status=SupervisionSession.Status.SCHEDULED
    )
    return Target({"pk": booked.order_by("date").first().pk, "name": "move"})


def planned_observation() -> Target:
    from supervision.models import Observation

    planned = Observation.objects.filter(
        placement=_sams_placement(), status=Observation.Status.PLANNED
    )
    return Target({"pk": planned.order_by("pk").first().pk})


def _amend_observation(reason: str):
    """A correction of the first locked observation not yet amended (by its observer)."""
    from supervision.models import Observation
    from supervision.services.observations import observation_amend

    original = (
        Observation.objects.filter(locked_at__isnull=False, amendment__isnull=True)
        .select_related("observer")
        .order_by("pk")
        .first()
    )
    with acting_as(original.observer):
        return observation_amend(observation=original, by=original.observer, reason=reason)


def draft_observation() -> Target:
    """Feedback being written: an amendment of a locked observation (the demo has none)."""
    from supervision.models import Observation

    draft = (
        Observation.objects.filter(status=Observation.Status.DRAFT, amends__isnull=False)
        .order_by("pk")
        .first()
    ) or _amend_observation("The setting was recorded wrongly.")
    return Target({"pk": draft.pk}, user=draft.observer.email)


def observation_awaiting_student() -> Target:
    """An observation sent to the student, with their reflection (an amendment sent back)."""
    from supervision.models import Observation
    from supervision.services.observations import observation_reflect, observation_step

    waiting = (
        Observation.objects.filter(status=Observation.Status.AWAITING_STUDENT)
        .select_related("placement__student")
        .order_by("pk")
        .first()
    )
    if waiting is None:
        draft = _amend_observation("A domain's feedback was attached to the wrong domain.")
        with acting_as(draft.observer):
            waiting = observation_step(observation=draft, by=draft.observer, name="send_to_student")
        student = draft.placement.student
        if not waiting.student_reflection:
            with acting_as(student):
                waiting = observation_reflect(
                    observation=waiting, by=student, reflection="I would close more slowly."
                )
    return Target({"pk": waiting.pk}, user=waiting.placement.student.email)
