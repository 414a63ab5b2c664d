"""Where private files are kept (Life Story Book photos and prints, programme
reports): the "private" storage.

Never MEDIA_ROOT or Wagtail's image library: nothing in it has a public address.
On a laptop it is a folder (PRIVATE_MEDIA_ROOT, `var/private`); in production an
S3-compatible bucket when PRIVATE_STORAGE_BUCKET is set (see README.md). Files
are handed out only by views that check who is asking.
"""

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


def private_storage() -> Storage:
    return storages["private"]


class _PrivateStorage(LazyObject):
    """The private storage, looked up when first used (and again after the
    STORAGES setting changes, as in tests), so a model's file field always
    writes where the settings say now."""

    def _setup(self):
        self._wrapped = storages["private"]


private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        private._wrapped = empty


def private_file_storage():
    """For a model's FileField(storage=...): the private storage, lazily."""
    return private
