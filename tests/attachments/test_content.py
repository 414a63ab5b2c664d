"""What an upload is, decided by its content (portal.attachments.content): no database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal.attachments import content
from portal.attachments.content import check_upload, clean_file_name, name_words
from tests.attachments.files import (
    DOCX_TYPE,
    EXE,
    HTML,
    LEGACY_DOC,
    docx_bytes,
    jpeg_bytes,
    pdf_bytes,
    upload,
)


def refused(file) -> tuple[str, str]:
    with pytest.raises(ValidationError) as error:
        check_upload(file)
    (inner,) = error.value.error_dict["file"]
    return inner.code, " ".join(inner.messages)


def test_a_pdf_is_accepted_and_its_text_read():
    checked = check_upload(upload("sheet.pdf", pdf_bytes("The visit went well today")))
    assert checked.kind == "pdf"
    assert checked.media_type == "application/pdf"
    assert "The visit went well today" in checked.text


def test_a_word_document_is_accepted_and_its_text_read():
    checked = check_upload(upload("notes.docx", docx_bytes("Calm and kind"), DOCX_TYPE))
    assert checked.kind == "docx"
    assert checked.text == "Calm and kind"


def test_a_photo_is_accepted_and_rebuilt_without_its_metadata():
    import io

    image = Image.new("RGB", (40, 30), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert b"PhoneMaker" in buffer.getvalue()

    checked = check_upload(upload("photo.jpeg", buffer.getvalue(), "image/jpeg"))

    assert checked.kind == "jpeg"
    assert b"PhoneMaker" not in checked.content
    assert checked.content.startswith(b"\xff\xd8\xff")


def test_the_type_comes_from_the_content_not_the_name():
    assert check_upload(upload("looks-like-a.docx", pdf_bytes())).kind == "pdf"
    assert check_upload(upload("photo.pdf", jpeg_bytes())).kind == "jpeg"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("report.pdf", EXE, "type"),
        ("report.pdf", HTML, "type"),
        ("sheet.docm", docx_bytes(macros=True), "macros"),
        ("old.doc", LEGACY_DOC, "legacy_word"),
        ("bundle.pdf", b"PK\x03\x04" + b"\x00" * 40, "zip"),
        ("empty.pdf", b"", "empty"),
        ("broken.pdf", b"%PDF-1.4\nnothing else", "damaged"),
        (
            "script.pdf",
            pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /JS (x) >>"),
            "pdf_active",
        ),
    ],
    ids=[
        "exe-renamed-pdf",
        "html-renamed-pdf",
        "docm",
        "legacy-doc",
        "zip",
        "empty",
        "broken",
        "pdf-with-script",
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, data, code):
    refused_code, message = refused(upload(name, data))
    assert refused_code == code
    assert message
    if code == "type":
        assert "Choose a PDF, Word document or photo (JPEG, PNG, WebP or HEIC)" in message


def test_a_file_over_the_limit_is_refused_while_reading(monkeypatch):
    monkeypatch.setattr(content, "MAX_BYTES", 1000)
    code, message = refused(upload("big.pdf", pdf_bytes() + b"%" * 2000))
    assert code == "file_too_large"
    assert "The selected file must be smaller than" in message


def test_a_real_file_over_10_mb_is_refused():
    code, message = refused(upload("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)))
    assert code == "file_too_large"
    assert "smaller than 10 MB" in message


def test_a_word_document_with_an_entity_declaration_is_refused():
    bomb = docx_bytes("x")
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bomb)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
                    + data.split(b"?>", 1)[1]
                )
            target.writestr(item, data)
    code, _ = refused(upload("bomb.docx", buffer.getvalue()))
    assert code == "dtd"


@pytest.mark.parametrize(
    ("given", "kind", "cleaned"),
    [
        ("C:\\Users\\pe\\Desktop\\feedback sheet.PDF", "pdf", "feedback sheet.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("scan.heic", "jpeg", "scan.jpg"),
        ("<script>.docx", "docx", "script.docx"),
        ("", "pdf", "attachment.pdf"),
        ("a\x00b\u202e.pdf", "pdf", "ab.pdf"),
    ],
)
def test_the_name_is_cleaned_and_ends_in_what_the_file_is(given, kind, cleaned):
    assert clean_file_name(given, kind) == cleaned


def test_the_name_guard_reads_a_file_name_as_words():
    assert name_words("Kayden_Marsh-notes.pdf") == "Kayden Marsh notes pdf"
