"""The session log's draft (placements/casework/views/drafts.py, portal.drafts): the
student's unsaved notes, with children's words in them, kept as they type and
private to them; restored on the log page, ended by a save, refused like the log
itself (404 outside the scope, 403 for others, 409 once it takes no log)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession
from placements.casework.services.sessions import session_log, session_review
from portal.accounts.roles import Role
from portal.drafts import REFUSED_HEADER
from portal.models import FormDraft
from tests.accounts.support import page_text, visible_text
from tests.casework.support import a_theme, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

S = DirectWorkSession
CHILD_WORDS = "I like the calm corner best"


def url(name, session):
    return reverse(f"casework:{name}", args=[session.pk])


def agreed_group(n=2):
    return work_with(n, status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True)


def draft_post(client, session, data):
    return client.post(url("session_draft", session), data, headers={"HX-Request": "true"})


def typed(work) -> dict:
    """A half-written group log: the first child came and spoke, the second did not come."""
    a, b = work.children
    return {
        "csrfmiddlewaretoken": "x",
        "outcome": "held",
        "activities": "Worry monsters",
        f"attended_{a.pk}": "on",
        f"child_voice_{a.pk}": CHILD_WORDS,
        f"notes_{b.pk}": "Off sick",
    }


def test_the_students_draft_is_kept_and_restored(client):
    work = agreed_group()
    session = work.sessions()[0]
    a, b = work.children
    client.force_login(work.student)
    response = draft_post(client, session, typed(work))
    assert response.status_code == 200
    draft = FormDraft.objects.get(user=work.student)
    at = timezone.localtime(draft.saved_at)
    assert f"Draft saved at {at:%H:%M}" in visible_text(response)
    session.refresh_from_db()
    assert session.review == S.Review.NOT_LOGGED and session.activities == ""

    page = client.get(url("session_log", session))
    html = page_text(page)
    assert f"We restored your unsaved draft from {at:%H:%M}." in visible_text(page)
    assert f"{CHILD_WORDS}</textarea>" in html and "Worry monsters</textarea>" in html
    # The form opens with every child ticked as come; the draft says the second did not.
    assert checked(html, f"attended_{a.pk}") and not checked(html, f"attended_{b.pk}")
    assert checked(html, "outcome", "held")
    assert "data-unsaved-warning" in html and url("session_draft", session) in html


def checked(html: str, name: str, value: str | None = None) -> bool:
    """Whether the input named `name` (with `value`, for radios) is ticked."""
    marker = f'name="{name}"' if value is None else f'value="{value}"'
    for match in re.finditer(r"<input[^>]*>", html):
        tag = match.group(0)
        if f'name="{name}"' in tag and marker in tag:
            return " checked" in tag
    raise AssertionError(f"no input {name} {value or ''}")


def test_logging_the_session_ends_the_draft(client):
    work = agreed_group()
    session = work.sessions()[0]
    client.force_login(work.student)
    draft_post(client, session, typed(work))
    data = {**typed(work), "theme": a_theme().pk}
    response = client.post(url("session_log", session), data)
    assert response.status_code == 302
    assert not FormDraft.objects.exists()


def test_the_draft_is_private_to_the_student(client):
    work = agreed_group()
    session = work.sessions()[0]
    client.force_login(work.student)
    draft_post(client, session, typed(work))
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme(),
        activities="Circle time",
        attendance=[{"child": c, "attended": True} for c in work.children],
    )
    # The save above was the service's (as the API would do it): the draft ended too.
    assert not FormDraft.objects.exists()
    draft_post(client, session, typed(work))
    client.force_login(work.educator)
    for page in ("session_detail", "session_review"):
        response = client.get(url(page, session))
        assert response.status_code == 200
        assert CHILD_WORDS not in response.content.decode()


@pytest.mark.parametrize("who, status", [("school", 403), ("educator", 403), ("other", 404)])
def test_someone_who_may_not_log_the_session_keeps_no_draft(client, who, status):
    work = agreed_group()
    session = work.sessions()[0]
    user = {
        "school": work.school_contact,
        "educator": lambda: work.educator,
        "other": lambda: user_with_role(Role.STUDENT),
    }[who]()
    client.force_login(user)
    assert draft_post(client, session, typed(work)).status_code == status
    assert not FormDraft.objects.exists()


def test_a_reviewed_session_refuses_a_draft(client):
    work = agreed_group()
    session = work.sessions()[0]
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme(),
        activities="Circle time",
        attendance=[{"child": c, "attended": True} for c in work.children],
    )
    session_review(session=session, by=work.educator, decision="reviewed")
    client.force_login(work.student)
    response = draft_post(client, session, typed(work))
    assert response.status_code == 409 and response[REFUSED_HEADER] == "refused"
    assert "reviewed this session" in visible_text(response)
    assert not FormDraft.objects.exists()


def test_a_session_still_to_come_refuses_a_draft(client):
    work = work_with(
        2,
        status=DirectWorkPlan.Status.AGREED,
        agreed=True,
        with_sessions=True,
        first_session_on=timezone.localdate() + timedelta(days=7),
    )
    client.force_login(work.student)
    response = draft_post(client, work.sessions()[0], typed(work))
    assert response.status_code == 409
    assert not FormDraft.objects.exists()
