"""Documents made in the background (portal.exports), through the supervision log:
ask on the page, the task makes the PDF (eagerly here), download it; refusals,
failures, re-delivery and the weekly clean-up."""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal import exports
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.exports import export_request, export_run, exports_prune
from portal.models import DocumentExport
from portal.tasks import prune_document_exports
from supervision.exports import SUPERVISION_LOG
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = DocumentExport.Status
BROKEN = "broken_test_document"
EDUCATORS_ONLY = "educators_only_test_document"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast():
    cast = make_cast(status="active")
    SupervisionSessionFactory(placement=cast.placement, notes="Talked through the first visit.")
    return cast


@pytest.fixture
def registered_kinds():
    """Two kinds registered the way a feature would: one whose renderer breaks,
    one only the practice educator may make."""

    def broken(subject, requested_by):
        raise RuntimeError("The template could not be found.")

    def notes(subject, requested_by):
        return "notes.txt", b"Educator's notes"

    exports.register(BROKEN, render=broken, permission="placements.view_placement")
    exports.register(
        EDUCATORS_ONLY,
        render=notes,
        permission="supervision.add_session",
        scope="placements.view_placement",
    )
    yield
    exports._kinds.pop(BROKEN)
    exports._kinds.pop(EDUCATORS_ONLY)


def page_url(placement):
    return reverse("supervision:placement_supervision_pdf", args=[placement.pk])


def download_url(export):
    return reverse("portal:export_download", args=[export.pk])


def test_a_requested_log_is_made_in_the_background_and_downloads(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.student)

    first = client.get(page_url(cast.placement))
    assert first.status_code == 200
    assert "Create PDF" in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(page_url(cast.placement))
    assert response.status_code == 302
    assert response["Location"] == page_url(cast.placement)
    assert len(callbacks) == 1

    export = DocumentExport.objects.get()
    assert export.status == S.DONE
    assert export.kind == SUPERVISION_LOG
    assert export.subject == cast.placement
    assert export.requested_by == cast.student
    assert export.finished_at is not None
    with export.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    # Kept in private storage under MEDIA_ROOT, in a folder nobody can guess.
    assert export.file.path.startswith(str(settings.MEDIA_ROOT))

    page = client.get(page_url(cast.placement)).content.decode()
    assert "Ready" in page
    assert download_url(export) in page
    assert "hx-trigger" not in page  # nothing left to wait for

    download = client.get(download_url(export))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="supervision-log-sam-student-' in disposition
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_asking_again_while_it_is_queued_reuses_the_export(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.tutor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(page_url(cast.placement))
        client.post(page_url(cast.placement))
        again = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.tutor)

    assert DocumentExport.objects.count() == 1
    assert again == DocumentExport.objects.get()
    assert len(callbacks) == 1  # one task for one export
    assert again.status == S.QUEUED

    page = client.get(page_url(cast.placement)).content.decode()
    assert "Waiting to start" in page
    assert 'hx-trigger="every 3s"' in page
    assert "Check again" in page
    assert "vendor/htmx.min.js" in page
    assert "Download the PDF" not in page

    # The polled panel comes alone, without the page around it.
    panel = client.get(page_url(cast.placement), headers={"HX-Request": "true"})
    assert panel.status_code == 200
    assert "<html" not in panel.content.decode()
    assert 'id="export-status"' in panel.content.decode()
    assert "HX-Request" in panel["Vary"]


def test_each_person_gets_their_own_export_and_a_finished_one_is_not_reused(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        students = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
    with django_capture_on_commit_callbacks(execute=False):
        tutors = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.tutor)
        newer = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)

    assert len({students.pk, tutors.pk, newer.pk}) == 3
    assert newer.status == S.QUEUED


def test_an_export_lost_by_the_worker_is_given_up_and_a_new_one_starts(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        lost = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
    DocumentExport.objects.filter(pk=lost.pk).update(
        status=S.RUNNING, created_at=timezone.now() - timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        fresh = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)

    lost.refresh_from_db()
    assert lost.status == S.FAILED
    assert "Abandoned" in lost.error
    assert fresh.pk != lost.pk
    fresh.refresh_from_db()
    assert fresh.status == S.DONE


def test_a_failed_render_is_recorded_logged_and_offered_again(
    client, cast, registered_kinds, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.ERROR, logger="portal.exports"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        export = export_request(kind=BROKEN, subject=cast.placement, by=cast.student)

    export.refresh_from_db()
    assert export.status == S.FAILED
    assert export.error == "RuntimeError: The template could not be found."
    assert export.finished_at is not None
    assert not export.file
    assert f"Document export {export.pk} ({BROKEN}) failed." in caplog.text
    assert export.history.filter(status=S.FAILED).exists()

    client.force_login(cast.student)
    assert client.get(download_url(export)).status_code == 404


def test_the_failure_page_offers_to_try_again(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        export = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
    DocumentExport.objects.filter(pk=export.pk).update(status=S.FAILED, error="OSError: disk")

    client.force_login(cast.student)
    page = client.get(page_url(cast.placement)).content.decode()

    assert "Failed" in page
    assert "The PDF could not be made" in page
    assert "Try again" in page
    assert "OSError" not in page  # the technical reason is for support, not the page


def test_a_task_delivered_twice_makes_the_document_once(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
    export.refresh_from_db()
    first_file = export.file.name

    export_run(export.pk)

    export.refresh_from_db()
    assert export.status == S.DONE
    assert export.file.name == first_file
    assert export_run(999999) is None  # pruned before the worker got to it


def test_people_who_cannot_see_the_placement_cannot_ask(client, cast):
    outsider = PlacementFactory().practice_educator
    school = user_with_role(Role.SCHOOL_CONTACT, OrganisationFactory(kind=Organisation.Kind.SCHOOL))

    for person in (outsider, school):
        with pytest.raises(Http404):
            export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=person)
        client.force_login(person)
        assert client.get(page_url(cast.placement)).status_code == 404
        assert client.post(page_url(cast.placement)).status_code == 404

    client.logout()
    response = client.post(page_url(cast.placement))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not DocumentExport.objects.exists()


def test_someone_who_sees_the_record_but_may_not_make_the_document_gets_403(cast, registered_kinds):
    with pytest.raises(PermissionDenied):
        export_request(kind=EDUCATORS_ONLY, subject=cast.placement, by=cast.tutor)
    assert not DocumentExport.objects.exists()
    export_request(kind=EDUCATORS_ONLY, subject=cast.placement, by=cast.educator)
    assert DocumentExport.objects.count() == 1


def test_download_is_for_the_person_who_asked_while_they_may_still_see_the_record(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
    url = download_url(export)

    # The tutor sees the placement, but this file was made for the student.
    client.force_login(cast.tutor)
    assert client.get(url).status_code == 403
    # Someone outside the placement is not told the export exists.
    client.force_login(PlacementFactory().practice_educator)
    assert client.get(url).status_code == 404
    client.force_login(cast.student)
    assert client.get(reverse("portal:export_download", args=[999999])).status_code == 404
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_a_download_before_it_is_ready_or_after_its_file_went_is_404(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.student)
    with django_capture_on_commit_callbacks(execute=False):
        queued = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
    assert client.get(download_url(queued)).status_code == 404

    export_run(queued.pk)
    queued.refresh_from_db()
    queued.file.storage.delete(queued.file.name)
    assert client.get(download_url(queued)).status_code == 404


def test_exports_older_than_a_week_are_deleted_with_their_files(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.student)
        recent = export_request(kind=SUPERVISION_LOG, subject=cast.placement, by=cast.tutor)
    old.refresh_from_db()
    recent.refresh_from_db()
    storage, old_name = old.file.storage, old.file.name
    DocumentExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert storage.exists(old_name)

    assert prune_document_exports() == 1

    assert not DocumentExport.objects.filter(pk=old.pk).exists()
    assert not storage.exists(old_name)
    assert DocumentExport.objects.filter(pk=recent.pk).exists()
    assert storage.exists(recent.file.name)
    assert exports_prune(older_than=timezone.now() - timedelta(days=7)) == 0
    beat = settings.CELERY_BEAT_SCHEDULE["prune-document-exports"]
    assert beat["task"] == "portal.tasks.prune_document_exports"
