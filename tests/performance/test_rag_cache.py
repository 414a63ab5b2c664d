"""Today's RAG statuses are kept between requests (placements.rag_cache), and let go
as soon as anything they are worked out from is written: a tutor never reads a
status older than the records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placements import rag_cache
from placements.models import Course, Placement, PlacementDay
from placements.oversight import RED, placement_rag_for, rag_for_queryset
from placements.services.concern import concern_step
from portal.models import BankHoliday
from supervision.models import Observation, SupervisionSession
from tests.placements.factories import PlacementFactory
from tests.placements.support import raise_concern, sign_agreement
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db


def status(placement) -> str:
    return rag_for_queryset(Placement.objects.filter(pk=placement.pk))[placement.pk].status


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.fixture
def placement():
    """Under way 30 days, agreement signed, nothing wrong but no supervision data yet."""
    placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=30))
    sign_agreement(placement)
    return placement


def test_a_kept_status_is_read_without_working_it_out_again(placement):
    first = queries(lambda: status(placement))
    again = queries(lambda: status(placement))

    assert again < first
    assert placement_rag_for([placement]) == rag_for_queryset(
        Placement.objects.filter(pk=placement.pk)
    )


def test_a_concern_raised_or_escalated_shows_at_once(placement):
    def reasons():
        return rag_for_queryset(Placement.objects.filter(pk=placement.pk))[placement.pk].reasons

    assert not any("cause for concern" in reason for reason in reasons())
    concern = raise_concern(placement, stage=1)
    assert "Open cause for concern (stage 1)" in reasons()

    concern_step(concern=concern, name="escalate", by=placement.practice_educator)

    assert "Open cause for concern (stage 2)" in reasons()
    assert status(placement) == RED


def test_the_placement_suspended_shows_at_once(placement):
    status(placement)
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.SUSPENDED)

    # Its own fields are part of the key: even a write without signals is seen.
    assert status(placement) == RED


@pytest.mark.parametrize(
    "write",
    [
        lambda p: PlacementDay.objects.create(
            placement=p, date=p.starts_on, kind=PlacementDay.Kind.PLACEMENT, hours=7
        ),
        lambda p: SupervisionSessionFactory(placement=p, status=SupervisionSession.Status.LOCKED),
        lambda p: ObservationFactory(placement=p, status=Observation.Status.DRAFT),
    ],
    ids=["a day", "a supervision record", "an observation"],
)
def test_a_record_written_lets_its_placements_kept_status_go(placement, write):
    status(placement)
    kept = queries(lambda: status(placement))

    write(placement)

    assert queries(lambda: status(placement)) > kept  # worked out again
    assert queries(lambda: status(placement)) == kept  # and kept again


def test_signing_the_learning_agreement_shows_at_once():
    placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=30))

    def reasons():
        return rag_for_queryset(Placement.objects.filter(pk=placement.pk))[placement.pk].summary

    assert "Learning agreement unsigned" in reasons()

    sign_agreement(placement)

    assert "Learning agreement unsigned" not in reasons()


@pytest.mark.parametrize(
    "write",
    [
        lambda p: Course.objects.get(pk=p.course_id).save(),
        lambda p: BankHoliday.objects.create(
            date=timezone.localdate() + timedelta(days=400), name="A new holiday"
        ),
    ],
    ids=["a course's rules", "the bank holidays"],
)
def test_what_every_placement_shares_lets_every_kept_status_go(placement, write):
    other = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=30))
    both = Placement.objects.filter(pk__in=[placement.pk, other.pk])
    rag_for_queryset(both)
    kept = queries(lambda: rag_for_queryset(both))

    write(placement)

    assert queries(lambda: rag_for_queryset(both)) > kept


# --- One callback per transaction -------------------------------------------------------------


class Rollback(Exception):
    pass


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run `write` as a transaction of its own and commit it (its on_commit callbacks
    run); return the RAG cache's callbacks it left."""

    def committed(write) -> list:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            write()
        return [c for c in callbacks if getattr(c, "__module__", None) == rag_cache.__name__]

    return committed


@pytest.fixture
def two(commit):
    """Two placements under way, made and committed before the test's transaction."""
    made = []

    def make():
        for _ in range(2):
            placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=30))
            sign_agreement(placement)
            made.append(placement)

    commit(make)
    return made


def kept_while_writing(placements, before) -> None:
    """A page that read the rows before the transaction wrote them keeps what it saw,
    under the versions of that moment: the commit must let it go."""
    rag_cache.Kept(placements, timezone.localdate()).keep(before)


def concern_reasons(placements) -> list[list[str]]:
    rags = rag_for_queryset(Placement.objects.filter(pk__in=[p.pk for p in placements]))
    return [[r for r in rags[p.pk].reasons if "cause for concern" in r] for p in placements]


def add_days(placement, count: int) -> None:
    for day in range(count):
        PlacementDay.objects.create(
            placement=placement,
            date=placement.starts_on + timedelta(days=day),
            kind=PlacementDay.Kind.PLACEMENT,
            hours=7,
        )


def test_many_writes_in_one_transaction_let_the_statuses_go_with_one_callback_at_commit(
    two, commit
):
    before = rag_for_queryset(Placement.objects.filter(pk__in=[p.pk for p in two]))

    def write():
        add_days(two[0], 5)
        for placement in two:
            raise_concern(placement)
        kept_while_writing(two, before)

    assert len(commit(write)) == 1
    assert concern_reasons(two) == [["Open cause for concern (stage 1)"]] * 2


def test_a_course_and_its_placements_written_together_leave_one_callback(two, commit):
    def write():
        Course.objects.get(pk=two[0].course_id).save()
        for placement in two:
            placement.save()
        BankHoliday.objects.create(
            date=timezone.localdate() + timedelta(days=400), name="A new holiday"
        )

    status(two[0])
    kept = queries(lambda: status(two[0]))

    assert len(commit(write)) == 1
    assert queries(lambda: status(two[0])) > kept


def test_a_write_after_a_rolled_back_savepoint_is_still_let_go_at_commit(two, commit):
    placement = two[0]
    before = rag_for_queryset(Placement.objects.filter(pk=placement.pk))

    def write():
        with pytest.raises(Rollback), transaction.atomic():
            add_days(placement, 1)
            raise Rollback  # the callback registered in here goes with the savepoint
        raise_concern(placement)
        kept_while_writing([placement], before)

    assert len(commit(write)) == 1
    assert concern_reasons([placement]) == [["Open cause for concern (stage 1)"]]
    assert not PlacementDay.objects.filter(placement=placement).exists()


def test_each_transaction_has_its_own_callback(two, commit):
    placement = two[0]
    concerns = []
    assert len(commit(lambda: concerns.append(raise_concern(placement)))) == 1
    before = rag_for_queryset(Placement.objects.filter(pk=placement.pk))

    def escalate():
        concern_step(concern=concerns[0], name="escalate", by=placement.practice_educator)
        kept_while_writing([placement], before)

    assert len(commit(escalate)) == 1
    assert concern_reasons([placement]) == [["Open cause for concern (stage 2)"]]
