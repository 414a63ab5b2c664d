"""Pages about one casework record: read it, 404 when it does not exist or is
outside the user's scope, 403 for an action they may not take on it."""

from __future__ import annotations

from django.http import Http404

from portal.permissions import ObjectPermissionMixin


class RecordMixin(ObjectPermissionMixin):
    """`find` is the selector reading the page's record by pk (None when there is none)."""

    find = None

    def found(self, record):
        """The record the page is about, once the user may see it (404 otherwise)."""
        if record is None:
            raise Http404("Not found")
        return self.check_object(record)

    def load(self, pk: int):
        return self.found(self.find(pk))


class RecordActionMixin(RecordMixin):
    """A page acting on one record: a signed-in user only; the record is loaded into
    `self.<record_name>` before anything else, then `refuse()` may send them back."""

    record_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        setattr(self, self.record_name, self.load(kwargs["pk"]))
        refused = self.refuse()
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)

    def refuse(self):
        """A response sending the user back instead of showing the page, or None."""
        return None
