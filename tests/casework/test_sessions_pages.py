"""Session pages: the session page (access log, what a school contact sees),
the phone-first log form, the review page, and refusals (issue 6, requirement 4)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession
from placements.casework.services.sessions import session_log, session_review
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.accounts.support import page_text, visible_text
from tests.casework.support import a_theme, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

S = DirectWorkSession


def url(name, session):
    return reverse(f"casework:{name}", args=[session.pk])


def agreed_work(n=1, **kwargs):
    return work_with(
        n, status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True, **kwargs
    )


def log_held(work, session, voice="I felt safe"):
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme(),
        activities="Worry monsters",
        observations="Quiet at first, then chatty.",
        attendance=[
            {"child": c, "attended": True, "child_voice": voice, "notes": ""} for c in work.children
        ],
    )


def test_the_session_page_logs_each_view(client):
    work = agreed_work()
    session = work.sessions()[0]
    client.force_login(work.student)
    for _ in range(2):
        assert client.get(url("session_detail", session)).status_code == 200
    events = AccessEvent.objects.filter(user=work.student, object_id=str(session.pk))
    assert events.count() == 2
    assert events.first().purpose == "Viewed a direct-work session"


def test_the_student_sees_the_notes_and_the_links(client):
    work = agreed_work()
    session = work.sessions()[0]
    log_held(work, session)
    client.force_login(work.student)
    text = page_text(client.get(url("session_detail", session)))
    assert "Worry monsters" in text and "I felt safe" in text
    assert url("evidence_from_session", session) in text
    assert "Start a PCF evidence item" in text
    concern = reverse("casework:concern_raise", kwargs={"session_pk": session.pk})
    assert concern in text and "Raise a safeguarding concern" in text


def test_a_school_contact_sees_dates_and_attendance_but_no_notes(client):
    work = agreed_work()
    session = work.sessions()[0]
    log_held(work, session)
    contact = work.school_contact()
    client.force_login(contact)
    response = client.get(url("session_detail", session))
    assert response.status_code == 200
    text = page_text(response)
    assert "Held" in text and session.planned_on.strftime("%B") in text
    for secret in ("Worry monsters", "I felt safe", "Quiet at first"):
        assert secret not in text
    assert "Start a PCF evidence item" not in text
    assert client.get(url("session_log", session)).status_code == 403
    plan_text = page_text(client.get(reverse("casework:plan_detail", args=[work.plan.pk])))
    assert "Waiting for review" not in plan_text


def test_another_school_and_university_roles_get_404(client):
    work = agreed_work()
    session = work.sessions()[0]
    for outsider in (
        user_with_role(Role.SCHOOL_CONTACT),
        user_with_role(Role.TUTOR),
        user_with_role(Role.STUDENT),
    ):
        client.force_login(outsider)
        assert client.get(url("session_detail", session)).status_code == 404
        assert client.get(url("session_log", session)).status_code == 404
    assert not AccessEvent.objects.filter(object_id=str(session.pk)).exists()


def test_the_log_form_is_phone_first(client):
    work = agreed_work(2)
    session = work.sessions()[0]
    client.force_login(work.student)
    html = page_text(client.get(url("session_log", session)))
    html = html[html.index('id="main-content"') :]  # the page's own content
    # The outcome comes first, as full-size radios; what only a cancelled session
    # needs is folded away (GOV.UK's conditional reveal puts aria-expanded on the
    # radios, which axe-core refuses).
    names = re.findall(r'name="([a-z_0-9]+)"', html[html.index("<form") :])
    assert [n for n in names if n != "csrfmiddlewaretoken"][0] == "outcome"
    assert "govuk-radios--small" not in html
    assert html.index('name="cancel_reason"') > html.index('<details class="govuk-details"')
    assert html.count('data-testid="child-block"') == 2
    assert '<select name="theme"' in html
    assert all(rows == "3" for rows in re.findall(r'<textarea[^>]*rows="(\d+)"', html))
    assert html.count('type="submit"') == 1 and "Save session" in html
    assert "<script>" not in html and "style=" not in html


def test_logging_through_the_page(client):
    work = agreed_work(2)
    session = work.sessions()[0]
    a, b = work.children
    client.force_login(work.student)
    response = client.post(
        url("session_log", session),
        {
            "outcome": "held",
            "theme": a_theme().pk,
            "activities": "Circle time",
            f"attended_{a.pk}": "on",
            f"child_voice_{a.pk}": "Good",
            f"notes_{b.pk}": "At the dentist",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("session_detail", session)
    session.refresh_from_db()
    assert session.review == S.Review.AWAITING
    rows = {r.child_id: r for r in session.attendance.all()}
    assert rows[a.pk].attended and not rows[b.pk].attended


def test_a_page_error_names_the_field_and_saves_nothing(client):
    work = agreed_work()
    session = work.sessions()[0]
    client.force_login(work.student)
    response = client.post(url("session_log", session), {"outcome": "cancelled"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "There is a problem" in text and "Choose who cancelled the session." in text
    session.refresh_from_db()
    assert session.status == S.Status.PLANNED


def test_a_future_session_shows_when_it_can_be_logged(client):
    work = agreed_work(first_session_on=timezone.localdate() - timedelta(days=1))
    future = work.sessions()[1]
    client.force_login(work.student)
    response = client.get(url("session_log", future))
    assert 'data-testid="not-yet"' in page_text(response)
    response = client.post(url("session_log", future), {"outcome": "held"})
    assert "you can log it on the day" in visible_text(response)


def test_the_student_in_the_grace_period_reads_but_cannot_log(client):
    work = agreed_work()
    session = work.sessions()[0]
    for allocation in work.allocations:
        allocation.starts_on = timezone.localdate() - timedelta(days=60)
        allocation.ends_on = timezone.localdate() - timedelta(days=2)
        allocation.save()
    client.force_login(work.student)
    response = client.get(url("session_detail", session))
    assert response.status_code == 200 and "Log this session" not in page_text(response)
    assert client.get(url("session_log", session)).status_code == 403
    assert client.post(url("session_log", session), {"outcome": "held"}).status_code == 403


def test_the_pe_reviews_and_returns_with_comments(client):
    work = agreed_work()
    session = work.sessions()[0]
    log_held(work, session)
    client.force_login(work.educator)
    assert client.get(url("session_review", session)).status_code == 200
    response = client.post(url("session_review", session), {"decision": "returned"})
    assert "Write what the student should change" in visible_text(response)
    client.post(url("session_review", session), {"decision": "returned", "comments": "More detail"})
    session.refresh_from_db()
    assert session.review == S.Review.RETURNED
    client.force_login(work.student)
    text = page_text(client.get(url("session_log", session)))
    assert "More detail" in text
    assert client.get(url("session_review", session)).status_code == 403


def test_a_reviewed_session_is_read_only_on_the_page(client):
    work = agreed_work()
    session = work.sessions()[0]
    log_held(work, session)
    session_review(session=session, by=work.educator, decision="reviewed")
    client.force_login(work.student)
    response = client.get(url("session_log", session))
    assert response.status_code == 302
    text = page_text(client.get(url("session_detail", session)))
    assert "Change the notes" not in text and "Reviewed" in text
    response = client.post(url("session_log", session), {"outcome": "held"})
    assert "can no longer be changed" in visible_text(response)


def test_the_comments_heading_names_them_for_who_reads(client):
    work = agreed_work()
    session = work.sessions()[0]
    log_held(work, session)
    session_review(session=session, by=work.educator, decision="reviewed", comments="Good pace")
    headings = {}
    for who, user in (
        ("educator", work.educator),
        ("student", work.student),
        ("coordinator", work.coordinator),
    ):
        client.force_login(user)
        page = page_text(client.get(url("session_detail", session)))
        assert "Good pace" in page, who
        heading = re.search(r'data-testid="review-comments"><p [^>]*>([^(<]*)', page)
        headings[who] = heading.group(1).strip()
    assert headings == {
        "educator": "Your comments",
        "student": "Your practice educator's comments",
        "coordinator": "Practice educator's comments",
    }
