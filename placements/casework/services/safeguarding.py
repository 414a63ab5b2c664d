"""Writes: safeguarding concerns (issue 6, requirement 6).

A concern is raised from a session by the student or practice educator with
current work with the child. On submit it tells the practice educators
overseeing that work and the school's designated safeguarding lead (DSL) at
once, in the portal and by email; the email names the child by reference only
and never carries what happened. A concern is never edited or deleted
(models.safeguarding refuses): later facts are addenda, and the outcome is
recorded once.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.dates import long_date_time
from portal.permissions import require_object_permission
from portal.services import notify, queue_email

from ..models import (
    Child,
    DirectWorkSession,
    SafeguardingAddendum,
    SafeguardingConcern,
    SchoolProfile,
)
from ..selectors import safeguarding as reads

FUTURE_MESSAGE = "The time it happened must be now or in the past."


def concern_url(concern: SafeguardingConcern) -> str:
    return reverse("casework:concern_detail", args=[concern.pk])


def _text(value: str) -> str:
    return (value or "").strip()


# --- raising a concern -----------------------------------------------------------------


@transaction.atomic
def concern_raise(
    *,
    by: User,
    session: DirectWorkSession,
    child: Child,
    happened_at: datetime | None,
    what_happened: str,
    actions_taken: str,
) -> SafeguardingConcern:
    """Record a safeguarding concern about `child` from `session` and tell the PE(s)
    and the school's designated safeguarding lead at once."""
    require_object_permission(by, session, scope="casework.view_concern_session")
    allowed = {c.pk for c in reads.children_user_may_raise_for(by, session)}
    if not allowed:
        raise PermissionDenied(
            "Only the student or practice educator with current work with a child of this "
            "session can raise a concern from it. Tell your practice educator or the "
            "school's designated safeguarding lead straight away."
        )
    if child is None or child.pk not in allowed:
        raise ValidationError({"child": "Choose the child the concern is about."})
    errors: dict[str, str] = {}
    now = timezone.now()
    if happened_at is None:
        errors["happened_at"] = "Enter the date and time it happened."
    elif happened_at > now:
        errors["happened_at"] = FUTURE_MESSAGE
    concern = SafeguardingConcern(
        session=session,
        child=child,
        happened_at=happened_at,
        what_happened=_text(what_happened),
        actions_taken=_text(actions_taken),
        raised_at=now,
        raised_by=by,
    )
    try:
        concern.full_clean(exclude=["happened_at"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        concern.save()
        _tell_about_new_concern(concern)
    return concern


def _tell_about_new_concern(concern: SafeguardingConcern) -> None:
    child = concern.child
    school = child.school
    title = f"Safeguarding concern raised about child {child.reference}"
    body = (
        f"A safeguarding concern was raised about child {child.reference} at {school.name} "
        f"on {long_date_time(concern.raised_at)}. Open it to read it and act on it now."
    )
    url = concern_url(concern)
    told: set[int] = {concern.raised_by_id}
    for educator in reads.overseeing_educators(child):
        if educator.pk not in told:
            notify(user=educator, title=title, body=body, url=url, email=True, kind="safeguarding")
            told.add(educator.pk)
    profile = reads.school_profile_for(school)
    lead = profile.safeguarding_lead if profile else None
    if lead is not None and lead.is_active and lead.pk not in told:
        notify(user=lead, title=title, body=body, url=url, email=True, kind="safeguarding")
        told.add(lead.pk)
    lead_email = (profile.safeguarding_lead_email or "").strip() if profile else ""
    if lead_email and (lead is None or lead.email.lower() != lead_email.lower()):
        _email_school_lead(concern, profile, lead_email)
    if lead is None and not lead_email:
        # Nobody at the school can be told: the service's co-ordinators must act.
        for coordinator in _coordinators_of(child.held_by):
            if coordinator.pk not in told:
                notify(
                    user=coordinator,
                    title=f"{title}: the school has no safeguarding lead recorded",
                    body=body + f" {school.name} has no designated safeguarding lead recorded: "
                    "tell the school now and record its lead.",
                    url=url,
                    email=True,
                    kind="safeguarding",
                )
                told.add(coordinator.pk)


def _coordinators_of(organisation: Organisation) -> list[User]:
    from portal.accounts.models import Membership

    return list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.current()
            .filter(organisation=organisation, role=Role.COORDINATOR)
            .values("user"),
        )
    )


def _email_school_lead(concern: SafeguardingConcern, profile: SchoolProfile, address: str) -> None:
    """Email the school's DSL address (one without a portal account, or a different
    address from their account's) that a concern was raised. Reference only; it
    goes through the outbox, so a broker outage does not lose it."""
    child = concern.child
    educators = reads.overseeing_educators(child)
    contacts = "\n".join(f"- {e.name or e.email}, practice educator: {e.email}" for e in educators)
    greeting = f"Dear {profile.safeguarding_lead_name}," if profile.safeguarding_lead_name else ""
    lines = [
        greeting,
        f"A safeguarding concern was raised about child {child.reference} at "
        f"{child.school.name} on {long_date_time(concern.raised_at)}.",
        f"Read it in the practice portal: {settings.WAGTAILADMIN_BASE_URL}{concern_url(concern)}",
        "If you do not have a portal account, contact the practice educator now:\n" + contacts
        if contacts
        else "",
    ]
    queue_email(
        to=address,
        subject=f"[Practice portal] Safeguarding concern raised about child {child.reference}",
        message="\n\n".join(line for line in lines if line),
    )


# --- adding to a concern, and its outcome ----------------------------------------------


@transaction.atomic
def concern_add_addendum(
    *, by: User, concern: SafeguardingConcern, text: str
) -> SafeguardingAddendum:
    """Add to a concern (the concern itself never changes)."""
    require_object_permission(by, concern, scope="casework.view_concern")
    if not by.has_perm("casework.add_concern_addendum", concern):
        raise PermissionDenied(
            "Only the person who raised the concern, the practice educator, the school's "
            "designated safeguarding lead or the service's co-ordinators can add to it."
        )
    addendum = SafeguardingAddendum(
        concern=concern, text=_text(text), added_at=timezone.now(), added_by=by
    )
    addendum.full_clean()
    with acting_as(by):
        addendum.save()
    return addendum


@transaction.atomic
def concern_record_outcome(
    *, by: User, concern: SafeguardingConcern, outcome: str
) -> SafeguardingConcern:
    """Record the outcome of a concern, once. The concern leaves the top of the
    child's page."""
    require_object_permission(by, concern, scope="casework.view_concern")
    if not by.has_perm("casework.record_concern_outcome", concern):
        raise PermissionDenied(
            "Only the practice educator overseeing the work with the child, or a co-ordinator "
            "of the service holding the child's record, can record the outcome."
        )
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    if not concern.is_open:
        raise ValidationError(
            {"outcome": "The outcome is already recorded. Add an addendum with anything new."}
        )
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError({"outcome": "Write the outcome: what was decided and done."})
    concern.outcome = outcome
    concern.outcome_recorded_at = timezone.now()
    concern.outcome_recorded_by = by
    with acting_as(by):
        concern.save()
        child = concern.child
        for person in {concern.raised_by, *_lead_users(child)}:
            if person.pk != by.pk and person.is_active:
                notify(
                    user=person,
                    title=f"Outcome recorded for the safeguarding concern about child "
                    f"{child.reference}",
                    body="The outcome of the concern raised on "
                    f"{long_date_time(concern.raised_at)} is recorded.",
                    url=concern_url(concern),
                    email=True,
                    kind="safeguarding",
                )
    return concern


def _lead_users(child: Child) -> list[User]:
    profile = reads.school_profile_for(child.school)
    return [profile.safeguarding_lead] if profile and profile.safeguarding_lead else []


# --- a school's designated safeguarding lead -------------------------------------------


@transaction.atomic
def school_safeguarding_lead_set(
    *,
    by: User,
    school: Organisation,
    lead: User | None = None,
    lead_name: str = "",
    lead_email: str = "",
) -> SchoolProfile:
    """Record who a partner school's designated safeguarding lead is."""
    if not by.is_authenticated or not by.has_perm("casework.set_school_lead", school):
        if by.is_authenticated and by.has_perm("casework.set_school_lead"):
            raise Http404("Not found")
        raise PermissionDenied(
            "Only a co-ordinator of a service holding the school's pupils' records can set "
            "the school's designated safeguarding lead."
        )
    if school.kind != Organisation.Kind.SCHOOL:
        raise ValidationError({"school": "Choose a school."})
    if lead is not None and lead.pk not in {u.pk for u in reads.school_contacts_of(school)}:
        raise ValidationError({"safeguarding_lead": "Choose one of the school's contacts."})
    profile = SchoolProfile.objects.filter(school=school).first() or SchoolProfile(school=school)
    profile.safeguarding_lead = lead
    profile.safeguarding_lead_name = _text(lead_name)
    profile.safeguarding_lead_email = _text(lead_email).lower()
    profile.full_clean()
    with acting_as(by):
        profile.save()
    return profile
