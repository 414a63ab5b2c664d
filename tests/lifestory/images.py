"""Photos and not-photos built in memory for the lifestory media tests."""

import io
import struct
import zipfile
import zlib

from PIL import Image
from PIL.ExifTags import IFD
from PIL.PngImagePlugin import PngInfo

GPS_LATITUDE = (51.0, 30.0, 2.0)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation  # Orientation
    gps = exif.get_ifd(IFD.GPSInfo)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "W", 4: (0.0, 7.0, 39.0)})
    return exif


def jpeg_bytes(size=(40, 20), *, exif: Image.Exif | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((0, 0, 255), (0, 0, 8, 8))  # a blue top-left corner, to follow rotation
    image.save(buffer, "JPEG", exif=exif or Image.Exif(), **options)
    return buffer.getvalue()


def image_bytes(image_format: str, size=(40, 20), mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (30, 120, 30, 255)[: len(mode)]).save(buffer, image_format, **options)
    return buffer.getvalue()


def png_with_text() -> bytes:
    info = PngInfo()
    info.add_text("Comment", "Taken at 12 Acacia Avenue")
    info.add_itxt("Description", "Foster carer's house", lang="en")
    return image_bytes("PNG", pnginfo=info)


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def zip_appended_to(prefix: bytes) -> bytes:
    """A ZIP written after `prefix` with offsets that count it: a valid archive too."""
    buffer = io.BytesIO(prefix)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr_start = 8 + 8  # signature, then the IHDR chunk's length and type
    ihdr = struct.pack(">II", width, height) + bytes(data[ihdr_start + 8 : ihdr_start + 13])
    data[ihdr_start : ihdr_start + 13] = ihdr
    data[ihdr_start + 13 : ihdr_start + 17] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)
