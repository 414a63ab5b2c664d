"""Targets of the casework forms (children, requests, plans, sessions, assessments)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from portal.audit.context import acting_as

from .common import COORDINATOR, STUDENT, Target, council_org, school_a, user


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

    child = plannable_children(user(COORDINATOR)).first()
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
        coordinator = user(COORDINATOR)
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
    return Target({"school_pk": school_a().pk})


def child_to_assess() -> Target:
    from placements.casework.models import Child

    child = Child.objects.filter(held_by=council_org(), assessments__isnull=True).order_by("pk")
    return Target(query=f"child={child.first().pk}")


def draft_assessment() -> Target:
    from placements.casework.models import Assessment

    draft = (
        Assessment.objects.filter(
            status=Assessment.Status.DRAFT, kind=Assessment.Kind.CHILD_AND_FAMILY
        )
        .order_by("pk")
        .first()
    )
    return Target({"pk": draft.pk})


def draft_enquiry() -> Target:
    """The demo's child protection enquiry (section 47): its strategy discussion date."""
    from placements.casework.models import Assessment

    enquiry = Assessment.objects.filter(
        status=Assessment.Status.DRAFT, kind=Assessment.Kind.SECTION_47
    ).first()
    return Target({"pk": enquiry.pk})


def school_a_terms() -> Target:
    """Brookfield's term dates (seeded for 2026-27): adding a term."""
    return Target({"school_pk": school_a().pk})


def school_a_term() -> Target:
    from placements.casework.models import SchoolTerm

    term = SchoolTerm.objects.filter(school=school_a()).order_by("starts_on").first()
    return Target({"school_pk": term.school_id, "term_pk": term.pk})


def sams_planned_session() -> Target:
    """A session of Maya's plan not logged yet: Sam may move it."""
    from placements.casework.models import DirectWorkSession

    plan = _mayas_member().plan
    session = DirectWorkSession.objects.filter(
        plan=plan,
        status=DirectWorkSession.Status.PLANNED,
        review=DirectWorkSession.Review.NOT_LOGGED,
    )
    return Target({"pk": session.order_by("number").last().pk})
