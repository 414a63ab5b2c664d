"""Moving a planned session (issue 22, requirement 8): a school day in term, outside
the school's holidays; refused (and nothing changed) otherwise, or for the wrong
person or a session already logged."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from placements.casework.models import DirectWorkSession
from placements.casework.services.session_dates import session_move
from placements.casework.services.terms import holiday_add, term_save
from portal.accounts.roles import Role
from portal.models import Notification
from tests.accounts.support import page_text
from tests.casework.support import work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

S = DirectWorkSession


@pytest.fixture
def work():
    """An agreed plan of six weekly sessions from Monday 14 October 2030, at a school
    whose autumn term has its half-term from 28 October."""
    work = work_with(
        status="agreed", agreed=True, with_sessions=True, first_session_on=date(2030, 10, 14)
    )
    contact = work.school_contact()
    term = term_save(
        by=contact,
        school=work.children[0].school,
        name="Autumn term 2030",
        starts_on=date(2030, 9, 2),
        ends_on=date(2030, 12, 20),
    )
    holiday_add(
        by=contact,
        term=term,
        name="October half-term",
        starts_on=date(2030, 10, 28),
        ends_on=date(2030, 11, 1),
    )
    return work


def test_the_student_moves_a_session_out_of_the_half_term(work):
    session = work.sessions()[2]  # planned on 28 October, in the half-term
    with pytest.raises(ValidationError) as refused:
        session_move(
            by=work.student,
            session=session,
            planned_on=date(2030, 10, 29),
            planned_time=time(14, 0),
        )
    assert "October half-term" in " ".join(refused.value.message_dict["planned_on"])
    moved = session_move(
        by=work.student, session=session, planned_on=date(2030, 11, 6), planned_time=time(14, 0)
    )
    assert (moved.planned_on, moved.planned_time) == (date(2030, 11, 6), time(14, 0))
    assert moved.history.first().history_user == work.student


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2030, 11, 9), "Choose a school day"),
        (date(2030, 10, 21), "Session 2 is on 21 October 2030"),
        (date(2020, 1, 6), "Choose today or a later day"),
        (None, "Enter the day of the session"),
    ],
)
def test_bad_days_are_refused_and_nothing_changes(work, day, words):
    session = work.sessions()[2]
    before = session.planned_on
    with pytest.raises(ValidationError) as refused:
        session_move(by=work.educator, session=session, planned_on=day, planned_time=time(10, 0))
    assert words in " ".join(refused.value.message_dict["planned_on"])
    session.refresh_from_db()
    assert session.planned_on == before
    assert not Notification.objects.exists()  # no one is told of a move that did not happen


def test_a_move_is_told_to_the_others_on_the_work_and_the_school(work):
    contact = work.school_contact()
    session = work.sessions()[2]  # Monday 28 October 2030
    session_move(
        by=work.student, session=session, planned_on=date(2030, 11, 6), planned_time=time(13, 30)
    )
    told = {n.user: n for n in Notification.objects.select_related("user")}
    assert work.student not in told  # who moved it knows
    for person in (work.educator, contact):
        note = told[person]
        assert note.title == (
            f"Session 3 for {work.children[0].reference} is moved to "
            "Wednesday 6 November 2030 at 13:30"
        )
        assert "from Monday 28 October 2030" in note.body
        assert str(work.student) in note.body
        assert note.kind == "casework"
        text = note.title + note.body
        assert work.children[0].first_name not in text  # references, never a name
    assert told[work.educator].url == reverse("casework:session_detail", args=[session.pk])
    # The school's contacts may see the plan, not the session's notes.
    assert told[contact].url == reverse("casework:plan_detail", args=[work.plan.pk])


def test_a_move_sent_again_unchanged_tells_no_one(work):
    session = work.sessions()[2]
    session_move(
        by=work.educator, session=session, planned_on=date(2030, 11, 6), planned_time=time(10, 0)
    )
    told = Notification.objects.count()
    assert told >= 2  # the student and the school's contact
    session_move(
        by=work.educator, session=session, planned_on=date(2030, 11, 6), planned_time=time(10, 0)
    )
    assert Notification.objects.count() == told


def test_the_wrong_person_and_a_logged_session_are_refused(work):
    session = work.sessions()[2]
    with pytest.raises(PermissionDenied):
        session_move(
            by=work.school_contact(),
            session=session,
            planned_on=date(2030, 11, 6),
            planned_time=time(10, 0),
        )
    with pytest.raises(Http404):
        session_move(
            by=user_with_role(Role.STUDENT),
            session=session,
            planned_on=date(2030, 11, 6),
            planned_time=time(10, 0),
        )
    S.objects.filter(pk=session.pk).update(status=S.Status.HELD, review=S.Review.AWAITING)
    with pytest.raises(ValidationError):
        session_move(
            by=work.student, session=session, planned_on=date(2030, 11, 6), planned_time=time(10, 0)
        )
    session.refresh_from_db()
    assert session.planned_on == date(2030, 10, 28)


def test_the_move_page(client, work):
    session = work.sessions()[2]
    url = reverse("casework:session_move", args=[session.pk])
    client.force_login(work.student)
    detail = page_text(client.get(reverse("casework:session_detail", args=[session.pk])))
    assert "Move this session" in detail
    assert client.get(url).status_code == 200
    response = client.post(url, {"planned_on": "2030-10-30", "planned_time": "10:00"})
    assert response.status_code == 200
    assert "30 October 2030 is in October half-term" in page_text(response)
    response = client.post(url, {"planned_on": "2030-11-06", "planned_time": "10:00"}, follow=True)
    assert "Session 3 is moved. The school's contacts and the others" in page_text(response)
    session.refresh_from_db()
    assert session.planned_on == date(2030, 11, 6)
    client.force_login(work.school_contact())
    assert client.get(url).status_code == 403
    client.force_login(user_with_role(Role.SCHOOL_CONTACT))
    assert client.get(url).status_code == 404
    assert session.planned_on - date(2030, 10, 14) == timedelta(days=23)
