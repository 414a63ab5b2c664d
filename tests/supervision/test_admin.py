"""The Django admin shows supervision records and observations and changes none:
a forced change or delete of a locked record answers without touching the row,
and the model refuses even the admin's own save path."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils.html import escape

from portal.accounts.roles import Role
from portal.locking import RecordLocked, lock
from supervision.models import Observation, SupervisionSession
from tests.factories import user_with_role
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory
from tests.supervision.support import locked

pytestmark = pytest.mark.django_db

SESSIONS = "/django-admin/supervision/supervisionsession/"
OBSERVATIONS = "/django-admin/supervision/observation/"


@pytest.fixture
def admin_client(client):
    client.force_login(user_with_role(Role.ADMIN))
    return client


def _snapshot(record):
    row = type(record)._base_manager.filter(pk=record.pk).values().get()
    return row, record.history.count()


def _locked_observation():
    observation = ObservationFactory(status=Observation.Status.LOCKED)
    return lock(observation)


def test_admins_see_the_records(admin_client):
    session = locked(notes="Discussed the early-help threshold.")
    observation = ObservationFactory(setting="Home visit with a parent")

    sessions = admin_client.get(SESSIONS)
    observations = admin_client.get(OBSERVATIONS)
    page = admin_client.get(f"{SESSIONS}{session.pk}/change/")

    assert sessions.status_code == observations.status_code == page.status_code == 200
    assert escape(str(session.placement)) in sessions.content.decode()
    assert escape(str(observation.placement.student)) in observations.content.decode()
    assert "Discussed the early-help threshold." in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # no save button: read only


def test_a_forced_change_of_a_locked_record_changes_nothing(admin_client):
    session = locked(notes="As signed.")
    before = _snapshot(session)

    response = admin_client.post(
        f"{SESSIONS}{session.pk}/change/",
        {"notes": "Quietly rewritten", "status": "draft", "duration_minutes": "5", "_save": "Save"},
    )

    assert response.status_code == 403
    assert _snapshot(session) == before


def test_a_forced_delete_of_a_locked_record_changes_nothing(admin_client):
    session = locked()
    observation = _locked_observation()
    before = (_snapshot(session), _snapshot(observation))

    for url in (f"{SESSIONS}{session.pk}/delete/", f"{OBSERVATIONS}{observation.pk}/delete/"):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        SESSIONS, {"action": "delete_selected", "_selected_action": [session.pk], "post": "yes"}
    )

    assert bulk.status_code in (200, 302)  # the action is not offered; nothing is deleted
    assert (_snapshot(session), _snapshot(observation)) == before


def test_a_forced_change_of_a_locked_observation_changes_nothing(admin_client):
    observation = _locked_observation()
    before = _snapshot(observation)

    response = admin_client.post(
        f"{OBSERVATIONS}{observation.pk}/change/",
        {"setting": "Rewritten", "overall_feedback": "Rewritten", "_save": "Save"},
    )

    assert response.status_code == 403
    assert _snapshot(observation) == before


def test_the_admin_offers_no_change_or_delete_of_locked_records():
    admin = user_with_role(Role.ADMIN)
    request = RequestFactory().get("/")
    request.user = admin
    for record in (locked(), _locked_observation()):
        model_admin = site._registry[type(record)]
        assert model_admin.has_view_permission(request, record)
        assert not model_admin.has_change_permission(request, record)
        assert not model_admin.has_delete_permission(request, record)
        assert not model_admin.has_add_permission(request)


def test_the_model_refuses_the_admins_own_save_and_delete_paths():
    # Should the admin's permissions ever be loosened, the lock still holds where
    # every path ends: in the model.
    admin = user_with_role(Role.ADMIN)
    request = RequestFactory().post("/")
    request.user = admin
    session = locked(notes="As signed.")
    before = _snapshot(session)
    model_admin = site._registry[SupervisionSession]

    session.notes = "Quietly rewritten"
    with pytest.raises(RecordLocked):
        model_admin.save_model(request, session, form=None, change=True)
    with pytest.raises(RecordLocked):
        model_admin.delete_model(request, session)
    with pytest.raises(RecordLocked):
        model_admin.delete_queryset(request, SupervisionSession.objects.filter(pk=session.pk))

    assert _snapshot(session) == before


def test_an_unlocked_record_is_read_only_in_the_admin_too(admin_client):
    # Changes go through the services (transitions, signatures cleared on edit).
    session = SupervisionSessionFactory(notes="Being written.")
    before = _snapshot(session)

    response = admin_client.post(f"{SESSIONS}{session.pk}/change/", {"notes": "Admin edit"})

    assert response.status_code == 403
    assert _snapshot(session) == before


def test_other_roles_do_not_reach_the_admin(client):
    session = locked()
    client.force_login(session.placement.practice_educator)

    response = client.get(f"{SESSIONS}{session.pk}/change/")

    assert response.status_code == 302
    assert "login" in response["Location"]
