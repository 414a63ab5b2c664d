"""Photos for Life Story Books: checked, stripped of metadata and re-encoded.

A photo of a child can carry where it was taken (GPS), when, on which phone, and
whatever else a camera or editor wrote into it. `clean_image` keeps only the
pixels: nothing from the uploaded file is stored as it came.

- The type is decided by the file's content, never by its name: JPEG, PNG, WebP,
  and HEIC (read by pillow-heif, which registers itself with Pillow).
- Refused: anything else, SVG and HTML (markup that a browser would run), PDF,
  files that are also another file (a JPEG with a ZIP archive joined to it, a PNG
  with data after its end), files over 20 MB (checked while reading, before any
  decoding), images over 50 megapixels (decompression bombs) and damaged images.
- The EXIF orientation is applied, then the image is rebuilt from its pixel data
  alone, so no EXIF, GPS, XMP, ICC profile, comment or PNG text chunk survives.
  The ICC profile is dropped rather than converted (parsing it is an attack
  surface of its own); a wide-gamut phone photo may look slightly less vivid.
- Output: JPEG (quality 90) for photos without transparency, PNG for those with
  it. The same rule applies to the thumbnail (at most 320 px on its long side)
  and the print version (at most 2480 px, A4 at 300 dpi; never enlarged).
"""

import hashlib
import io
import threading
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

import pillow_heif
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from portal.uploads import read_upload

pillow_heif.register_heif_opener()

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
THUMBNAIL_SIZE = 320
PRINT_SIZE = 2480
JPEG_QUALITY = 90

SUPPORTED = "Choose a JPEG, PNG, WebP or HEIC photo"
_MARKUP = (b"<svg", b"<html", b"<!doctype", b"<script", b"<body", b"<iframe", b"<?xml")
# Brands of an ISO media file ("ftyp" box) that pillow-heif reads as HEIC/HEIF.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# Pillow's format name for each kind this module accepts.
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heic": "HEIF"}


@dataclass(frozen=True)
class CleanedImage:
    """A photo rebuilt from its pixels, ready for private storage."""

    kind: str  # what was uploaded: "jpeg", "png", "webp" or "heic"
    content: bytes  # the full-size image, re-encoded
    thumbnail: bytes
    print_version: bytes
    width: int
    height: int
    content_type: str  # of content, thumbnail and print_version
    original_sha256: str  # of the uploaded bytes, to spot the same photo twice

    @property
    def extension(self) -> str:
        return ".png" if self.content_type == "image/png" else ".jpg"


def clean_image(upload) -> CleanedImage:
    """Check an uploaded photo and return it re-encoded without any metadata.

    `upload` is a Django UploadedFile or any binary file object; its name is
    ignored. Raises ValidationError (with a `code`) naming what is wrong.
    """
    data = _read_limited(upload)
    kind = _sniff(data)
    image = _decode(data, kind)
    image = _pixels_only(ImageOps.exif_transpose(image))
    output_format = "PNG" if image.mode == "RGBA" else "JPEG"
    return CleanedImage(
        kind=kind,
        content=_encode(image, output_format),
        thumbnail=_encode(_shrunk(image, THUMBNAIL_SIZE), output_format),
        print_version=_encode(_shrunk(image, PRINT_SIZE), output_format),
        width=image.width,
        height=image.height,
        content_type=f"image/{output_format.lower()}",
        original_sha256=hashlib.sha256(data).hexdigest(),
    )


def _read_limited(upload) -> bytes:
    return read_upload(upload, max_bytes=MAX_UPLOAD_BYTES)


def _sniff(data: bytes) -> str:
    """The kind of image the bytes are, refusing anything that is also something else."""
    head = data[:1024]
    has_pdf_header = b"%PDF-" in head  # PDF readers look for it in the first kilobyte
    has_markup = any(tag in head.lower() for tag in _MARKUP)
    kind = _kind_from_signature(data)
    if kind is None:
        if has_pdf_header:
            raise ValidationError(
                f"The selected file is a PDF document, not a photo. {SUPPORTED}", code="pdf"
            )
        if has_markup:
            raise ValidationError(
                "The selected file is a web page or drawing (HTML or SVG), not a photo. "
                + SUPPORTED,
                code="markup",
            )
        raise ValidationError(
            f"The file is not a JPEG, PNG, WebP or HEIC photo. {SUPPORTED}", code="unsupported"
        )
    if (
        has_pdf_header
        or has_markup
        or zipfile.is_zipfile(io.BytesIO(data))
        or _has_trailing_data(data, kind)
    ):
        raise ValidationError(
            "The selected file has another file joined to the photo, so it cannot be used. "
            "Save the photo again as a new file and upload that",
            code="polyglot",
        )
    return kind


def _kind_from_signature(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "heic"
    return None


def _has_trailing_data(data: bytes, kind: str) -> bool:
    """Whether bytes follow the end of the image, where another file could hide."""
    if kind == "jpeg":
        # Phones may append more JPEGs (MPF depth maps), each ending in EOI too.
        return not data.rstrip(b"\x00").endswith(b"\xff\xd9")
    if kind == "png":
        end = data.rfind(b"IEND")
        return end == -1 or len(data) > end + 8  # the chunk type, then its 4-byte CRC
    if kind == "webp":
        riff_size = int.from_bytes(data[4:8], "little")
        return len(data) > 8 + riff_size + (riff_size % 2)
    return False  # HEIC: an ISO media file has no end marker; the ZIP check still runs


_STRICT = threading.Lock()


@contextmanager
def _strict_decoding():
    """A truncated image is damaged, whatever else in the process asked Pillow to
    accept them (WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES when imported, so
    a worker that has made a PDF would otherwise take half a photo)."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _decode(data: bytes, kind: str) -> Image.Image:
    damaged = ValidationError(
        "The selected photo is damaged and cannot be opened. Export it again and upload the copy",
        code="damaged",
    )
    too_many_pixels = ValidationError(
        "The selected photo is too big to open: it must be smaller than 50 megapixels",
        code="too_many_pixels",
    )
    formats = [_PILLOW_FORMATS[kind]]
    with _strict_decoding(), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_many_pixels
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=formats)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise damaged from None
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding only the pixel data: no info, EXIF, ICC or text chunks."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit and float greyscale (some PNGs): scale down to 8 bits first.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # declared transparency that nothing uses
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _shrunk(image: Image.Image, longest_side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    return copy


def _encode(image: Image.Image, output_format: str) -> bytes:
    buffer = io.BytesIO()
    if output_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
