"""Files on capability evidence (issue 22, requirement 4): the student attaches
and removes them while the item is theirs to change; everyone who sees the
placement downloads them (logged); a child's name in the file name or its text
is refused with nothing stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from placements.casework import selectors as casework_selectors
from placements.models import Placement
from placements.services.evidence_attachments import (
    evidence_attachment_add,
    evidence_attachment_remove,
)
from portal.accounts.roles import Role
from portal.attachments.models import Attachment
from portal.attachments.selectors import attachments_for
from portal.audit.models import AccessEvent
from tests.attachments.files import (
    DOCX_TYPE,
    EXE,
    docx_bytes,
    jpeg_bytes,
    pdf_bytes,
    upload,
    use_private_storage,
)
from tests.factories import user_with_role
from tests.placements.factories import EvidenceItemFactory, PlacementFactory

pytestmark = pytest.mark.django_db

S = Placement.Status


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    return use_private_storage(settings, tmp_path)


@pytest.fixture
def item():
    return EvidenceItemFactory(placement=PlacementFactory(status=S.ACTIVE))


@pytest.fixture
def child_names(monkeypatch):
    monkeypatch.setattr(
        casework_selectors, "names_on_work", lambda **people: {"Kayden", "Marsh", "Dana Whitfield"}
    )


def add(item, name="sheet.pdf", data=None, by=None):
    return evidence_attachment_add(
        item=item,
        by=by or item.placement.student,
        upload=upload(name, data or pdf_bytes(f"Feedback sheet {name}")),
    )


def file_refusal(write) -> str:
    with pytest.raises(ValidationError) as refused:
        write()
    return " ".join(refused.value.message_dict["file"])


# --- services --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("sheet.pdf", pdf_bytes(), "pdf"),
        ("notes.docx", docx_bytes(), "docx"),
        ("photo.jpg", jpeg_bytes(), "jpeg"),
    ],
)
def test_the_student_attaches_a_pdf_word_document_or_photo(item, private_storage, name, data, kind):
    attachment = add(item, name, data)
    assert attachment.kind == kind
    assert attachment.original_name == name
    assert attachment.record == item
    assert attachment.uploaded_by == item.placement.student
    assert attachment.size == attachment.file.size > 0
    assert len(attachment.sha256) == 64
    # Kept in the private storage under a random name, never the uploaded one.
    assert (private_storage / attachment.file.name).exists()
    assert name not in attachment.file.name
    assert attachment.history.count() == 1


@pytest.mark.parametrize("who", ["practice_educator", "tutor", "outsider"])
def test_only_the_student_attaches_files_to_evidence(item, who):
    person = {
        "practice_educator": item.placement.practice_educator,
        "tutor": item.placement.tutor,
        "outsider": user_with_role(Role.STUDENT),
    }[who]
    with pytest.raises(PermissionDenied):
        add(item, by=person)
    assert not Attachment.objects.exists()


def test_evidence_the_educator_has_commented_on_takes_no_files(item):
    item.educator_comment, item.commented_at = "Good", timezone.now()
    item.commented_by = item.placement.practice_educator
    item.save()
    with pytest.raises(ValidationError, match="has commented"):
        add(item)
    assert not Attachment.objects.exists()


def test_a_finished_placements_evidence_takes_no_files(item):
    Placement.objects.filter(pk=item.placement_id).update(status=S.FINAL_REPORT_SUBMITTED)
    with pytest.raises(ValidationError, match="final report"):
        add(item)
    assert not Attachment.objects.exists()


def test_a_disguised_file_is_refused(item, private_storage):
    message = file_refusal(lambda: add(item, "report.pdf", EXE))
    assert "Choose a PDF, Word document or photo" in message
    assert not Attachment.objects.exists()
    assert not any(private_storage.rglob("*.*")) if private_storage.exists() else True


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Kayden_Marsh_review.pdf", pdf_bytes()),
        ("sheet.pdf", pdf_bytes("Kayden enjoyed drawing his family today")),
        ("notes.docx", docx_bytes("Ms Whitfield said mornings are hard")),
    ],
    ids=["file-name", "pdf-text", "docx-text"],
)
def test_a_childs_name_in_the_name_or_text_is_refused(
    item,
    child_names,
    private_storage,
    name,
    data,
):
    message = file_refusal(lambda: add(item, name, data))
    assert "Remove the name from the" in message
    assert "Kayden" not in message and "Whitfield" not in message
    assert not Attachment.objects.exists()
    assert not (private_storage / "attachments").exists() or not any(
        (private_storage / "attachments").iterdir()
    )


def test_the_student_removes_a_file_and_it_is_deleted(
    item, private_storage, django_capture_on_commit_callbacks
):
    attachment = add(item)
    pk, stored = attachment.pk, private_storage / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence_attachment_remove(item=item, attachment=attachment, by=item.placement.student)
    assert not Attachment.objects.exists()
    assert not stored.exists()
    removed = Attachment.history.get(id=pk, history_type="-")
    assert removed.history_user == item.placement.student


def test_deleting_the_evidence_deletes_its_files(
    item, private_storage, django_capture_on_commit_callbacks
):
    stored = private_storage / add(item).file.name
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert not Attachment.objects.exists()
    assert not stored.exists()


# --- pages -------------------------------------------------------------------------------


def add_url(item):
    return reverse("placements:evidence_attachment_add", args=[item.placement_id, item.pk])


def detail_url(item):
    return reverse("placements:evidence_detail", args=[item.placement_id, item.pk])


def test_the_student_attaches_a_file_through_the_page(client, item):
    client.force_login(item.placement.student)
    page = client.get(add_url(item))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    response = client.post(add_url(item), {"file": upload("sheet.pdf", pdf_bytes())})
    assert response.status_code == 302
    detail = client.get(detail_url(item))
    assert "sheet.pdf" in detail.content.decode()
    assert "PDF" in detail.content.decode()


def test_a_refused_file_shows_on_the_form(client, item):
    client.force_login(item.placement.student)
    response = client.post(add_url(item), {"file": upload("report.pdf", EXE)})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Choose a PDF, Word document or photo" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_educator_may_not_open_the_upload_page(client, item):
    client.force_login(item.placement.practice_educator)
    assert client.get(add_url(item)).status_code == 403
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(add_url(item)).status_code == 404


def test_removing_asks_first(client, item):
    attachment = add(item)
    url = reverse(
        "placements:evidence_attachment_remove",
        args=[item.placement_id, item.pk, attachment.pk],
    )
    client.force_login(item.placement.student)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove “sheet.pdf”?" in confirm.content.decode()
    assert Attachment.objects.exists()
    client.post(url)
    assert not Attachment.objects.exists()


def test_another_students_file_is_not_found(client, item):
    attachment = add(item)
    client.force_login(user_with_role(Role.STUDENT))
    download = reverse("attachments:download", args=[attachment.pk])
    assert client.get(download).status_code == 404
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("who", ["student", "practice_educator", "tutor"])
def test_those_who_see_the_placement_download_and_it_is_logged(client, item, who):
    attachment = add(item, "notes.docx", docx_bytes())
    person = getattr(item.placement, who)
    client.force_login(person)
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="notes.docx"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == docx_bytes()
    event = AccessEvent.objects.get()
    assert event.user == person
    assert event.object_id == str(attachment.pk)


def test_the_evidence_page_lists_files_in_constant_queries(
    client, item, django_assert_max_num_queries
):
    client.force_login(item.placement.student)
    add(item)
    add(item, "second.pdf")
    with django_assert_max_num_queries(40) as few:
        client.get(detail_url(item))
    for n in range(8):
        add(item, f"more-{n}.pdf")
    assert len(list(attachments_for(item))) == 10
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(detail_url(item))
    assert response.content.decode().count("Remove<span") == 10
