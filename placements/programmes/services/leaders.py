"""The leader register and a run's leaders (issue 19, requirements 4 and 5).

- `leader_save`: a co-ordinator of the provider adds a certified leader or
  corrects one (the earlier entry stays in the leader's history).
- `run_leaders_set`: a run needs at least `programme.leaders_per_run` leaders of
  the programme, each certified on every day of the run; a refusal names the
  leader and the first day their certificate does not cover, and changes nothing.
- `leader_certificates_remind` (beat: tasks.remind_leader_certificates): the
  provider's co-ordinators, and the leader if they have an account, hear once
  when a certificate is 90 days from expiry and once when it is 30 days from it,
  in the programme's language (`Programme.language`: the Children's Program is
  Swedish-first, whoever receives it; the portal keeps no language per person).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit.context import acting_as
from portal.models import Notification
from portal.permissions import require_object_permission
from portal.services import notify

from ..eligibility import long
from ..models import Leader, Programme, Run
from ..selectors.leaders import STATUS_EXPIRING, provider_coordinators

MANAGE = "programmes.manage_leaders"
VIEW_PROGRAMME = "programmes.view_programme"

DETAILS = (
    "name",
    "organisation",
    "municipality",
    "job_title",
    "certificate_number",
    "issued_by",
    "issued_on",
    "expires_on",
)


@transaction.atomic
def leader_save(*, programme: Programme, by, leader: Leader | None = None, **details) -> Leader:
    """Add a leader to the programme's register, or correct `leader`'s entry."""
    require_object_permission(by, programme, MANAGE, scope=VIEW_PROGRAMME)
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise ValidationError(
            _("Unknown details: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    if leader is None:
        leader = Leader(programme=programme)
    else:
        leader = (
            Leader.objects.select_for_update().filter(pk=leader.pk, programme=programme).first()
        )
        if leader is None:
            raise ValidationError(_("That leader is not in this programme's register."))
    for name, value in details.items():
        setattr(leader, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if leader.issued_on and leader.issued_on > timezone.localdate():
        errors.setdefault("issued_on", []).append(_("The issue date cannot be in the future."))
    number = leader.certificate_number
    if (
        number
        and Leader.objects.filter(programme=programme, certificate_number__iexact=number)
        .exclude(pk=leader.pk)
        .exists()
    ):
        errors.setdefault("certificate_number", []).append(
            _(
                "Another leader in this register has certificate number %(number)s: "
                "check the number."
            )
            % {"number": number}
        )
    try:
        leader.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        leader.save()
    return leader


# --- a run's leaders (requirement 4) ----------------------------------------------------------


def first_day_not_covered(leader: Leader, days: Iterable[date]) -> date | None:
    return next((day for day in days if not leader.valid_on(day)), None)


def _not_covered(leader: Leader, day: date) -> str:
    if day < leader.issued_on:
        why = _("it was issued on %(day)s") % {"day": long(leader.issued_on)}
    else:
        why = _("it expires on %(day)s") % {"day": long(leader.expires_on)}
    return _("%(name)s's certificate is not valid on %(day)s (%(why)s).") % {
        "name": leader.name,
        "day": long(day),
        "why": why,
    }


@transaction.atomic
def run_leaders_set(*, run: Run, leaders: Iterable[Leader], by) -> Run:
    """The run's leaders become `leaders`, if they are enough and certified on every
    day of the run; otherwise a ValidationError on `leaders` and nothing changes."""
    run = Run.objects.select_for_update(of=("self",)).select_related("programme").get(pk=run.pk)
    programme = run.programme
    require_object_permission(by, programme, MANAGE, scope=VIEW_PROGRAMME)
    if run.status == Run.Status.CANCELLED:
        raise ValidationError(_("This run is cancelled: its leaders cannot be changed."))
    wanted = list(dict.fromkeys(leader.pk for leader in leaders))
    found = Leader.objects.in_bulk(wanted)
    chosen = [found[pk] for pk in wanted if pk in found]
    problems = [
        _("%(name)s is not a leader of %(programme)s.")
        % {"name": leader.name, "programme": programme.name}
        for leader in chosen
        if leader.programme_id != programme.pk
    ]
    if len(chosen) < len(wanted):
        problems.append(_("A chosen leader is no longer in the register."))
    needed = programme.leaders_per_run or 1
    if len(chosen) < needed:
        problems.append(
            ngettext(
                "Choose at least %(needed)s leader for a run (%(chosen)s chosen).",
                "Choose at least %(needed)s leaders for a run (%(chosen)s chosen).",
                needed,
            )
            % {"needed": needed, "chosen": len(chosen)}
        )
    days = run.days
    for leader in chosen:
        day = first_day_not_covered(leader, days)
        if day is not None:
            problems.append(_not_covered(leader, day))
    if problems:
        raise ValidationError({"leaders": problems})
    with acting_as(by):
        run.leaders.set(chosen)
    return run


# --- reminders (beat: tasks.remind_leader_certificates) ---------------------------------------

NOTICES = (30, 90)  # days before expiry; the nearest applies (a missed day is caught up)


def notice_for(expires_on: date, today: date) -> int | None:
    """The notice a certificate is at on `today`: 30, 90, or None (further off or expired)."""
    if expires_on < today:
        return None
    left = (expires_on - today).days
    return next((days for days in NOTICES if left <= days), None)


def reminder_title(leader: Leader, notice: int) -> str:
    """The title, which is also what makes a reminder once only: the same person is
    never sent the same title twice (the notification history keeps it after the
    notification itself is pruned). A renewed certificate has a new expiry date,
    so its own reminders follow."""
    title = _(
        "%(name)s's leader certificate %(number)s expires within %(notice)s days, on %(day)s"
    ) % {
        "name": leader.name,
        "number": leader.certificate_number,
        "notice": notice,
        "day": long(leader.expires_on),
    }
    return title[:200]


def _reminder_body(leader: Leader) -> str:
    return _(
        "%(name)s (%(job_title)s, %(organisation)s) is a certified leader of %(programme)s. "
        "Their certificate %(number)s, issued by %(issued_by)s, is valid until %(day)s: after "
        "that day they cannot lead a run. When it is renewed, update the leader register."
    ) % {
        "name": leader.name,
        "job_title": leader.job_title,
        "organisation": leader.organisation,
        "programme": leader.programme.name,
        "number": leader.certificate_number,
        "issued_by": leader.issued_by,
        "day": long(leader.expires_on),
    }


def reminder_text(leader: Leader, notice: int) -> tuple[str, str]:
    """The reminder's title and body, in the language of the leader's programme."""
    with translation.override(leader.programme.language):
        return reminder_title(leader, notice), _reminder_body(leader)


def leader_certificates_remind(*, today: date | None = None) -> int:
    """Tell the provider's co-ordinators (and the leader, if they have an account) once
    at 90 days and once at 30 days before a certificate expires. Returns how many
    notifications were sent."""
    today = today or timezone.localdate()
    due = list(
        Leader.objects.filter(
            expires_on__gte=today, expires_on__lte=today + timedelta(days=max(NOTICES))
        )
        .select_related("programme", "user")
        .order_by("expires_on", "pk")
    )
    if not due:
        return 0
    coordinators = provider_coordinators(
        sorted({leader.programme.provider_id for leader in due}), today=today
    )
    texts = {
        leader.pk: reminder_text(leader, notice_for(leader.expires_on, today)) for leader in due
    }
    already = set(
        Notification.history.filter(
            history_type="+", title__in={title for title, _body in texts.values()}
        ).values_list("user_id", "title")
    )
    sent = 0
    for leader in due:
        title, body = texts[leader.pk]
        register = reverse("programmes:leader_list", args=[leader.programme.slug])
        recipients = [
            (user, f"{register}?status={STATUS_EXPIRING}")
            for user in coordinators[leader.programme.provider_id]
        ]
        if leader.user is not None and leader.user.is_active:
            recipients.append((leader.user, ""))
        told: set[int] = set()
        with transaction.atomic():
            for user, url in recipients:
                if user.pk in told or (user.pk, title) in already:
                    continue
                told.add(user.pk)
                notify(
                    user=user,
                    title=title,
                    body=body,
                    url=url,
                    language=leader.programme.language,
                    kind="programmes",
                )
                sent += 1
    return sent
