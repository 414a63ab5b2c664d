"""Reads for "Waiting for you" (portal.waiting; issue 22, requirement 2): the
supervision records and observations waiting for a person, one query each
(placements.selectors.waiting says where they are)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from placements.models import Placement
from placements.selectors.waiting import waiting_records
from portal.waiting import Waiting

from ..models import Observation, SupervisionSession

S = SupervisionSession.Status
O = Observation.Status  # noqa: E741 - reads as the model's status, like S above

# What waits for each person: the educator writes and signs the record, the student
# reflects and signs; the observer writes the feedback and signs after the student.
EDUCATOR_SESSIONS = (S.DRAFT, S.AWAITING_EDUCATOR)
OBSERVER_OBSERVATIONS = (O.DRAFT, O.AWAITING_OBSERVER)


def sessions_for_educator(user) -> QuerySet[SupervisionSession]:
    return SupervisionSession.objects.filter(
        placement__practice_educator=user, status__in=EDUCATOR_SESSIONS
    )


def observations_for_observer(user) -> QuerySet[Observation]:
    return Observation.objects.filter(observer=user, status__in=OBSERVER_OBSERVATIONS)


def sessions_for_student(user) -> QuerySet[SupervisionSession]:
    return SupervisionSession.objects.filter(placement__student=user, status=S.AWAITING_STUDENT)


def observations_for_student(user) -> QuerySet[Observation]:
    return Observation.objects.filter(placement__student=user, status=O.AWAITING_STUDENT)


def _located(records: QuerySet, key: str, *, detail: str, listing: str, statuses) -> Waiting:
    query = urlencode([("status", status) for status in statuses])
    return waiting_records(
        records,
        key,
        record_url=lambda placement, pk: reverse(f"supervision:{detail}", args=[pk]),
        placement_url=lambda pk: f"{reverse(f'supervision:{listing}', args=[pk])}?{query}",
    )


def educator_sessions(user) -> Waiting:
    return _located(
        sessions_for_educator(user),
        "records_to_sign",
        detail="session_detail",
        listing="session_list",
        statuses=EDUCATOR_SESSIONS,
    )


def educator_observations(user) -> Waiting:
    return _located(
        observations_for_observer(user),
        "observations_to_write_up",
        detail="observation_detail",
        listing="observation_list",
        statuses=OBSERVER_OBSERVATIONS,
    )


def student_sessions(user) -> Waiting:
    return _located(
        sessions_for_student(user),
        "records_to_reflect_on",
        detail="session_detail",
        listing="session_list",
        statuses=(S.AWAITING_STUDENT,),
    )


def student_observations(user) -> Waiting:
    return _located(
        observations_for_student(user),
        "observations_to_reflect_on",
        detail="observation_detail",
        listing="observation_list",
        statuses=(O.AWAITING_STUDENT,),
    )


def placements_of(records: QuerySet) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=records.values("placement_id"))
