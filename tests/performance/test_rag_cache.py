"""Today's RAG statuses are kept between requests (placements.rag_cache), and let go
as soon as anything they are worked out from is written: a tutor never reads a
status older than the records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
