"""The leader register's services (issue 19, requirements 4 and 5): adding and
correcting a leader and its refusals, a run's leaders (certified on every day of
the run, refused naming the leader and the day), the register's counts and the
public count, and the reminders at 90 and 30 days before a certificate expires."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from placements.programmes.models import Leader
from placements.programmes.selectors.leaders import (
    certified_leader_count,
    leader_counts_by_municipality,
)
from placements.programmes.services.leaders import (
    leader_certificates_remind,
    leader_save,
    run_leaders_set,
)
from placements.programmes.tasks import remind_leader_certificates
from portal.accounts.roles import Role
from portal.celery import app
from portal.models import Notification
from tests.factories import user_with_role

from .delivery_support import coordinator_of, other_programme, worker_on
from .leaders_support import leader, run

pytestmark = pytest.mark.django_db

TODAY = date(2027, 5, 1)
FIRST_DAY = date(2027, 5, 11)  # a run of four days: 11 to 14 May 2027
LAST_DAY = date(2027, 5, 14)
LONG_AGO = date(2025, 1, 1)


@pytest.fixture
def programme_today():
    return TODAY


@pytest.fixture
def the_run(programme):
    return run(programme, FIRST_DAY)


def details(**changes) -> dict:
    data = {
        "name": "Jessica Berg",
        "organisation": "Öppenvården Norrby",
        "municipality": "Norrby",
        "job_title": "Familjebehandlare",
        "certificate_number": "CP-SE-0107",
        "issued_by": "Children's Program Sverige",
        "issued_on": date(2026, 3, 1),
        "expires_on": date(2029, 2, 28),
    }
    data.update(changes)
    return data


# --- adding and correcting a leader ---------------------------------------------------------


def test_a_coordinator_adds_a_leader_and_corrects_them(programme, coordinator):
    added = leader_save(programme=programme, by=coordinator, **details())
    assert (added.programme, added.certificate_number) == (programme, "CP-SE-0107")
    corrected = leader_save(
        programme=programme, leader=added, by=coordinator, **details(job_title="Socionom")
    )
    assert Leader.objects.get(pk=added.pk).job_title == "Socionom"
    assert corrected.history.count() == 2
    assert corrected.history.first().history_user == coordinator


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"expires_on": date(2026, 3, 1)},
            "expires_on",
            "The certificate must expire after the day it was issued.",
        ),
        (
            {"expires_on": date(2026, 2, 1)},
            "expires_on",
            "The certificate must expire after the day it was issued.",
        ),
        ({"issued_on": TODAY + timedelta(days=1)}, "issued_on", "cannot be in the future"),
        ({"name": ""}, "name", "This field cannot be blank."),
    ],
)
def test_a_refused_leader_is_not_saved(programme, coordinator, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        leader_save(programme=programme, by=coordinator, **details(**changes))
    assert any(message in text for text in refused.value.message_dict[field])
    assert not Leader.objects.exists()


def test_a_certificate_number_is_used_once_in_a_programme(programme, coordinator):
    first = leader_save(programme=programme, by=coordinator, **details())
    with pytest.raises(ValidationError) as refused:
        leader_save(
            programme=programme,
            by=coordinator,
            **details(name="Omar Haddad", certificate_number="cp-se-0107"),
        )
    assert refused.value.message_dict["certificate_number"] == [
        "Another leader in this register has certificate number cp-se-0107: check the number."
    ]
    assert list(Leader.objects.all()) == [first]
    # Correcting the leader keeps their own number; another programme may use it too.
    leader_save(programme=programme, leader=first, by=coordinator, **details(name="J. Berg"))
    other = other_programme()
    leader_save(programme=other, by=coordinator_of(other), **details())
    assert Leader.objects.count() == 2


def test_only_a_coordinator_of_the_provider_keeps_the_register(programme):
    with pytest.raises(PermissionDenied):
        leader_save(programme=programme, by=worker_on(programme), **details())
    with pytest.raises(Http404):
        leader_save(programme=programme, by=worker_on(other_programme()), **details())
    with pytest.raises(Http404):
        leader_save(programme=programme, by=user_with_role(Role.STUDENT), **details())
    assert not Leader.objects.exists()


# --- a run's leaders --------------------------------------------------------------------------


def test_a_run_gets_two_leaders_certified_on_every_day(programme, coordinator, the_run):
    # Expiring on the run's last day and issued on its first day are both valid.
    on_last_day = leader(programme, "Karin Ek", issued_on=LONG_AGO, expires_on=LAST_DAY)
    from_first_day = leader(
        programme, "Omar Haddad", issued_on=FIRST_DAY, expires_on=date(2030, 1, 1)
    )
    run_leaders_set(run=the_run, leaders=[on_last_day, from_first_day], by=coordinator)
    assert set(the_run.leaders.all()) == {on_last_day, from_first_day}


def refusal(the_run, leaders, by) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        run_leaders_set(run=the_run, leaders=leaders, by=by)
    return refused.value.message_dict["leaders"]


def test_a_certificate_expiring_the_day_before_the_last_day_is_refused(
    programme, coordinator, the_run
):
    before = [leader(programme, "Jessica Berg", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))]
    the_run.leaders.set(before)
    karin = leader(programme, "Karin Ek", issued_on=LONG_AGO, expires_on=date(2027, 5, 13))
    valid = leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
    assert refusal(the_run, [karin, valid], coordinator) == [
        "Karin Ek's certificate is not valid on 14 May 2027 (it expires on 13 May 2027)."
    ]
    assert list(the_run.leaders.all()) == before  # nothing changed


def test_a_certificate_issued_after_the_first_day_is_refused_naming_the_first_day(
    programme, coordinator, the_run
):
    late = leader(programme, "Lars Holm", issued_on=date(2027, 5, 12), expires_on=date(2030, 1, 1))
    valid = leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
    assert refusal(the_run, [valid, late], coordinator) == [
        "Lars Holm's certificate is not valid on 11 May 2027 (it was issued on 12 May 2027)."
    ]
    assert not the_run.leaders.exists()


def test_a_run_needs_as_many_leaders_as_the_programme_says(programme, coordinator, the_run):
    valid = leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
    assert refusal(the_run, [valid, valid], coordinator) == [
        "Choose at least 2 leaders for a run (1 chosen)."
    ]
    assert refusal(the_run, [], coordinator) == ["Choose at least 2 leaders for a run (0 chosen)."]
    assert not the_run.leaders.exists()


def test_a_leader_of_another_programme_is_refused(programme, coordinator, the_run):
    ours = leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
    theirs = leader(other_programme(), "Ali Other", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
    assert refusal(the_run, [ours, theirs], coordinator) == [
        "Ali Other is not a leader of Children's Program."
    ]
    assert not the_run.leaders.exists()


def test_only_a_coordinator_chooses_a_runs_leaders(programme, the_run):
    leaders = [
        leader(programme, name, issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
        for name in ("Jessica Berg", "Omar Haddad")
    ]
    with pytest.raises(PermissionDenied):
        run_leaders_set(run=the_run, leaders=leaders, by=worker_on(programme))
    with pytest.raises(Http404):
        run_leaders_set(run=the_run, leaders=leaders, by=coordinator_of(other_programme()))
    assert not the_run.leaders.exists()


# --- counts -----------------------------------------------------------------------------------


def test_the_counts_by_municipality_and_the_public_count(programme):
    far, soon = TODAY + timedelta(days=91), TODAY + timedelta(days=90)
    leader(programme, "A", issued_on=LONG_AGO, expires_on=far, municipality="Norrby")
    leader(programme, "B", issued_on=LONG_AGO, expires_on=soon, municipality="Norrby")
    leader(programme, "C", issued_on=LONG_AGO, expires_on=TODAY, municipality="Åby")
    leader(
        programme, "D", issued_on=LONG_AGO, expires_on=TODAY - timedelta(days=1), municipality="Åby"
    )
    leader(other_programme(), "E", issued_on=LONG_AGO, expires_on=far)
    counts = [
        (c.municipality, c.valid, c.expiring, c.expired)
        for c in leader_counts_by_municipality(programme)
    ]
    assert counts == [("Norrby", 1, 1, 0), ("Åby", 0, 1, 1)]
    assert certified_leader_count(programme) == 3  # valid today, including on its expiry day


# --- reminders --------------------------------------------------------------------------------

EXPIRES = date(2027, 8, 1)  # 90 days after 3 May 2027, 30 days after 2 July 2027


def reminders_on(clock, day: date) -> int:
    clock.today_is(day)
    return leader_certificates_remind()


def test_reminders_fire_once_at_90_and_once_at_30_days(clock, programme, coordinator):
    own_account = worker_on(programme)
    karin = leader(programme, issued_on=LONG_AGO, expires_on=EXPIRES, user=own_account)
    leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=date(2030, 1, 1))
    assert reminders_on(clock, EXPIRES - timedelta(days=91)) == 0
    assert reminders_on(clock, EXPIRES - timedelta(days=90)) == 2
    titles = [n.title for n in Notification.objects.filter(user=coordinator)]
    # In the programme's language: the Children's Program is Swedish-first.
    assert titles == [
        f"Ledarcertifikatet {karin.certificate_number} för Karin Ek upphör inom 90 dagar, "
        "den 1 augusti 2027"
    ]
    assert Notification.objects.filter(user=own_account).count() == 1
    for days in (89, 60, 31):
        assert reminders_on(clock, EXPIRES - timedelta(days=days)) == 0
    assert reminders_on(clock, EXPIRES - timedelta(days=30)) == 2
    assert "upphör inom 30 dagar" in Notification.objects.filter(user=coordinator).first().title
    for days in (29, 1, 0, -1, -40):
        assert reminders_on(clock, EXPIRES - timedelta(days=days)) == 0
    assert Notification.objects.filter(user=coordinator).count() == 2


def test_a_pruned_reminder_is_not_sent_again(clock, programme, coordinator):
    leader(programme, issued_on=LONG_AGO, expires_on=EXPIRES)
    assert reminders_on(clock, EXPIRES - timedelta(days=90)) == 1
    Notification.objects.all().delete()  # as notifications_prune does, once read
    assert reminders_on(clock, EXPIRES - timedelta(days=80)) == 0


def test_a_missed_day_is_caught_up_and_a_renewed_certificate_is_reminded_again(
    clock, programme, coordinator
):
    karin = leader(programme, issued_on=LONG_AGO, expires_on=EXPIRES)
    assert reminders_on(clock, EXPIRES - timedelta(days=20)) == 1  # the 30-day notice only
    assert reminders_on(clock, EXPIRES - timedelta(days=19)) == 0
    Leader.objects.filter(pk=karin.pk).update(expires_on=EXPIRES + timedelta(days=70))
    assert reminders_on(clock, EXPIRES - timedelta(days=10)) == 1  # 80 days before the new date
    assert Notification.objects.filter(user=coordinator).count() == 2


def test_the_reminders_run_daily_on_celery_beat(clock, programme, coordinator):
    leader(programme, issued_on=LONG_AGO, expires_on=TODAY + timedelta(days=30))
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "placements.programmes.tasks.remind_leader_certificates"
    ]
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1
    assert "placements.programmes.tasks.remind_leader_certificates" in app.tasks
    assert remind_leader_certificates.delay().get() == 1
