"""Where Life Story Book photos and documents are kept: the portal's private
storage (portal.storage), shared with the other apps that keep files there."""

from portal.storage import private, private_file_storage, private_storage

__all__ = ["private", "private_file_storage", "private_storage"]
