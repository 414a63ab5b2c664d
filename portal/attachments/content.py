"""What an uploaded attachment is, decided by its content, never by its name.

Accepted (issue 22, requirement 4):
- PDF: starts with `%PDF-`, opens with pypdf, is not password-protected, and
  carries no script, launch action or embedded file (a PDF reader would run or
  open them); its text is extracted for the child-name guard.
- Word (.docx): a ZIP holding `word/document.xml`, without macros (a `.docm`, or
  any `vbaProject.bin`); its text (body, headers, footers, notes, comments) is
  read with zipfile and the standard XML parser, refusing DTDs (entity bombs).
- Photos (JPEG, PNG, WebP, HEIC): handed to the image cleaner the Life Story
  Books app registers (lifestory.media.clean_image, `image_cleaner`), which keeps
  only the pixels, so no location or camera details are stored.
Refused: a legacy Word file (.doc: its text cannot be read safely without another
library, so the name guard could not check it), and everything else.
The size limit (10 MB) is checked while reading, before anything is decoded.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

from portal.uploads import read_upload

MAX_BYTES = 10 * 1024 * 1024
# A .docx is compressed: what it may unpack to, and how many parts it may have.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_PDF_PAGES = 500

SUPPORTED = "Choose a PDF, Word document or photo (JPEG, PNG, WebP or HEIC)"

PDF = "pdf"
DOCX = "docx"
JPEG = "jpeg"
PNG = "png"

KIND_LABELS = {PDF: "PDF", DOCX: "Word document", JPEG: "JPEG photo", PNG: "PNG photo"}
MEDIA_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", JPEG: ".jpg", PNG: ".png"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), old Excel, MSI...
_ZIP = b"PK\x03\x04"
_PDF_DANGERS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")
# The parts of a .docx whose text a reader sees.
_DOCX_TEXT_PARTS = re.compile(
    r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# (bytes) -> object with .content, .content_type, .kind: lifestory.media.clean_image,
# registered by the Life Story Books app at start-up (portal imports no app).
_image_cleaner: list[Callable] = []


def image_cleaner(clean: Callable) -> Callable:
    """Register the function that checks a photo and rebuilds it without metadata."""
    _image_cleaner[:] = [clean]
    return clean


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: what is stored, and the text the name guard reads."""

    kind: str
    content: bytes
    text: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def refusal(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def read_limited(upload) -> bytes:
    """The upload's bytes, refused as soon as they pass MAX_BYTES (or if empty)."""
    try:
        return read_upload(upload, max_bytes=MAX_BYTES)
    except ValidationError as error:
        raise refusal(error.messages[0], error.code) from None


def check_upload(upload) -> CheckedFile:
    """Read and check an upload; raises ValidationError on the `file` field."""
    data = read_limited(upload)
    if data.startswith(b"%PDF-"):
        return CheckedFile(PDF, data, _pdf_text(data))
    if data.startswith(_ZIP):
        return CheckedFile(DOCX, data, _docx_text(data))
    if data.startswith(_OLE2):
        raise refusal(
            "The selected file is an older Word document (.doc), which cannot be checked. "
            "Save it as a Word document (.docx) or a PDF and upload that",
            "legacy_word",
        )
    if _looks_like_image(data):
        return _image(data)
    raise refusal(f"The selected file is not a PDF, Word document or photo. {SUPPORTED}", "type")


# --- PDF ----------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    damaged = refusal(
        "The selected PDF is damaged and cannot be opened. Save it again and upload the copy",
        "damaged",
    )
    if any(re.search(re.escape(danger) + rb"\b", data) for danger in _PDF_DANGERS):
        raise refusal(
            "The selected PDF contains a script, an action or an embedded file, so it cannot "
            "be used. Print it to a new PDF and upload that",
            "pdf_active",
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise refusal(
                "The selected PDF is protected with a password, so it cannot be checked. "
                "Save a copy without the password and upload that",
                "encrypted",
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise refusal(f"The selected PDF must have {MAX_PDF_PAGES} pages or fewer", "pages")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise damaged from None


# --- Word ---------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    not_word = refusal(
        f"The selected file is a compressed (ZIP) file, not a Word document. {SUPPORTED}", "zip"
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_word from None
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise not_word
    content_types = (
        _read_part(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else ""
    )
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        "macroEnabled" in content_types
    ):
        raise refusal(
            "The selected Word document contains macros (.docm), which can run programs. "
            "Save it as a Word document (.docx) without macros and upload that",
            "macros",
        )
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise refusal("The selected Word document is too big to open", "unpacked_too_large")
    parts = sorted(name for name in names if _DOCX_TEXT_PARTS.fullmatch(name))
    return "\n".join(_xml_text(_read_part(archive, name)) for name in parts)


def _read_part(archive: zipfile.ZipFile, name: str) -> str:
    try:
        return archive.read(name).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise refusal(
            "The selected Word document is damaged and cannot be opened. Save it again and "
            "upload the copy",
            "damaged",
        ) from None


def _xml_text(xml: str) -> str:
    """The words of a WordprocessingML part: runs joined, a paragraph per line."""
    if "<!DOCTYPE" in xml or "<!ENTITY" in xml:
        raise refusal(
            "The selected Word document has unusual content and cannot be checked. Save it "
            "again as a Word document (.docx) and upload the copy",
            "dtd",
        )
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - no DTD (refused above)
    except ElementTree.ParseError:
        raise refusal(
            "The selected Word document is damaged and cannot be opened. Save it again and "
            "upload the copy",
            "damaged",
        ) from None
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        lines.append("".join(node.text or "" for node in paragraph.iter(f"{_W}t")))
    return "\n".join(lines)


# --- photos -------------------------------------------------------------------------


def _looks_like_image(data: bytes) -> bool:
    return (
        data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or data[4:8] == b"ftyp"
    )


def _image(data: bytes) -> CheckedFile:
    if not _image_cleaner:
        raise refusal(f"Photos cannot be attached here. {SUPPORTED}", "type")
    try:
        cleaned = _image_cleaner[0](io.BytesIO(data))
    except ValidationError as error:
        raise refusal(" ".join(error.messages), getattr(error, "code", None) or "image") from None
    kind = PNG if cleaned.content_type == "image/png" else JPEG
    return CheckedFile(kind, cleaned.content, "")


# --- the name shown ------------------------------------------------------------------


def clean_file_name(name: str, kind: str) -> str:
    """The uploaded file's name made safe to show and to send back: no folders,
    no control characters, at most 100 characters, and the extension of what it
    really is (a photo re-encoded as JPEG ends in .jpg)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = re.sub(r"[^\w\s().,'&+-]", "_", stem).strip(" ._") or "attachment"
    return stem[:100].rstrip() + EXTENSIONS[kind]


def name_words(file_name: str) -> str:
    """The file name as words, for the name guard: `Ann_Smith-notes.pdf` reads as
    "Ann Smith notes pdf" (an underscore would otherwise join the words)."""
    return re.sub(r"[_.\-+]+", " ", file_name)
