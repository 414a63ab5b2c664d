"""Where Life Story Book photos and documents are kept: the "private" storage.

Never MEDIA_ROOT or Wagtail's image library: nothing in it has a public address.
On a laptop it is a folder (PRIVATE_MEDIA_ROOT, `var/private`); in production an
S3-compatible bucket when PRIVATE_STORAGE_BUCKET is set (see README.md). Files
are handed out only by views that check who is asking.
"""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    return storages["private"]
