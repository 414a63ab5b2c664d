"""Supervision on the dashboards (issue 5, requirement 9; supervision/dashboard.py):
the practice educator's students with their last supervision, the records
waiting for them and the observations due; the student's next session and what
waits for their reflection or signature. Flat query counts at 5 and 50."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from portal.accounts.roles import Role
from supervision.models import Observation, SupervisionSession
from tests.dashboard_bounds import (
    CASEWORK_PANEL_QUERIES,
    HEADER_QUERIES,
    LIFESTORY_PANEL_QUERIES,
    PROGRESS_PANEL_QUERIES,
    WAITING_QUERIES,
)
from tests.placements.factories import CourseFactory, EducatorProfileFactory, PlacementFactory
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
DASHBOARD = "/portal/"


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def panel(response, role: str):
    return next(p for p in response.context["panels"] if p.role == role)


def test_the_pe_sees_each_students_last_held_supervision(client):
    placement = PlacementFactory()
    SupervisionSessionFactory(placement=placement, date=days_ago(9), status=S.LOCKED)
    SupervisionSessionFactory(placement=placement, date=days_ago(2), status=S.AWAITING_STUDENT)
    # Neither a cancelled nor a booked session counts as supervision held.
    SupervisionSessionFactory(placement=placement, date=days_ago(1), status=S.CANCELLED)
    SupervisionSessionFactory(
        placement=placement, date=timezone.localdate() + timedelta(days=5), status=S.SCHEDULED
    )
    never = PlacementFactory(practice_educator=placement.practice_educator)
    ended = PlacementFactory(
        practice_educator=placement.practice_educator, status=Placement.Status.PASSED
    )
    client.force_login(placement.practice_educator)
    response = client.get(DASHBOARD)
    text = text_of(response)

    def log(p):
        return reverse("supervision:session_list", args=[p.pk])

    row = text[text.index(log(placement)) :]
    assert row.split("</tr>")[0].count(f"{days_ago(2):%-d %B %Y}") == 1
    assert log(never) in text and "None yet" in text
    assert log(ended) not in text


def test_the_pe_sees_the_records_waiting_for_them(client):
    placement = PlacementFactory()
    draft = SupervisionSessionFactory(placement=placement, date=days_ago(3), status=S.DRAFT)
    to_sign = SupervisionSessionFactory(
        placement=placement, date=days_ago(8), status=S.AWAITING_EDUCATOR
    )
    with_student = SupervisionSessionFactory(
        placement=placement, date=days_ago(1), status=S.AWAITING_STUDENT
    )
    observation = ObservationFactory(
        placement=placement, status=Observation.Status.AWAITING_OBSERVER
    )
    client.force_login(placement.practice_educator)
    text = text_of(client.get(DASHBOARD))
    draft_url = reverse("supervision:session_detail", args=[draft.pk])
    sign_url = reverse("supervision:session_detail", args=[to_sign.pk])
    assert draft_url in text and sign_url in text
    assert text.index(sign_url) < text.index(draft_url)  # the oldest first
    assert "finish writing it and send it to the student" in text and "sign it" in text
    assert reverse("supervision:session_detail", args=[with_student.pk]) not in text
    assert f"Direct observation of {placement.student} on {observation.date:%-d %B %Y}" in text


def test_the_pe_sees_the_observations_due(client):
    placement = PlacementFactory()  # started two weeks ago, none observed yet
    client.force_login(placement.practice_educator)
    response = client.get(DASHBOARD)
    due = panel(response, "practice_educator").context["supervision_observations_due"]
    assert due and all(line.state != "met" for _, line in due)
    text = text_of(response)
    assert "Direct observations due:" in text
    assert f"{placement.student}: {due[0][1].requirement}" in text


def test_a_pe_with_nothing_waiting_is_told_so(client):
    educator = EducatorProfileFactory().user
    client.force_login(educator)
    text = text_of(client.get(DASHBOARD))
    assert "No supervision records or observations are waiting for you." in text


def test_the_student_sees_their_next_session_and_what_awaits_them(client):
    placement = PlacementFactory()
    soon = timezone.localdate() + timedelta(days=2)
    SupervisionSessionFactory(
        placement=placement, date=soon + timedelta(days=7), status=S.SCHEDULED
    )
    next_one = SupervisionSessionFactory(placement=placement, date=soon, status=S.SCHEDULED)
    waiting = SupervisionSessionFactory(
        placement=placement, date=days_ago(2), status=S.AWAITING_STUDENT
    )
    SupervisionSessionFactory(placement=placement, date=days_ago(9), status=S.AWAITING_EDUCATOR)
    observation = ObservationFactory(
        placement=placement, status=Observation.Status.AWAITING_STUDENT
    )
    client.force_login(placement.student)
    text = text_of(client.get(DASHBOARD))
    assert reverse("supervision:session_detail", args=[next_one.pk]) in text
    assert f"{soon:%A %-d %B %Y} at 14:00" in text
    assert "Waiting for your reflection and signature" in text
    assert f"Supervision on {waiting.date:%-d %B %Y}" in text
    assert f"Supervision on {days_ago(9):%-d %B %Y}" not in text  # the PE's turn now
    assert f"Direct observation on {observation.date:%-d %B %Y}" in text


def test_a_student_with_nothing_waiting_is_told_so(client):
    placement = PlacementFactory()
    client.force_login(placement.student)
    text = text_of(client.get(DASHBOARD))
    assert "None booked" in text and "Nothing is waiting for your signature." in text


def _fill(educator, rows: int) -> None:
    course = CourseFactory()
    for _ in range(rows):
        placement = PlacementFactory(course=course, practice_educator=educator)
        SupervisionSessionFactory(placement=placement, date=days_ago(8), status=S.LOCKED)
        SupervisionSessionFactory(placement=placement, date=days_ago(1), status=S.AWAITING_EDUCATOR)
        ObservationFactory(placement=placement, status=Observation.Status.DRAFT)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_pes_dashboard_makes_a_fixed_number_of_queries(
    client, rows, django_assert_max_num_queries
):
    educator = EducatorProfileFactory().user
    _fill(educator, rows)
    client.force_login(educator)
    with django_assert_max_num_queries(
        10
        + CASEWORK_PANEL_QUERIES[Role.PRACTICE_EDUCATOR]
        + WAITING_QUERIES[Role.PRACTICE_EDUCATOR]
        + HEADER_QUERIES
    ):
        response = client.get(DASHBOARD)
    context = panel(response, "practice_educator").context
    assert len(context["supervision_students"]["rows"]) == min(rows, 20)
    assert context["supervision_students"]["more"] is (rows > 20)
    assert len(context["supervision_waiting_sessions"]) == min(rows, 20)
    assert len(context["supervision_waiting_observations"]) == min(rows, 20)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_students_dashboard_makes_a_fixed_number_of_queries(
    client, rows, django_assert_max_num_queries
):
    placement = PlacementFactory()
    for n in range(rows):
        SupervisionSessionFactory(
            placement=placement, date=days_ago(n % 10), status=S.AWAITING_STUDENT
        )
        ObservationFactory(placement=placement, status=Observation.Status.AWAITING_STUDENT)
        SupervisionSessionFactory(
            placement=placement,
            date=timezone.localdate() + timedelta(days=1 + n % 10),
            status=S.SCHEDULED,
        )
    client.force_login(placement.student)
    bound = (
        10
        + CASEWORK_PANEL_QUERIES[Role.STUDENT]
        + LIFESTORY_PANEL_QUERIES[Role.STUDENT]
        + PROGRESS_PANEL_QUERIES[Role.STUDENT]
        + WAITING_QUERIES[Role.STUDENT]
        + HEADER_QUERIES
    )
    with django_assert_max_num_queries(bound):
        response = client.get(DASHBOARD)
    context = panel(response, "student").context
    assert context["supervision_next"].date == timezone.localdate() + timedelta(days=1)
    assert len(context["supervision_awaiting_sessions"]) == min(rows, 20)


def _week_with_days(placement, monday, minutes: int | None):
    """A placement day on the Monday of a past week, and a locked session of `minutes`."""
    from placements.models import PlacementDay

    PlacementDay.objects.create(
        placement=placement, date=monday, kind=PlacementDay.Kind.PLACEMENT, hours=7
    )
    if minutes is not None:
        SupervisionSessionFactory(
            placement=placement, date=monday, duration_minutes=minutes, status=S.LOCKED
        )


def test_the_tutor_sees_each_students_supervision_compliance_and_observations(client):
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(weeks=4)
    placement = PlacementFactory(starts_on=start, ends_on=start + timedelta(weeks=20))
    minimum = placement.course.weekly_supervision_minutes
    _week_with_days(placement, start, minimum)
    _week_with_days(placement, start + timedelta(weeks=1), minimum)
    _week_with_days(placement, start + timedelta(weeks=2), 30)  # short
    _week_with_days(placement, start + timedelta(weeks=3), None)  # none at all
    ObservationFactory(placement=placement, date=start + timedelta(days=8), status="locked")
    client.force_login(placement.tutor)

    text = text_of(client.get(DASHBOARD))

    assert "Weekly supervision and direct observations" in text
    assert "50% (2 of 4 weeks)" in text
    assert "2 short weeks" in text
    assert "1 of 3 done" in text


@pytest.mark.parametrize("rows", [5, 50])
def test_the_tutors_dashboard_supervision_makes_a_fixed_number_of_queries(
    client, rows, django_assert_max_num_queries
):
    from portal.accounts.roles import Role
    from tests.factories import user_with_role

    course = CourseFactory()
    tutor = user_with_role(Role.TUTOR, course.university)
    for n in range(rows):
        placement = PlacementFactory(course=course, tutor=tutor)
        SupervisionSessionFactory(placement=placement, date=days_ago(3 + n % 5))
    client.force_login(tutor)
    with django_assert_max_num_queries(40):
        first = client.get(DASHBOARD)
    rows_shown = panel(first, "tutor").context["supervision_tutor_rows"]
    assert len(rows_shown) == min(rows, 20)
