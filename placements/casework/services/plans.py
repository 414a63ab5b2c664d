"""Writes to direct-work plans: drafting and recording agreements. The one
function that changes a plan's status is services.plan_status.plan_transition.

Every write checks scope (Http404), who is acting (PermissionDenied), validates
every field with a message naming it (ValidationError) and changes nothing
when refused. History rows carry the acting user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission
from portal.services import notifications_done_for

from ..models import Child, DirectWorkPlan, PlanChild, PlanGoal, SupportRequest, Theme
from ..models.plans import MAX_PLANNED_SESSIONS
from ..rules.plans import does_work_with, leads_work_with
from ..selectors.terms import school_calendar

MAX_GOALS_PER_CHILD = 10
MIN_MINUTES, MAX_MINUTES = 10, 180
GOAL_LENGTH = PlanGoal._meta.get_field("text").max_length
PLACE_LENGTH = DirectWorkPlan._meta.get_field("place_in_school").max_length


def references(children: Iterable[Child]) -> str:
    """Children by reference only (notification titles and email bodies)."""
    return ", ".join(child.reference for child in children)


def _pk(value) -> int | None:
    if isinstance(value, Child | Theme):
        return value.pk
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- validating a plan's fields ------------------------------------------------------


def _clean_goals(children: list[Child], goals: Mapping, errors: dict) -> dict[int, list[str]]:
    by_child = {_pk(key): value for key, value in (goals or {}).items()}
    unknown = set(by_child) - {child.pk for child in children}
    if unknown:
        errors.setdefault("goals", []).append("Goals were given for a child not on the plan.")
    cleaned: dict[int, list[str]] = {}
    for child in children:
        texts = by_child.get(child.pk) or []
        if isinstance(texts, str):
            texts = texts.splitlines()
        texts = [text.strip() for text in texts if text and text.strip()]
        field = f"goals_{child.pk}"
        if not texts:
            errors[field] = [f"Write at least one goal for {child}, in the child's own words."]
        elif len(texts) > MAX_GOALS_PER_CHILD:
            errors[field] = [f"Give {child} no more than {MAX_GOALS_PER_CHILD} goals."]
        elif any(len(text) > GOAL_LENGTH for text in texts):
            errors[field] = [f"Each goal must be {GOAL_LENGTH} characters or fewer."]
        cleaned[child.pk] = texts
    return cleaned


def _clean_themes(themes, errors: dict, *, keep: Iterable[Theme] = ()) -> list[Theme]:
    ids = {_pk(theme) for theme in (themes or [])}
    if not ids:
        errors["themes"] = ["Choose at least one theme for the work."]
        return []
    kept = {theme.pk for theme in keep}
    found = list(Theme.objects.filter(pk__in=ids).order_by("position", "name"))
    offered = [theme for theme in found if theme.is_active or theme.pk in kept]
    if None in ids or len(offered) != len(ids):
        errors["themes"] = ["Choose themes from the list."]
    return offered


def _clean_schedule(
    planned_sessions,
    first_session_on,
    session_time,
    session_minutes,
    place_in_school,
    errors: dict,
) -> dict:
    try:
        planned_sessions = int(planned_sessions)
    except (TypeError, ValueError):
        planned_sessions = None
    if planned_sessions is None or not 1 <= planned_sessions <= MAX_PLANNED_SESSIONS:
        errors["planned_sessions"] = [
            f"Enter a number of sessions from 1 to {MAX_PLANNED_SESSIONS}."
        ]
    if not isinstance(first_session_on, date):
        errors["first_session_on"] = ["Enter the date of the first session."]
    elif first_session_on.weekday() >= 5:
        errors["first_session_on"] = [
            f"The first session must be on a school day: {long_date(first_session_on)} is a "
            f"{first_session_on:%A}."
        ]
    if not isinstance(session_time, time):
        errors["session_time"] = ["Enter the time of day the sessions start, for example 10:00."]
    try:
        session_minutes = int(session_minutes)
    except (TypeError, ValueError):
        session_minutes = None
    if session_minutes is None or not MIN_MINUTES <= session_minutes <= MAX_MINUTES:
        errors["session_minutes"] = [
            f"Enter the length of a session in minutes, from {MIN_MINUTES} to {MAX_MINUTES}."
        ]
    place_in_school = (place_in_school or "").strip()
    if len(place_in_school) > PLACE_LENGTH:
        errors["place_in_school"] = [f"Where in school must be {PLACE_LENGTH} characters or fewer."]
    return {
        "planned_sessions": planned_sessions,
        "first_session_on": first_session_on,
        "session_time": session_time,
        "session_minutes": session_minutes,
        "place_in_school": place_in_school,
    }


def _check_school_open(school, first_session_on, errors: dict) -> None:
    """The first session must be on a day the school is open to the work (its term
    dates, selectors.terms); the later ones skip the closed weeks when generated."""
    if school is None or not isinstance(first_session_on, date) or "first_session_on" in errors:
        return
    closed = school_calendar(school).why_closed(first_session_on)
    if closed:
        errors["first_session_on"] = [f"Choose a day in term: {closed}"]


def _save_goals(member: PlanChild, texts: list[str]) -> None:
    existing = list(member.goals.order_by("position", "pk"))
    for position, text in enumerate(texts):
        if position < len(existing):
            goal = existing[position]
            if goal.text != text or goal.position != position:
                goal.text, goal.position = text, position
                goal.save(update_fields=["text", "position"])
        else:
            PlanGoal.objects.create(member=member, text=text, position=position)
    for goal in existing[len(texts) :]:
        goal.delete()


# --- drafting a plan -----------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    by: User,
    children: Iterable[Child | int],
    goals: Mapping,
    themes: Iterable[Theme | int],
    first_session_on: date | None,
    planned_sessions: int = 6,
    session_time: time | None = time(10, 0),
    session_minutes: int = 45,
    place_in_school: str = "",
    support_request: SupportRequest | None = None,
) -> DirectWorkPlan:
    """Draft a plan for one child (one-to-one) or several children of one school (group).

    `goals` maps each child (or child id) to their goals, in the child's words
    (a list, or one goal a line). Who: a co-ordinator of the organisation
    holding every child's record, the practice educator overseeing current
    work with every child, or the student with current work with every child.
    """
    ids = list(dict.fromkeys(_pk(child) for child in children))
    if not ids:
        raise ValidationError({"children": "Choose the child or children the plan is for."})
    found = {child.pk: child for child in Child.objects.select_related("school").filter(pk__in=ids)}
    if None in ids or len(found) != len(ids):
        raise Http404("Not found")
    plan_children = [found[pk] for pk in ids]
    for child in plan_children:
        require_object_permission(by, child, scope="casework.view_child")
    if not (leads_work_with(by, ids) or does_work_with(by, ids)):
        raise PermissionDenied(
            "Only a co-ordinator holding the children's records, the practice educator "
            "overseeing current work with each child, or the student on current work with "
            "each child can draft a plan."
        )
    errors: dict[str, list[str]] = {}
    schools = {child.school_id for child in plan_children}
    if len(schools) > 1:
        errors["children"] = ["All the children on a group plan must be at the same school."]
    cleaned_goals = _clean_goals(plan_children, goals, errors)
    chosen_themes = _clean_themes(themes, errors)
    schedule = _clean_schedule(
        planned_sessions, first_session_on, session_time, session_minutes, place_in_school, errors
    )
    if len(schools) == 1:
        _check_school_open(plan_children[0].school, schedule["first_session_on"], errors)
    if support_request is not None and support_request.child_id not in ids:
        errors["support_request"] = ["The request for support is for a child not on the plan."]
    if errors:
        raise ValidationError(errors)
    plan = DirectWorkPlan(
        school=plan_children[0].school,
        support_request=support_request,
        format=(
            DirectWorkPlan.Format.GROUP
            if len(plan_children) > 1
            else DirectWorkPlan.Format.ONE_TO_ONE
        ),
        created_by=by,
        **schedule,
    )
    with acting_as(by):
        plan.save()
        plan.themes.set(chosen_themes)
        for child in plan_children:
            member = PlanChild.objects.create(plan=plan, child=child)
            _save_goals(member, cleaned_goals[child.pk])
    return plan


def locked_plan(plan: DirectWorkPlan) -> DirectWorkPlan:
    """`plan` read again and locked for the rest of the transaction."""
    return (
        DirectWorkPlan.objects.select_for_update(of=("self",))
        .select_related("school", "support_request")
        .get(pk=plan.pk)
    )


def _require_draft_change(by: User, plan: DirectWorkPlan, what: str) -> None:
    require_object_permission(by, plan, scope="casework.view_plan")
    if not by.has_perm("casework.change_plan", plan):
        raise PermissionDenied(
            f"Only the student, the practice educator or a co-ordinator on the work can {what}."
        )
    if plan.status != DirectWorkPlan.Status.DRAFT:
        raise ValidationError(
            f"The plan is {plan.get_status_display().lower()}: only a draft plan can be changed."
        )


@transaction.atomic
def plan_update(
    *,
    by: User,
    plan: DirectWorkPlan,
    goals: Mapping,
    themes: Iterable[Theme | int],
    first_session_on: date | None,
    planned_sessions: int,
    session_time: time | None,
    session_minutes: int,
    place_in_school: str = "",
) -> DirectWorkPlan:
    """Change a draft plan: goals, themes and when and where the sessions happen."""
    plan = locked_plan(plan)
    _require_draft_change(by, plan, "change the plan")
    members = list(plan.members.select_related("child").order_by("pk"))
    errors: dict[str, list[str]] = {}
    cleaned_goals = _clean_goals([m.child for m in members], goals, errors)
    chosen_themes = _clean_themes(themes, errors, keep=plan.themes.all())
    schedule = _clean_schedule(
        planned_sessions, first_session_on, session_time, session_minutes, place_in_school, errors
    )
    if first_session_on != plan.first_session_on:  # a date already planned is not re-judged
        _check_school_open(plan.school, first_session_on, errors)
    if errors:
        raise ValidationError(errors)
    for name, value in schedule.items():
        setattr(plan, name, value)
    with acting_as(by):
        plan.save()
        plan.themes.set(chosen_themes)
        for member in members:
            _save_goals(member, cleaned_goals[member.child_id])
    return plan


def _agreement_date(value, field: str, earliest: date | None, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        errors[field] = ["Enter a real date."]
        return None
    if value > timezone.localdate():
        errors[field] = [f"{long_date(value)} is in the future: record an agreement once given."]
    elif earliest and value < earliest:
        errors[field] = [
            f"The date cannot be before the request for support ({long_date(earliest)})."
        ]
    return value


@transaction.atomic
def plan_school_agree(*, by: User, plan: DirectWorkPlan) -> DirectWorkPlan:
    """A contact of the plan's school agrees to the draft plan for the school, today:
    the school's agreement is recorded as given by them (issue 22, "plans to agree").
    The children's and parents' agreements are still recorded by the people on the work."""
    plan = locked_plan(plan)
    require_object_permission(by, plan, scope="casework.view_plan")
    if not by.has_perm("casework.agree_plan_for_school", plan):
        raise PermissionDenied("Only a contact of the plan's school can agree for the school.")
    if plan.status != DirectWorkPlan.Status.DRAFT:
        raise ValidationError(
            f"The plan is {plan.get_status_display().lower()}: the school agrees to a draft plan."
        )
    if plan.school_agreed_on:
        raise ValidationError(
            f"{plan.school_agreed_by} already agreed for the school on "
            f"{long_date(plan.school_agreed_on)}."
        )
    with acting_as(by):
        plan.school_agreed_on = timezone.localdate()
        plan.school_agreed_by = (by.name or by.email)[:150]
        plan.save(update_fields=["school_agreed_on", "school_agreed_by"])
    notifications_done_for(user=by, url=reverse("casework:plan_detail", args=[plan.pk]))
    return plan


@transaction.atomic
def plan_agreements_record(
    *,
    by: User,
    plan: DirectWorkPlan,
    school_agreed_on: date | None = None,
    school_agreed_by: str = "",
    children: Mapping | None = None,
) -> DirectWorkPlan:
    """Record who agreed to a draft plan and when: the school (date and who), each child
    (date) and a parent of each child (date and who).

    `children` maps each child (or child id) on the plan to a dict with
    `child_agreed_on`, `parent_agreed_on` and `parent_agreed_by`. Blank values
    leave an agreement unrecorded; dates cannot be in the future nor before the
    request for support.
    """
    plan = locked_plan(plan)
    _require_draft_change(by, plan, "record agreements")
    earliest = (
        timezone.localdate(plan.support_request.submitted_at) if plan.support_request else None
    )
    errors: dict[str, list[str]] = {}
    school_on = _agreement_date(school_agreed_on, "school_agreed_on", earliest, errors)
    school_by = (school_agreed_by or "").strip()
    if school_on and not school_by:
        errors["school_agreed_by"] = ["Enter who agreed for the school."]
    members = {m.child_id: m for m in plan.members.select_for_update().select_related("child")}
    given = {_pk(key): value or {} for key, value in (children or {}).items()}
    if set(given) - set(members):
        errors.setdefault("__all__", []).append(
            "Agreements were given for a child not on the plan."
        )
    updates = {}
    for child_id, member in members.items():
        values = given.get(child_id, {})
        child_on = _agreement_date(
            values.get("child_agreed_on"), f"child_agreed_on_{child_id}", earliest, errors
        )
        parent_on = _agreement_date(
            values.get("parent_agreed_on"), f"parent_agreed_on_{child_id}", earliest, errors
        )
        parent_by = (values.get("parent_agreed_by") or "").strip()
        if parent_on and not parent_by:
            errors[f"parent_agreed_by_{child_id}"] = [
                f"Enter which parent of {member.child} agreed."
            ]
        if len(parent_by) > 150 or len(school_by) > 150:
            errors[f"parent_agreed_by_{child_id}"] = ["The name must be 150 characters or fewer."]
        updates[child_id] = (child_on, parent_on, parent_by)
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        plan.school_agreed_on, plan.school_agreed_by = school_on, school_by
        plan.save(update_fields=["school_agreed_on", "school_agreed_by"])
        for child_id, (child_on, parent_on, parent_by) in updates.items():
            member = members[child_id]
            current = (member.child_agreed_on, member.parent_agreed_on, member.parent_agreed_by)
            if current != (child_on, parent_on, parent_by):
                member.child_agreed_on, member.parent_agreed_on = child_on, parent_on
                member.parent_agreed_by = parent_by
                member.save(
                    update_fields=["child_agreed_on", "parent_agreed_on", "parent_agreed_by"]
                )
    return plan
