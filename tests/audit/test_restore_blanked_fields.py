"""restore_blanked_fields (issue 21): finds saves that only emptied optional fields
(the date-input bug) and, with --apply, puts the old values back once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placements.models import StudentProfile
from placements.services.profiles import student_profile_save
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.audit.restore import blanked_fields
from portal.locking import lock
from tests.factories import user_with_role
from tests.placements.factories import StudentProfileFactory
from tests.supervision.factories import ObservationFactory

pytestmark = pytest.mark.django_db

REASON = (
    "Restored DBS check date blanked by an unchanged form save on {day} (restore_blanked_fields)"
)


def run(*args) -> str:
    out = StringIO()
    call_command("restore_blanked_fields", *args, stdout=out)
    return out.getvalue()


def form_save(profile, by, *, when=None, **changes):
    """What the broken edit form did: every field sent back as shown, the date empty."""
    fields = {
        "university": profile.university,
        "course": profile.course,
        "cohort": profile.cohort,
        "student_number": profile.student_number,
        "dbs_checked_on": None,
    }
    fields.update(changes)
    if when is not None:
        profile._history_date = when
    with acting_as(by):
        return student_profile_save(person=profile.user, by=by, **fields)


@pytest.fixture
def blanked():
    """A student whose DBS check date an unchanged form save erased; returns (profile, date, by)."""
    profile = StudentProfileFactory()
    checked_on = profile.dbs_checked_on
    coordinator = user_with_role(Role.COORDINATOR, profile.university, name="Cora Ordinator")
    form_save(profile, coordinator)
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None
    return profile, checked_on, coordinator


def test_the_dry_run_lists_the_blanked_date_and_changes_nothing(blanked):
    profile, checked_on, coordinator = blanked
    rows = profile.history.count()

    out = run()

    assert (
        f"Student profile #{profile.pk}, DBS check date: was {checked_on.isoformat()}, "
        f"blanked {timezone.localdate().isoformat()}" in out
    )
    assert f"by Cora Ordinator <{coordinator.email}> - would restore" in out
    assert "Total: 1 blanked field: 1 to restore" in out
    assert "Dry run: nothing was changed" in out
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None
    assert profile.history.count() == rows


def test_apply_restores_the_value_with_a_history_entry_naming_the_restore(blanked):
    profile, checked_on, _ = blanked

    out = run("--apply")

    assert "- restored" in out and "Applied: 1 restored" in out
    profile.refresh_from_db()
    assert profile.dbs_checked_on == checked_on
    latest = profile.history.latest()
    assert latest.dbs_checked_on == checked_on
    assert latest.history_change_reason == REASON.format(day=timezone.localdate().isoformat())


def test_a_second_apply_restores_nothing(blanked):
    profile, checked_on, _ = blanked
    run("--apply")
    rows = profile.history.count()

    out = run("--apply")

    assert "- already restored" in out
    assert "Applied: 0 restored" in out
    assert profile.history.count() == rows
    profile.refresh_from_db()
    assert profile.dbs_checked_on == checked_on


def test_a_save_that_also_changed_another_field_is_not_listed():
    profile = StudentProfileFactory()
    coordinator = user_with_role(Role.COORDINATOR, profile.university)
    form_save(profile, coordinator, cohort="2026")

    out = run("--apply")

    assert "Total: no blanked fields found." in out
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None


def test_a_date_entered_again_since_is_skipped_and_kept(blanked):
    profile, _, coordinator = blanked
    new_date = timezone.localdate() - timedelta(days=2)
    form_save(profile, coordinator, dbs_checked_on=new_date)

    out = run("--apply")

    assert f"- skipped: a new value ({new_date.isoformat()}) was entered on" in out
    assert "Applied: 0 restored" in out
    profile.refresh_from_db()
    assert profile.dbs_checked_on == new_date


def test_since_leaves_out_earlier_saves():
    profile = StudentProfileFactory()
    coordinator = user_with_role(Role.COORDINATOR, profile.university)
    profile.history.update(history_date=timezone.now() - timedelta(days=20))
    form_save(profile, coordinator, when=timezone.now() - timedelta(days=10))
    before = (timezone.localdate() - timedelta(days=11)).isoformat()
    after = (timezone.localdate() - timedelta(days=5)).isoformat()

    assert f"Total: no blanked fields found since {after}." in run("--since", after, "--apply")
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None
    assert f"Total: 1 blanked field since {before}: 1 to restore" in run("--since", before)


@pytest.mark.parametrize("bad", ["30/11/2026", "2026-02-30", "yesterday", "20261130"])
def test_a_bad_since_date_is_a_clear_error(blanked, bad):
    profile, _, _ = blanked
    with pytest.raises(CommandError, match="--since must be a date written YYYY-MM-DD"):
        run("--since", bad, "--apply")
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None


def test_several_fields_blanked_in_one_save_come_back_in_one_save():
    observation = ObservationFactory(overall_feedback="Warm and clear with the group.")
    educator = observation.observer
    with acting_as(educator):
        observation.pre_observation_plan = ""
        observation.overall_feedback = ""
        observation.save()
    rows = observation.history.count()

    out = run("--apply")

    assert "The student's plan: was 'Run the second self-esteem group session.'" in out
    assert "Observer's overall feedback: was 'Warm and clear with the group.'" in out
    assert "Applied: 2 restored" in out
    observation.refresh_from_db()
    assert observation.pre_observation_plan == "Run the second self-esteem group session."
    assert observation.overall_feedback == "Warm and clear with the group."
    assert observation.history.count() == rows + 1
    assert observation.history.latest().history_change_reason.endswith("(restore_blanked_fields)")


def test_dates_only_leaves_other_fields_out(blanked):
    observation = ObservationFactory()
    with acting_as(observation.observer):
        observation.pre_observation_plan = ""
        observation.save()

    out = run("--dates-only")

    assert "DBS check date" in out
    assert "The student's plan" not in out


def test_a_locked_record_is_skipped_with_the_reason_not_a_crash():
    observation = ObservationFactory()
    with acting_as(observation.observer):
        observation.pre_observation_plan = ""
        observation.save()
    lock(observation)

    assert "- skipped: the record is signed and locked" in run()
    out = run("--apply")

    assert "- skipped: the record is signed and locked" in out
    assert "Applied: 0 restored" in out
    observation.refresh_from_db()
    assert observation.pre_observation_plan == ""
    assert observation.history.latest().history_change_reason == "lock"


def test_finding_reads_history_per_model_not_per_record():
    def queries_with(students: int) -> int:
        for _ in range(students):
            profile = StudentProfileFactory()
            form_save(profile, user_with_role(Role.COORDINATOR, profile.university))
        with CaptureQueriesContext(connection) as queries:
            found = blanked_fields()
        assert (
            sum(f.model is StudentProfile for f in found)
            == StudentProfile.objects.filter(dbs_checked_on__isnull=True).count()
        )
        return len(queries)

    assert queries_with(2) == queries_with(6)


def test_the_demo_students_blanked_dbs_date_is_found_and_restored():
    """Issue 21's 'Done when': the bug re-created on the demo data, then repaired."""
    call_command("seed_demo", stdout=StringIO())
    profile = StudentProfile.objects.get(user__email="student@example.org")
    checked_on = profile.dbs_checked_on
    assert checked_on is not None
    coordinator = user_with_role(Role.COORDINATOR, profile.university)
    form_save(profile, coordinator)
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None

    dry_run = run("--since", timezone.localdate().isoformat())
    assert f"Student profile #{profile.pk}, DBS check date: was {checked_on.isoformat()}" in dry_run
    profile.refresh_from_db()
    assert profile.dbs_checked_on is None

    applied = run("--since", timezone.localdate().isoformat(), "--apply")

    assert f"Student profile #{profile.pk}, DBS check date" in applied
    profile.refresh_from_db()
    assert profile.dbs_checked_on == checked_on
    assert profile.history.latest().history_change_reason == REASON.format(
        day=timezone.localdate().isoformat()
    )
    assert "Applied: 0 restored" in run("--apply")
