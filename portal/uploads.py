"""Reading an uploaded file whole, with a size limit checked while reading.

One way for every upload (Life Story Book photos, attachments): the declared size is
checked first, then the bytes as they arrive, so a file over the limit is refused
before it is held in memory whole or decoded.
"""

from django.core.exceptions import ValidationError


def read_upload(upload, *, max_bytes: int) -> bytes:
    """The upload's bytes (a Django UploadedFile or any binary file object).

    Raises ValidationError with code "file_too_large" past `max_bytes` and "empty"
    for a file with nothing in it.
    """
    too_large = ValidationError(
        f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB",
        code="file_too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > max_bytes:
            raise too_large
    if not buffer:
        raise ValidationError("The selected file is empty", code="empty")
    return bytes(buffer)
