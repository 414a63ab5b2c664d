"""Files on a direct observation and its service user's feedback sheet (issue 22,
requirement 4; "a PE attaches a feedback sheet to an observation"): the observer
attaches them while writing the feedback; nobody changes the files of a signed,
locked observation; everyone who sees the observation downloads them (logged)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from placements.casework import selectors as casework_selectors
from portal.attachments.models import Attachment
from portal.audit.models import AccessEvent
from portal.locking import RecordLocked
from supervision.models import Observation
from supervision.services.observation_attachments import (
    observation_attachment_add,
    observation_attachment_remove,
)
from supervision.services.observations import observation_step
from tests.attachments.files import EXE, docx_bytes, pdf_bytes, upload, use_private_storage
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.supervision.support import book, locked_observation, written

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    return use_private_storage(settings, tmp_path)


@pytest.fixture
def observation():
    return written(PlacementFactory())


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


def attach(observation, name="sheet.pdf", data=None, *, sheet=True, by=None):
    return observation_attachment_add(
        observation=observation,
        by=by or observation.observer,
        upload=upload(name, data or pdf_bytes(f"Feedback sheet {name}")),
        feedback_sheet=sheet,
    )


# --- services --------------------------------------------------------------------------


def test_the_observer_attaches_the_feedback_sheet_and_a_file(observation):
    sheet = attach(observation)
    notes = attach(observation, "notes.docx", docx_bytes(), sheet=False)
    assert sheet.record == observation.service_user_feedback
    assert notes.record == observation
    assert sheet.uploaded_by == observation.observer


def test_the_sheet_waits_for_the_service_users_feedback():
    observation = book(PlacementFactory())
    observation_step(observation=observation, by=observation.observer, name="start")
    with pytest.raises(ValidationError, match="Record the service user's feedback first"):
        attach(observation)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["student", "tutor"])
def test_only_the_observer_attaches(observation, who):
    person = getattr(observation.placement, who)
    with pytest.raises(PermissionDenied):
        attach(observation, by=person)
    assert not Attachment.objects.exists()


def test_a_locked_observation_takes_no_files_and_keeps_its_own():
    observation = written(PlacementFactory())
    kept = attach(observation)
    observation = locked_observation_from(observation)
    with pytest.raises(RecordLocked):
        attach(observation)
    with pytest.raises(RecordLocked):
        observation_attachment_remove(
            observation=observation, attachment=kept, by=observation.observer
        )
    assert list(Attachment.objects.all()) == [kept]


def locked_observation_from(observation):
    from supervision.services.observations import observation_reflect, observation_sign

    observer, student = observation.observer, observation.placement.student
    observation_step(observation=observation, by=observer, name="send_to_student")
    observation_reflect(observation=observation, by=student, reflection="I learned to slow down.")
    observation_sign(observation=observation, by=student)
    return observation_sign(observation=observation, by=observer)


def test_once_sent_to_the_student_the_files_stay_as_they_are(observation):
    observation_step(observation=observation, by=observation.observer, name="send_to_student")
    with pytest.raises(ValidationError, match="while the observer writes the feedback"):
        attach(observation)


def test_a_childs_name_in_the_sheet_is_refused(observation, monkeypatch):
    monkeypatch.setattr(casework_selectors, "names_on_work", lambda **people: {"Kayden"})
    with pytest.raises(ValidationError) as refused:
        attach(observation, data=pdf_bytes("Kayden said the visit was fun"))
    assert "Remove the name from the text in the file" in " ".join(
        refused.value.message_dict["file"]
    )
    with pytest.raises(ValidationError):
        attach(observation, name="kayden-feedback.pdf")
    assert not Attachment.objects.exists()


# --- pages -------------------------------------------------------------------------------


def test_the_observer_attaches_the_sheet_through_the_pages(client, observation):
    client.force_login(observation.observer)
    detail = client.get(url("observation_detail", observation.pk)).content.decode()
    assert "Attach the feedback sheet" in detail
    page = client.get(url("observation_sheet_add", observation.pk))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    response = client.post(
        url("observation_sheet_add", observation.pk), {"file": upload("sheet.pdf", pdf_bytes())}
    )
    assert response.status_code == 302
    detail = client.get(url("observation_detail", observation.pk)).content.decode()
    assert "sheet.pdf" in detail
    assert "The feedback sheet" in detail


def test_a_refused_upload_shows_on_the_form(client, observation):
    client.force_login(observation.observer)
    response = client.post(
        url("observation_attachment_add", observation.pk), {"file": upload("x.pdf", EXE)}
    )
    assert response.status_code == 200
    assert "Choose a PDF, Word document or photo" in response.content.decode()
    assert not Attachment.objects.exists()


def test_readers_get_403_and_outsiders_404(client, observation):
    attachment = attach(observation)
    pages = (
        url("observation_attachment_add", observation.pk),
        url("observation_sheet_add", observation.pk),
        url("observation_attachment_remove", observation.pk, attachment.pk),
    )
    client.force_login(observation.placement.student)
    for page in pages:
        assert client.get(page).status_code == 403, page
    client.force_login(EducatorProfileFactory().user)
    for page in pages:
        assert client.get(page).status_code == 404, page
    download = reverse("attachments:download", args=[attachment.pk])
    assert client.get(download).status_code == 404
    assert not AccessEvent.objects.exists()


def test_the_student_downloads_the_sheet_and_the_read_is_logged(client, observation):
    attachment = attach(observation)
    client.force_login(observation.placement.student)
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert AccessEvent.objects.get().user == observation.placement.student


def test_a_locked_observations_pages_send_the_observer_back(client):
    observation = locked_observation(PlacementFactory())
    client.force_login(observation.observer)
    response = client.get(url("observation_attachment_add", observation.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(url("observation_detail", observation.pk))


def test_removing_asks_first(client, observation):
    attachment = attach(observation)
    client.force_login(observation.observer)
    remove = url("observation_attachment_remove", observation.pk, attachment.pk)
    assert "Remove “sheet.pdf”?" in client.get(remove).content.decode()
    client.post(remove)
    assert not Attachment.objects.exists()


def test_the_observation_page_lists_files_in_constant_queries(
    client, observation, django_assert_max_num_queries
):
    client.force_login(observation.observer)
    attach(observation)
    attach(observation, sheet=False)
    with django_assert_max_num_queries(60) as few:
        client.get(url("observation_detail", observation.pk))
    for n in range(8):
        attach(observation, f"more-{n}.pdf", sheet=bool(n % 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("observation_detail", observation.pk))
    assert response.content.decode().count("Remove<span") == 10


def test_deleting_the_feedback_deletes_its_sheet(observation, django_capture_on_commit_callbacks):
    attach(observation)
    attach(observation, sheet=False)
    with django_capture_on_commit_callbacks(execute=True):
        observation.service_user_feedback.delete()
    assert [a.record for a in Attachment.objects.all()] == [
        Observation.objects.get(pk=observation.pk)
    ]


def test_an_amendment_starts_with_copies_of_the_signed_files(private_storage):
    from supervision.services.observations import observation_amend

    observation = written(PlacementFactory())
    sheet = attach(observation)
    notes = attach(observation, "notes.docx", docx_bytes(), sheet=False)
    original = locked_observation_from(observation)

    correction = observation_amend(
        observation=original, by=original.observer, reason="The sheet was the wrong one."
    )

    copies = {a.original_name: a for a in Attachment.objects.exclude(pk__in=[sheet.pk, notes.pk])}
    assert copies["notes.docx"].record == correction
    assert copies["sheet.pdf"].record == correction.service_user_feedback
    assert copies["sheet.pdf"].file.name != sheet.file.name
    assert (private_storage / copies["sheet.pdf"].file.name).read_bytes() == pdf_bytes(
        "Feedback sheet sheet.pdf"
    )
    # The correction's files change while it is written; the signed original keeps its own.
    observation_attachment_remove(
        observation=correction, attachment=copies["sheet.pdf"], by=correction.observer
    )
    assert (private_storage / sheet.file.name).exists()
    assert Attachment.objects.filter(pk__in=[sheet.pk, notes.pk]).count() == 2


def test_the_verbal_feedback_page_shows_the_sheet_but_the_faces_form_does_not(client, observation):
    attach(observation)
    client.force_login(observation.observer)
    verbal = client.get(url("observation_service_user", observation.pk) + "?kind=verbal")
    assert "sheet.pdf" in verbal.content.decode()
    faces = client.get(url("observation_service_user", observation.pk) + "?kind=faces")
    assert "sheet.pdf" not in faces.content.decode()
