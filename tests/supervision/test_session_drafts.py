"""The supervision record's draft (supervision/views/drafts.py, portal.drafts): kept
as the practice educator types, restored on the edit page, ended by a save;
refused like an edit (404 outside the scope, 403 for others, 409 once the record
takes no changes) with nothing written."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from placements.selectors.review import pcf_domains
from portal.accounts.roles import Role
from portal.drafts import REFUSED_HEADER
from portal.models import FormDraft
from supervision.models import SupervisionSession
from tests.factories import user_with_role
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionSessionFactory
from tests.supervision.support import locked_session, record_data

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
SAVED_NOTES = "Talked through the first direct-work sessions."


@pytest.fixture
def cast():
    return make_cast(status=Placement.Status.ACTIVE)


@pytest.fixture
def session(cast):
    return SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)


def url(name: str, session) -> str:
    return reverse(f"supervision:{name}", args=[session.pk])


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def draft_post(client, session, **overrides):
    """What htmx sends: the whole form, CSRF token included."""
    data = {"csrfmiddlewaretoken": "x", **record_data(session, **overrides)}
    return client.post(url("session_draft", session), data, headers={"HX-Request": "true"})


def test_the_edit_form_keeps_a_draft_and_warns_before_leaving(client, cast, session):
    client.force_login(cast.educator)
    html = client.get(url("session_edit", session)).content.decode()
    form = re.search(r"<form method=\"post\" novalidate data-unsaved-warning[^>]*>", html).group(0)
    assert f'hx-post="{url("session_draft", session)}"' in form
    assert 'hx-trigger="input delay:3s"' in form and 'hx-target="#draft-status"' in form
    assert '<div id="draft-status" aria-live="polite"></div>' in html
    # Scripts come from static files only: the CSP forbids inline code.
    assert "vendor/htmx.min.js" in html and "portal/js/unsaved-work.js" in html
    assert "<script>" not in html
    assert 'data-testid="draft-restored"' not in html


def test_the_draft_is_kept_without_touching_the_record_and_says_when(client, cast, session):
    client.force_login(cast.educator)
    response = draft_post(client, session, notes="Half a thought", duration_minutes="ninety")
    assert response.status_code == 200
    draft = FormDraft.objects.get(user=cast.educator, object_id=session.pk)
    assert draft.data["notes"] == ["Half a thought"]
    assert draft.data["duration_minutes"] == ["ninety"]  # raw: not validated
    assert "csrfmiddlewaretoken" not in draft.data
    at = timezone.localtime(draft.saved_at)
    assert f"Draft saved at {at:%H:%M}" in text_of(response)
    assert 'class="govuk-hint' in response.content.decode()
    session.refresh_from_db()
    assert session.notes == SAVED_NOTES


def test_coming_back_restores_the_draft_with_a_banner(client, cast, session):
    domains = pcf_domains()
    client.force_login(cast.educator)
    draft_post(client, session, notes="Half a thought", domains=[domains[2].pk], mode="online")
    draft = FormDraft.objects.get()
    response = client.get(url("session_edit", session))
    html = response.content.decode()
    text = text_of(response)
    at = timezone.localtime(draft.saved_at)
    assert f"We restored your unsaved draft from {at:%H:%M}." in text
    assert 'class="govuk-notification-banner"' in html
    assert "Half a thought</textarea>" in html and SAVED_NOTES not in html
    assert re.search(rf'value="{domains[2].pk}" checked', html)
    assert re.search(r'value="online"[^>]*checked', html)
    assert f'action="{url("session_draft_discard", session)}"' in html
    assert "Discard the draft" in text


def test_a_save_ends_the_draft_and_a_refused_save_keeps_it(client, cast, session):
    client.force_login(cast.educator)
    draft_post(client, session, notes="Draft")
    bad_date = (cast.placement.starts_on - timedelta(days=1)).isoformat()
    refused = client.post(url("session_edit", session), record_data(session, date=bad_date))
    assert refused.status_code == 200
    assert FormDraft.objects.filter(user=cast.educator).exists()
    saved = client.post(url("session_edit", session), record_data(session, notes="Final"))
    assert saved.status_code == 302
    assert not FormDraft.objects.exists()
    session.refresh_from_db()
    assert session.notes == "Final"
    assert (
        'data-testid="draft-restored"'
        not in client.get(url("session_edit", session)).content.decode()
    )


def test_discarding_the_draft_goes_back_to_the_saved_record(client, cast, session):
    client.force_login(cast.educator)
    draft_post(client, session, notes="Draft")
    response = client.post(url("session_draft_discard", session), follow=True)
    assert response.redirect_chain[-1][0] == url("session_edit", session)
    assert "Your draft was discarded." in text_of(response)
    assert SAVED_NOTES in response.content.decode()
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize("who, status", [("student", 403), ("supervisor", 403), ("outsider", 404)])
def test_someone_who_may_not_write_the_record_keeps_no_draft(client, cast, session, who, status):
    user = user_with_role(Role.PRACTICE_EDUCATOR) if who == "outsider" else getattr(cast, who)
    client.force_login(user)
    assert draft_post(client, session, notes="Not mine").status_code == status
    assert not FormDraft.objects.exists()


def test_the_draft_of_one_person_is_never_shown_to_another(client, cast, session):
    client.force_login(cast.educator)
    draft_post(client, session, notes="The educator's unsaved words")
    for reader in (cast.student, cast.tutor, cast.supervisor):
        client.force_login(reader)
        page = client.get(url("session_detail", session))
        assert page.status_code == 200
        assert "unsaved words" not in page.content.decode()


def test_a_signed_out_person_is_told_the_draft_was_not_kept(client, session):
    response = draft_post(client, session, notes="Typed after the session ended")
    assert response.status_code == 403
    assert response[REFUSED_HEADER] == "refused"
    assert "you are signed out" in text_of(response)
    assert not FormDraft.objects.exists()


def test_a_locked_record_refuses_a_draft(client, cast):
    locked = locked_session(cast)
    client.force_login(cast.educator)
    response = draft_post(client, locked, notes="Too late")
    assert response.status_code == 409
    assert response[REFUSED_HEADER] == "refused"
    assert "Draft not saved" in text_of(response) and "locked" in text_of(response)
    assert not FormDraft.objects.exists()


def test_a_record_sent_to_the_student_refuses_a_draft(client, cast):
    sent = SupervisionSessionFactory(placement=cast.placement, status=S.AWAITING_STUDENT)
    client.force_login(cast.educator)
    response = draft_post(client, sent, notes="Too late")
    assert response.status_code == 409
    assert "cannot be changed now" in text_of(response)
    assert not FormDraft.objects.exists()


def test_the_draft_address_takes_only_posts(client, cast, session):
    client.force_login(cast.educator)
    assert client.get(url("session_draft", session)).status_code == 405
