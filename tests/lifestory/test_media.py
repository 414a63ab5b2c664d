import hashlib
import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.ExifTags import IFD

from lifestory import media
from lifestory.media import clean_image
from lifestory.storage import private_storage
from tests.lifestory.images import (
    GPS_LATITUDE,
    XMP,
    gps_exif,
    image_bytes,
    jpeg_bytes,
    png_declaring,
    png_with_text,
    zip_appended_to,
    zip_bytes,
)

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
BARE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def refusal(content: bytes, name="photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean_image(upload(content, name))
    return caught.value


def test_a_jpeg_with_gps_comes_back_without_any_metadata_and_upright():
    original = jpeg_bytes((40, 20), exif=gps_exif(orientation=6), comment=b"Home address", xmp=XMP)
    before = opened(original)
    assert tuple(map(float, before.getexif().get_ifd(IFD.GPSInfo)[2])) == GPS_LATITUDE
    assert {"comment", "xmp"} <= set(before.info)

    cleaned = clean_image(upload(original))

    for content in (cleaned.content, cleaned.thumbnail, cleaned.print_version):
        after = opened(content)
        assert after.format == "JPEG"
        assert dict(after.getexif()) == {}
        assert after.getexif().get_ifd(IFD.GPSInfo) == {}
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(after.info)
        assert b"PhoneMaker" not in content and b"Home address" not in content
    # Orientation 6 means "turn 90 degrees clockwise to view": 40x20 becomes 20x40,
    # and the blue top-left corner ends up at the top right.
    assert (cleaned.width, cleaned.height) == (20, 40)
    assert opened(cleaned.content).size == (20, 40)
    red, green, blue = opened(cleaned.content).getpixel((17, 2))
    assert blue > 150 and red < 100
    assert cleaned.kind == "jpeg"
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.extension == ".jpg"


def test_the_original_is_identified_by_its_sha256():
    original = jpeg_bytes()

    assert clean_image(upload(original)).original_sha256 == hashlib.sha256(original).hexdigest()


def test_a_png_loses_its_text_chunks():
    original = png_with_text()
    assert opened(original).text["Comment"] == "Taken at 12 Acacia Avenue"

    cleaned = clean_image(upload(original, "drawing.png", "image/png"))

    after = opened(cleaned.content)
    assert cleaned.kind == "png"
    assert after.format == "JPEG"  # no transparency, so it becomes a JPEG
    assert not {"Comment", "Description", "exif"} & set(after.info)
    assert b"Acacia" not in cleaned.content and b"Foster" not in cleaned.content


def test_a_png_with_transparency_stays_a_png_without_text():
    image = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    image.putpixel((5, 5), (255, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=_png_info("Author", "Jane Carer"))

    cleaned = clean_image(upload(buffer.getvalue(), "sticker.png"))

    after = opened(cleaned.content)
    assert (after.format, after.mode) == ("PNG", "RGBA")
    assert after.text == {}
    assert after.getpixel((0, 0))[3] == 0 and after.getpixel((5, 5)) == (255, 0, 0, 255)
    assert cleaned.content_type == "image/png" and cleaned.extension == ".png"


def _png_info(key, value):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


def test_a_webp_is_accepted_and_re_encoded():
    cleaned = clean_image(upload(image_bytes("WEBP", size=(50, 30), exif=gps_exif()), "a.webp"))

    assert cleaned.kind == "webp"
    after = opened(cleaned.content)
    assert (after.format, after.size) == ("JPEG", (50, 30))
    assert dict(after.getexif()) == {}


def test_a_heic_from_a_phone_is_accepted_without_its_gps():
    original = image_bytes("HEIF", size=(64, 32), exif=gps_exif().tobytes())
    assert opened(original).getexif().get_ifd(IFD.GPSInfo) != {}

    cleaned = clean_image(upload(original, "IMG_0001.HEIC", "image/heic"))

    assert cleaned.kind == "heic"
    after = opened(cleaned.content)
    assert (after.format, after.size) == ("JPEG", (64, 32))
    assert dict(after.getexif()) == {}


def test_the_thumbnail_and_print_version_are_no_bigger_than_their_limits():
    cleaned = clean_image(upload(jpeg_bytes((3000, 1500))))

    assert (cleaned.width, cleaned.height) == (3000, 1500)
    assert opened(cleaned.content).size == (3000, 1500)
    assert opened(cleaned.print_version).size == (2480, 1240)
    assert opened(cleaned.thumbnail).size == (320, 160)


def test_a_small_photo_is_not_enlarged_for_print():
    cleaned = clean_image(upload(jpeg_bytes((100, 50))))

    assert opened(cleaned.print_version).size == (100, 50)
    assert opened(cleaned.thumbnail).size == (100, 50)


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (SVG, "drawing.svg", "markup"),
        (BARE_SVG, "drawing.png", "markup"),
        (HTML, "photo.jpg", "markup"),
        (PDF, "scan.png", "pdf"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "photo.jpg", "unsupported"),
        (b"just some words", "photo.jpg", "unsupported"),
    ],
)
def test_files_that_are_not_photos_are_refused_whatever_their_name(content, name, code):
    error = refusal(content, name)

    assert error.code == code


def test_the_refusal_messages_say_plainly_what_is_wrong():
    assert refusal(HTML).messages == [
        "The selected file is a web page or drawing (HTML or SVG), not a photo. "
        "Choose a JPEG, PNG, WebP or HEIC photo"
    ]
    assert refusal(PDF).messages == [
        "The selected file is a PDF document, not a photo. Choose a JPEG, PNG, WebP or HEIC photo"
    ]
    assert refusal(b"BM not a photo").messages == [
        "The file is not a JPEG, PNG, WebP or HEIC photo. Choose a JPEG, PNG, WebP or HEIC photo"
    ]
    assert refusal(b"").messages == ["The selected file is empty"]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(jpeg_bytes() + zip_bytes(), id="zip-after-jpeg"),
        pytest.param(zip_appended_to(jpeg_bytes()), id="jpeg-prepended-to-a-valid-zip"),
        pytest.param(jpeg_bytes(comment=zip_bytes()), id="zip-inside-a-jpeg-comment"),
        pytest.param(zip_appended_to(image_bytes("PNG")), id="png-prepended-to-a-zip"),
        pytest.param(image_bytes("PNG") + b"<script>alert(1)</script>", id="data-after-png"),
        pytest.param(image_bytes("WEBP") + b"trailing", id="data-after-webp"),
        pytest.param(jpeg_bytes() + b"<script>alert(1)</script>", id="data-after-jpeg"),
    ],
)
def test_a_photo_with_another_file_joined_to_it_is_refused(content):
    assert Image.open(io.BytesIO(content)).format in {"JPEG", "PNG", "WEBP"}  # Pillow opens it

    error = refusal(content)

    assert error.code == "polyglot"
    assert error.messages == [
        "The selected file has another file joined to the photo, so it cannot be used. "
        "Save the photo again as a new file and upload that"
    ]


@pytest.mark.parametrize("hidden", [b"%PDF-1.4 1 0 obj", b"<html><script>alert(1)</script>"])
def test_a_pdf_or_web_page_hidden_in_a_jpeg_is_refused(hidden):
    content = jpeg_bytes(comment=hidden)
    assert Image.open(io.BytesIO(content)).info["comment"] == hidden

    assert refusal(content).code == "polyglot"


def test_a_file_over_20_mb_is_refused_before_it_is_decoded(monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("the file was decoded")

    monkeypatch.setattr(media.Image, "open", no_decoding)
    content = jpeg_bytes() + bytes(21 * 1024 * 1024)

    error = refusal(content)

    assert error.code == "file_too_large"
    assert error.messages == ["The selected file must be smaller than 20 MB"]


def test_a_file_object_without_a_size_is_read_in_chunks_up_to_the_limit():
    stream = io.BytesIO(jpeg_bytes() + bytes(21 * 1024 * 1024))

    with pytest.raises(ValidationError) as caught:
        clean_image(stream)

    assert caught.value.code == "file_too_large"


def test_a_plain_file_object_is_accepted():
    assert clean_image(io.BytesIO(jpeg_bytes((12, 8)))).width == 12


@pytest.mark.parametrize(
    ("width", "height"),
    [(8000, 8000), (10_000, 10_000), (30_000, 30_000)],
    ids=["64-megapixels", "past-pillows-warning", "past-pillows-error"],
)
def test_a_decompression_bomb_is_refused(width, height):
    content = png_declaring(width, height)
    assert struct.unpack(">II", content[16:24]) == (width, height)

    error = refusal(content, "small.png")

    assert error.code == "too_many_pixels"
    assert error.messages == [
        "The selected photo is too big to open: it must be smaller than 50 megapixels"
    ]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(jpeg_bytes((200, 200))[:400] + b"\xff\xd9", id="truncated-jpeg"),
        pytest.param(png_declaring(2, 2), id="png-with-too-little-data"),
    ],
)
def test_a_damaged_photo_is_refused(content):
    error = refusal(content)

    assert error.code == "damaged"
    assert error.messages == [
        "The selected photo is damaged and cannot be opened. Export it again and upload the copy"
    ]


def test_a_cleaned_photo_is_kept_in_private_storage(private_storage_dir, settings):
    cleaned = clean_image(upload(jpeg_bytes()))

    name = private_storage().save("lifestory/photo.jpg", ContentFile(cleaned.content))

    assert (private_storage_dir / name).read_bytes() == cleaned.content
    assert not (private_storage_dir / name).is_relative_to(settings.MEDIA_ROOT)


def test_a_truncated_photo_is_refused_even_after_a_pdf_was_made_in_the_process():
    import weasyprint  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES when imported)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        with pytest.raises(ValidationError) as refused:
            clean_image(upload(png_declaring(2, 2)))
        assert refused.value.code == "damaged"
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as the process had it
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
