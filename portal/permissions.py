"""The one way views and API routes check permissions.

Every view declares how it is reached (`portal_access`): public, signed in
(the page shows only the user's own things), a permission, or an object
permission. A test walks every URL and fails on a view without a declaration.

Object rule: a record outside the user's scope answers 404 (we do not confirm
that it exists); an action the user may not take on a record they can see
answers 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

PUBLIC = "public"
SIGNED_IN = "signed-in"
PERMISSION = "permission"
OBJECT = "object"


def scope_permission_for(obj) -> str:
    meta = obj._meta
    return f"{meta.app_label}.view_{meta.model_name}"


def require_object_permission(user, obj, action: str | None = None, *, scope: str | None = None):
    """404 unless `user` may see `obj`; 403 unless they may also take `action` on it."""
    if not user.is_authenticated or not user.has_perm(scope or scope_permission_for(obj), obj):
        raise Http404("Not found")
    if action and not user.has_perm(action, obj):
        raise PermissionDenied("You cannot do that to this record.")
    return obj


def require_permission(user, perm: str) -> None:
    if not user.is_authenticated or not user.has_perm(perm):
        raise PermissionDenied("Your role does not allow this.")


def public(view):
    """Mark a function view (or API handler) as open to everyone."""
    view.portal_access = PUBLIC
    return view


def signed_in(view):
    """A function view or API handler that shows only the caller's own things."""
    view.portal_access = SIGNED_IN
    return view


def permission(perm: str):
    """Function view or API handler needing a model-level permission (403 otherwise)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require_permission(request.user, perm)
            return view(request, *args, **kwargs)

        wrapper.portal_access = PERMISSION
        wrapper.portal_permission = perm
        return wrapper

    return decorate


def object_permission(view):
    """A handler that loads one record and calls require_object_permission on it."""
    view.portal_access = OBJECT
    return view


class PublicMixin:
    portal_access = PUBLIC


class SignedInMixin(LoginRequiredMixin):
    portal_access = SIGNED_IN


class PermissionMixin(LoginRequiredMixin):
    """A page for holders of `permission_required` (checked without an object)."""

    portal_access = PERMISSION
    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, self.permission_required)
        return super().dispatch(request, *args, **kwargs)


class ObjectPermissionMixin(LoginRequiredMixin):
    """A page about one record: 404 outside the user's scope, 403 for a refused action.

    `scope_permission` defaults to `<app>.view_<model>`; `action_permission` is
    what this page does (None for a read-only page).
    """

    portal_access = OBJECT
    scope_permission: str | None = None
    action_permission: str | None = None

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        return self.check_object(obj)

    def check_object(self, obj):
        return require_object_permission(
            self.request.user, obj, self.action_permission, scope=self.scope_permission
        )


def access_declaration(callback) -> str | None:
    """What a URL's view declares (used by the URL-walking test)."""
    declared = getattr(callback, "portal_access", None)
    if declared:
        return declared
    view_class = getattr(callback, "view_class", None)
    return getattr(view_class, "portal_access", None)


# Pages about one record: read it, 404 when it does not exist or is outside the
# user's scope, 403 for an action they may not take on it.


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
    lookup_kwarg = "pk"  # the URL argument `find` is given

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        setattr(self, self.record_name, self.load(kwargs[self.lookup_kwarg]))
        refused = self.refuse()
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)

    def refuse(self):
        """A response sending the user back instead of showing the page, or None."""
        return None
