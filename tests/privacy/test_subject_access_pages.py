"""Subject access in the portal: an administrator finds the person, makes the
export in the background, and downloads it; both are logged; nobody else may."""

import io
import json
import zipfile

import pytest

from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.models import DocumentExport
from tests.casework.factories import CarerFactory, ChildFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SEARCH = "/portal/privacy/subject-access/"


def page_of(kind, person):
    return f"{SEARCH}{kind}/{person.pk}/"


@pytest.fixture
def admin(client):
    user = user_with_role(Role.ADMIN)
    client.force_login(user)
    return user


@pytest.fixture
def child():
    child = ChildFactory(first_name="Wilhelmina", last_name="Sedgwick")
    CarerFactory(child=child, name="Rowena Sedgwick")
    return child


def test_an_admin_finds_a_child_their_carer_and_an_account(client, admin, child):
    found = client.get(SEARCH, {"kind": "child", "identifier": child.reference.lower()})
    assert "Wilhelmina Sedgwick" in found.content.decode()
    carers = client.get(SEARCH, {"kind": "carer", "identifier": child.reference})
    assert "Rowena Sedgwick" in carers.content.decode()
    accounts = client.get(SEARCH, {"kind": "user", "identifier": admin.email[:6]})
    assert admin.email in accounts.content.decode()
    nobody = client.get(SEARCH, {"kind": "child", "identifier": "C-NOBODY"})
    assert "Nobody matches" in nobody.content.decode()


def test_a_search_without_who_it_is_about_says_what_to_choose(client, admin):
    response = client.get(SEARCH, {"identifier": "C-7KQ2WD"})
    assert "Choose who the request is about." in response.content.decode()


def test_the_export_is_made_in_the_background_downloaded_and_both_are_logged(
    client, admin, child, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(page_of("child", child))
    assert started.status_code == 302
    export = DocumentExport.objects.get(kind="subject_access")
    assert export.status == DocumentExport.Status.DONE
    page = client.get(page_of("child", child)).content.decode()
    assert "Download the ZIP" in page
    download = client.get(f"/portal/exports/{export.pk}/download/")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["about"] == {"kind": "child", "id": child.pk}
    purposes = set(
        AccessEvent.objects.filter(user=admin, object_id=str(child.pk)).values_list(
            "purpose", flat=True
        )
    )
    assert purposes == {"Started a subject access export", "Downloaded a document (subject access)"}


def test_another_admin_cannot_download_someone_elses_export(
    client, admin, child, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_of("child", child))
    export = DocumentExport.objects.get(kind="subject_access")
    client.force_login(user_with_role(Role.ADMIN))
    assert client.get(f"/portal/exports/{export.pk}/download/").status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SOCIAL_WORKER, Role.PRACTICE_EDUCATOR])
def test_other_roles_are_refused_every_subject_access_page(client, child, role):
    client.force_login(user_with_role(role, child.held_by))
    assert client.get(SEARCH).status_code == 403
    assert client.get(page_of("child", child)).status_code == 403
    assert client.post(page_of("child", child)).status_code == 403
    assert client.get(f"{SEARCH}child/999999/").status_code == 403  # nothing learnt
    assert not DocumentExport.objects.exists()


def test_a_person_that_is_not_there_is_not_found(client, admin):
    assert client.get(f"{SEARCH}child/999999/").status_code == 404
    assert client.get(f"{SEARCH}neighbour/1/").status_code == 404
