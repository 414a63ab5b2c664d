"""The retention run (portal.privacy.retention): at a frozen date it anonymises or
deletes exactly the expired records, history included; a legal hold stops it; a
dry run changes nothing; a second run does nothing more."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from placements.casework.models import Child, SafeguardingConcern
from portal.accounts.roles import Role
from portal.privacy.models import AnonymisedRecord, LegalHold, RetentionRun, RetentionSchedule
from portal.privacy.retention import MARKER, months_before, retention_run
from tests.casework.factories import CarerFactory, ChildFactory, ConcernFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


def born(years_before_today: int) -> date:
    return TODAY.replace(year=TODAY.year - years_before_today)


@pytest.fixture
def children():
    """Olwen turns 25 on TODAY + 16 years; Tobias four years later."""
    older = ChildFactory(first_name="Olwen", last_name="Brackley", date_of_birth=born(9))
    older.first_name = "Olwenna"  # a change, so the history holds both names
    older.save()
    younger = ChildFactory(first_name="Tobias", last_name="Fenwright", date_of_birth=born(5))
    return older, younger


def names_in_history(model) -> set[str]:
    return set(model.history.model.objects.values_list("first_name", flat=True))


def older_expires():
    return born(9).replace(year=born(9).year + 25)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2027, 3, 31), 1, date(2027, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2027, 1, 15), 13, date(2025, 12, 15)),
        (date(2026, 12, 3), 300, date(2001, 12, 3)),
    ],
)
def test_months_are_counted_as_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_on_the_25th_birthday_the_child_is_anonymised_and_not_the_day_before(children):
    older, younger = children
    retention_run(as_of=older_expires() - timedelta(days=1))
    assert Child.objects.get(pk=older.pk).first_name == "Olwenna"

    run = retention_run(as_of=older_expires())
    kept = Child.objects.get(pk=younger.pk)
    gone = Child.objects.get(pk=older.pk)
    assert (kept.first_name, kept.last_name) == ("Tobias", "Fenwright")
    assert gone.first_name == gone.last_name == MARKER
    assert gone.date_of_birth == date(born(9).year, 1, 1)  # the year stays, for counting
    row = next(r for r in run.results if r["record_type"] == "casework.Child")
    assert (row["expired"], row["done"], row["held"], row["failed"]) == (1, 1, 0, 0)


def test_the_history_no_longer_holds_the_old_values(children):
    older, younger = children
    assert {"Olwen", "Olwenna", "Tobias"} <= names_in_history(Child)
    retention_run(as_of=older_expires())
    in_history = names_in_history(Child)
    assert "Olwen" not in in_history and "Olwenna" not in in_history
    assert "Tobias" in in_history
    last_names = set(Child.history.model.objects.values_list("last_name", flat=True))
    assert "Brackley" not in last_names


def test_the_daily_task_runs_at_todays_date_and_anonymises_exactly_what_expired(children, clock):
    from portal.privacy.tasks import run_retention_schedules

    older, younger = children
    clock.today_is(older_expires() - timedelta(days=1))
    run_retention_schedules()
    assert Child.objects.get(pk=older.pk).first_name == "Olwenna"
    assert names_in_history(Child) >= {"Olwen", "Olwenna", "Tobias"}

    clock.today_is(older_expires())
    run = RetentionRun.objects.get(pk=run_retention_schedules())
    assert run.as_of == older_expires() and not run.dry_run
    assert Child.objects.get(pk=older.pk).first_name == MARKER
    assert Child.objects.get(pk=younger.pk).first_name == "Tobias"
    anonymised = AnonymisedRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Child)
    )
    assert [int(r.object_id) for r in anonymised] == [older.pk]
    in_history = names_in_history(Child)
    assert "Olwen" not in in_history and "Olwenna" not in in_history and "Tobias" in in_history


def test_the_carers_contact_details_go_with_the_child(children):
    older, _ = children
    carer = CarerFactory(child=older, name="Gwen Brackley", phone="07700 900111")
    retention_run(as_of=older_expires())
    carer.refresh_from_db()
    assert carer.name == MARKER and carer.phone == "[removed]"
    assert "Gwen Brackley" not in set(carer.history.values_list("name", flat=True))


def test_a_submitted_safeguarding_concern_is_anonymised_past_its_immutability(children):
    older, _ = children
    concern = ConcernFactory(child=older, what_happened="She said her uncle shouts.")
    retention_run(as_of=older_expires())
    concern = SafeguardingConcern.objects.get(pk=concern.pk)
    assert concern.what_happened == MARKER


def test_a_legal_hold_on_the_child_stops_every_record_about_them(children):
    older, _ = children
    carer = CarerFactory(child=older, name="Gwen Brackley")
    admin = user_with_role(Role.ADMIN)
    hold = LegalHold.objects.create(
        content_type=ContentType.objects.get_for_model(Child),
        object_id=older.pk,
        reason="Disclosure to the family court in an ongoing case.",
        set_by=admin,
    )
    run = retention_run(as_of=older_expires())
    assert Child.objects.get(pk=older.pk).first_name == "Olwenna"
    carer.refresh_from_db()
    assert carer.name == "Gwen Brackley"
    rows = {r["record_type"]: r for r in run.results}
    assert rows["casework.Child"]["held"] == 1 and rows["casework.Child"]["done"] == 0
    assert rows["casework.Carer"]["held"] == 1

    hold.lifted_at = timezone.now()
    hold.lifted_by = admin
    hold.save()
    retention_run(as_of=older_expires())
    assert Child.objects.get(pk=older.pk).first_name == MARKER


def test_a_dry_run_counts_and_changes_nothing(children):
    older, _ = children
    before = list(Child.history.model.objects.values_list("first_name", flat=True))
    run = retention_run(as_of=older_expires(), dry_run=True)
    assert Child.objects.get(pk=older.pk).first_name == "Olwenna"
    assert list(Child.history.model.objects.values_list("first_name", flat=True)) == before
    assert not AnonymisedRecord.objects.exists()
    row = next(r for r in run.results if r["record_type"] == "casework.Child")
    assert (row["expired"], row["done"]) == (1, 0)


def test_a_second_run_finds_nothing_more_to_do(children):
    retention_run(as_of=older_expires())
    again = retention_run(as_of=older_expires())
    row = next(r for r in again.results if r["record_type"] == "casework.Child")
    assert row["expired"] == 0 and row["done"] == 0


def test_a_delete_schedule_deletes_the_record_and_its_history():
    from cms.models import PageFeedback

    feedback_schedule = RetentionSchedule.objects.get(record_type="cms.PageFeedback")
    assert feedback_schedule.action == RetentionSchedule.Action.DELETE
    from wagtail.models import Page

    page = Page.objects.filter(depth__gt=1).first() or Page.objects.first()
    old = PageFeedback.objects.create(page=page, useful=False, comment="Call me on 07700 900222")
    PageFeedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    recent = PageFeedback.objects.create(page=page, useful=True, comment="")
    retention_run(as_of=timezone.localdate())
    assert list(PageFeedback.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_report_names_no_one(children):
    run = retention_run(as_of=older_expires())
    text = repr(RetentionRun.objects.get(pk=run.pk).results)
    for name in ("Olwen", "Brackley", "Tobias"):
        assert name not in text


def test_the_command_prints_counts_and_refuses_a_bad_date(children, capsys):
    call_command("retention_run", "--as-of", older_expires().isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "casework.Child: 1 expired; 1 would be anonymised, 0 held, 0 failed" in out
    assert Child.objects.filter(first_name="Olwenna").exists()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("retention_run", "--as-of", "31/01/2040")


def test_a_group_plan_is_kept_until_its_youngest_child_is_25():
    from placements.casework.models import DirectWorkPlan
    from tests.casework.support import work_with

    work = work_with(2)
    older, younger = work.children
    Child.objects.filter(pk=older.pk).update(date_of_birth=born(9))
    Child.objects.filter(pk=younger.pk).update(date_of_birth=born(8))
    DirectWorkPlan.objects.filter(pk=work.plan.pk).update(closed_reason="Both moved school.")
    older_is_25 = born(9).replace(year=born(9).year + 25)
    retention_run(as_of=older_is_25)
    assert DirectWorkPlan.objects.get(pk=work.plan.pk).closed_reason == "Both moved school."
    retention_run(as_of=older_is_25.replace(year=older_is_25.year + 1))
    assert DirectWorkPlan.objects.get(pk=work.plan.pk).closed_reason == MARKER


def test_an_account_never_signed_into_counts_from_when_it_was_made():
    from portal.accounts.models import User

    never = user_with_role(Role.TUTOR, name="Cordelia Ashworth")
    assert never.last_login is None
    six_years_on = timezone.localdate().replace(year=timezone.localdate().year + 6)
    retention_run(as_of=six_years_on - timedelta(days=1))
    assert User.objects.get(pk=never.pk).name == "Cordelia Ashworth"
    retention_run(as_of=six_years_on + timedelta(days=1))
    assert User.objects.get(pk=never.pk).name == MARKER
