"""Reads for "Waiting for you" (portal.waiting; issue 22, requirement 2): the
supervision records and observations waiting for a person, one query each
(placements.selectors.waiting says where they are).

The dashboard panel lists the same records the count counts, so both read them
from one query a request (`*_waiting`, kept with portal.request_cache): the
count, where they are and the panel's rows come from the same list.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from placements.models import Placement
from placements.selectors.waiting import list_url
from portal.request_cache import per_request
from portal.waiting import NOTHING, Waiting

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


def _counted(rows, key: str, *, detail: str, listing: str, statuses) -> Waiting:
    """How many records wait and where, as placements.selectors.waiting.waiting_records
    answers, from the records already read (with `pk` and `placement_id`): the record
    itself when there is one, its placement's list when they are all on one placement,
    otherwise the filtered placements list."""
    if not rows:
        return NOTHING
    if len(rows) == 1:
        return Waiting(1, reverse(f"supervision:{detail}", args=[rows[0].pk]))
    placements = {row.placement_id for row in rows}
    if len(placements) == 1:
        query = urlencode([("status", status) for status in statuses])
        url = reverse(f"supervision:{listing}", args=[next(iter(placements))])
        return Waiting(len(rows), f"{url}?{query}")
    return Waiting(len(rows), list_url(key))


# The records waiting for a person, oldest first, with what the panels show of them
# (one query each a request; callers must not change the lists).

# What a person's name is made of (accounts.User.__str__).
_STUDENT_NAME = ("placement__student__name", "placement__student__email")


@per_request
def educator_sessions_waiting(user) -> list[SupervisionSession]:
    return list(
        sessions_for_educator(user)
        .select_related("placement__student")
        .only("pk", "date", "status", *_STUDENT_NAME)
        .order_by("date", "starts_at", "pk")
    )


@per_request
def observer_observations_waiting(user) -> list[Observation]:
    return list(
        observations_for_observer(user)
        .select_related("placement__student")
        .only("pk", "date", "status", *_STUDENT_NAME)
        .order_by("date", "pk")
    )


@per_request
def student_sessions_waiting(user) -> list[SupervisionSession]:
    return list(
        sessions_for_student(user)
        .only("pk", "date", "placement_id")
        .order_by("date", "starts_at", "pk")
    )


@per_request
def student_observations_waiting(user) -> list[Observation]:
    return list(
        observations_for_student(user)
        .select_related("observer")
        .only("pk", "date", "placement_id", "observer__name", "observer__email")
        .order_by("date", "pk")
    )


def educator_sessions(user) -> Waiting:
    return _counted(
        educator_sessions_waiting(user),
        "records_to_sign",
        detail="session_detail",
        listing="session_list",
        statuses=EDUCATOR_SESSIONS,
    )


def educator_observations(user) -> Waiting:
    return _counted(
        observer_observations_waiting(user),
        "observations_to_write_up",
        detail="observation_detail",
        listing="observation_list",
        statuses=OBSERVER_OBSERVATIONS,
    )


def student_sessions(user) -> Waiting:
    return _counted(
        student_sessions_waiting(user),
        "records_to_reflect_on",
        detail="session_detail",
        listing="session_list",
        statuses=(S.AWAITING_STUDENT,),
    )


def student_observations(user) -> Waiting:
    return _counted(
        student_observations_waiting(user),
        "observations_to_reflect_on",
        detail="observation_detail",
        listing="observation_list",
        statuses=(O.AWAITING_STUDENT,),
    )


def placements_of(records: QuerySet) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=records.values("placement_id"))
