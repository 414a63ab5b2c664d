"""Group sessions, registers and the creche (issue 18, requirement 4).

- `group_sessions_generate`: the programme's weekly slots, for each strand running
  now, as dated sessions (bank holidays skipped; what exists is kept).
- `group_session_cancel`: with the reason, while no register is taken.
- `register_take`: a mark for every parent expected (selectors.delivery.expected_at).
- `creche_book` / `creche_cancel`: a place for a child aged 0 to 5 on the day.
Each runs in one transaction and changes nothing when it refuses. A child's name
may appear in a message on the page, never in a log or an email.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit.context import acting_as
from portal.dates import age_on, long_date
from portal.permissions import require_object_permission
from portal.workingdays import WorkingDays

from ..models import Attendance, CrecheBooking, GroupSession, Programme, ReferredChild
from ..selectors.delivery import expected_at

VIEW_PROGRAMME = "programmes.view_programme"
VIEW = "programmes.view_referral"
MANAGE_GROUPS = "programmes.manage_groups"
TAKE_REGISTER = "programmes.take_register"
MAX_WEEKS = 26  # sessions are generated at most half a year at a time

G = GroupSession


def group_sessions_generate(*, programme: Programme, start: date, end: date, by) -> int:
    """Create the group sessions from `start` to `end` (both included); returns how
    many were created. Sessions that exist already are kept as they are."""
    require_object_permission(by, programme, MANAGE_GROUPS, scope=VIEW_PROGRAMME)
    if start is None or end is None:
        missing = (("start", "first date", start), ("end", "last date", end))
        raise ValidationError(
            {name: f"Enter the {label}" for name, label, value in missing if value is None}
        )
    if end < start:
        raise ValidationError({"end": "The last date must be on or after the first date"})
    if (end - start).days >= MAX_WEEKS * 7:
        raise ValidationError({"end": f"Generate at most {MAX_WEEKS} weeks of sessions at a time"})
    if not programme.has_groups:
        raise ValidationError("This programme has no group sessions.")
    slots = list(programme.slots.all())
    if not slots:
        raise ValidationError("This programme has no weekly group times to generate from.")
    all_strands = list(programme.strands.all())
    strands = [s for s in all_strands if s.running_now] if all_strands else [None]
    if not strands:
        raise ValidationError("No group strand is running now, so there are no sessions to add.")
    holidays = WorkingDays().holidays  # England and Wales
    created = 0
    with transaction.atomic(), acting_as(by):
        existing = set(
            G.objects.filter(programme=programme, on__gte=start, on__lte=end).values_list(
                "strand_id", "on", "starts_at"
            )
        )
        day = start
        while day <= end:
            if day not in holidays:
                for slot in slots:
                    if slot.weekday != day.weekday():
                        continue
                    for strand in strands:
                        strand_id = strand.pk if strand else None
                        if (strand_id, day, slot.starts_at) in existing:
                            continue
                        G.objects.create(
                            programme=programme,
                            strand=strand,
                            on=day,
                            starts_at=slot.starts_at,
                            ends_at=slot.ends_at,
                        )
                        created += 1
            day += timedelta(days=1)
    return created


def _locked(group_session: GroupSession) -> GroupSession:
    return (
        G.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=group_session.pk)
    )


def group_session_cancel(*, group_session: GroupSession, reason: str, by) -> GroupSession:
    require_object_permission(by, group_session, MANAGE_GROUPS, scope=VIEW)
    reason = (reason or "").strip()
    with transaction.atomic():
        group_session = _locked(group_session)
        if group_session.status == G.Status.CANCELLED:
            raise ValidationError("This session is already cancelled.")
        if group_session.register_taken_at is not None:
            raise ValidationError(
                "The register of this session has been taken, so it cannot be cancelled."
            )
        if not reason:
            raise ValidationError({"reason": "Enter why the session is cancelled"})
        group_session.status = G.Status.CANCELLED
        group_session.cancel_reason = reason[:300]
        with acting_as(by):
            group_session.save(update_fields=["status", "cancel_reason"])
    return group_session


def register_take(*, group_session: GroupSession, marks: dict, by) -> GroupSession:
    """Record a mark for every parent expected; taking it again replaces the marks."""
    require_object_permission(by, group_session, TAKE_REGISTER, scope=VIEW)
    with transaction.atomic():
        group_session = _locked(group_session)
        if group_session.status == G.Status.CANCELLED:
            raise ValidationError("This session was cancelled: it has no register.")
        if group_session.on > timezone.localdate():
            raise ValidationError(
                "The register can be taken on the day of the session, "
                f"{long_date(group_session.on)}, or after it."
            )
        expected = list(expected_at(group_session))
        given: dict[int, str] = {}
        for key, mark in (marks or {}).items():
            try:
                given[int(key)] = mark
            except (TypeError, ValueError):
                raise ValidationError({"marks": "A mark was given for someone unknown."}) from None
        expected_ids = {e.pk for e in expected}
        if set(given) - expected_ids:
            raise ValidationError(
                {"marks": "A mark was given for someone not expected at this session."}
            )
        errors = {}
        valid = set(Attendance.Mark.values)
        for enrolment in expected:
            if given.get(enrolment.pk) not in valid:
                errors[f"mark_{enrolment.pk}"] = (
                    f"Select present, sent apologies or absent for {enrolment.referral.parent_name}"
                )
        if errors:
            raise ValidationError(errors)
        with acting_as(by):
            Attendance.objects.filter(group_session=group_session).exclude(
                enrolment_id__in=expected_ids
            ).delete()
            for enrolment in expected:
                Attendance.objects.update_or_create(
                    group_session=group_session,
                    enrolment=enrolment,
                    defaults={"mark": given[enrolment.pk]},
                )
            group_session.register_taken_at = timezone.now()
            group_session.register_taken_by = by
            group_session.save(update_fields=["register_taken_at", "register_taken_by"])
    return group_session


def creche_book(*, group_session: GroupSession, child: ReferredChild, by) -> CrecheBooking:
    """A creche place for `child` at the session. The session's row is locked while
    the places are counted, so two bookings at once cannot overfill it."""
    require_object_permission(by, group_session, TAKE_REGISTER, scope=VIEW)
    with transaction.atomic():
        group_session = _locked(group_session)
        programme = group_session.programme
        if not programme.has_creche:
            raise ValidationError("This programme has no creche.")
        if group_session.status == G.Status.CANCELLED:
            raise ValidationError("This session was cancelled.")
        if child is None:
            raise ValidationError({"child": "Select the child"})
        parents = {e.referral_id for e in expected_at(group_session)}
        if child.referral_id not in parents:
            raise ValidationError(
                {"child": "Only a child of a parent expected at this session can have a place."}
            )
        age = age_on(child.date_of_birth, group_session.on)
        if not programme.creche_min_age <= age <= programme.creche_max_age:
            tense = "will be" if group_session.on >= timezone.localdate() else "was"
            raise ValidationError(
                {
                    "child": f"{child.name} {tense} {age} on {long_date(group_session.on)}; the "
                    f"creche is for children aged {programme.creche_min_age} to "
                    f"{programme.creche_max_age}."
                }
            )
        bookings = CrecheBooking.objects.filter(group_session=group_session)
        if bookings.filter(child=child).exists():
            raise ValidationError({"child": f"{child.name} already has a place at this session."})
        if bookings.count() >= (programme.creche_places or 0):
            raise ValidationError(
                f"The creche is full: all {programme.creche_places or 0} places are booked."
            )
        with acting_as(by):
            return CrecheBooking.objects.create(
                group_session=group_session, child=child, booked_by=by
            )


def creche_cancel(*, booking: CrecheBooking, by) -> None:
    require_object_permission(by, booking, TAKE_REGISTER, scope=VIEW)
    with transaction.atomic(), acting_as(by):
        booking = CrecheBooking.objects.select_for_update().filter(pk=booking.pk).first()
        if booking is None:
            raise ValidationError("This creche place was already cancelled.")
        booking.delete()
