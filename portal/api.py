"""The portal's JSON API at /api/v1/ (schema at /api/v1/openapi.json).

Pages use the session (with CSRF); university systems send a personal token
as `Authorization: Bearer pp_…`. Every answer is JSON, errors included, and the
schema documents each error an operation can give: validation errors name the
field in `errors[].field`; an address that is not an operation, or a path whose
id cannot be a record (`/placements/abc/days`), is a JSON 404, never a slash
redirect or an HTML page; a body that cannot be read is a 400.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from lifestory.api import router as lifestory_router
from placements.api import router as placements_router
from placements.casework.api import router as casework_router
from placements.programmes import api_referrals  # noqa: F401  (its routes join the router)
from placements.programmes.api import router as programmes_router
from portal.accounts.api import router as accounts_router
from portal.accounts.services import api_token_authenticate
from portal.api_schema import PortalOpenAPISchema
from portal.api_types import PortalParser
from portal.locking import RecordLocked
from portal.permissions import public
from portal.transitions import TransitionNotAllowed
from supervision.api import router as supervision_router

# "pp_<prefix>_<secret>" (portal.accounts.services); anything else is not looked up.
TOKEN_SHAPE = re.compile(r"pp_[A-Za-z0-9_-]{1,200}")


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not TOKEN_SHAPE.fullmatch(token or ""):
            return None
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class PortalSessionAuth(SessionAuth):
    """The pages' own calls. Only a signed-in session is checked for its CSRF token:
    without one, the request goes on to the token (ninja's SessionAuth would refuse
    every token write as a failed CSRF check, and an anonymous write with 403, not 401)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = PortalSessionAuth()
token_auth = TokenAuth()


class PortalAPI(NinjaAPI):
    """NinjaAPI that answers every address under it in JSON and documents its errors."""

    def _get_urls(self):
        # Last: any other address under /api/v1/ (an unknown path, a non-numeric
        # id that a path converter refused, a missing or extra slash, a newline)
        # is a JSON 404 here, so CommonMiddleware's APPEND_SLASH never
        # redirects it and the site's HTML 404 page never answers it.
        return [*super()._get_urls(), re_path(r"^[\s\S]*$", _no_such_address)]

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return PortalOpenAPISchema(self, path_prefix)


api = PortalAPI(
    title="Practice education portal API",
    version="1",
    urls_namespace="portal_api",
    auth=[session_auth, token_auth],
    docs_url="/docs",
    parser=PortalParser(),
)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    body: dict = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@public
@csrf_exempt
def _no_such_address(request, *args, **kwargs):
    return _error(request, 404, "Not found.")


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    # A path whose id cannot be a record's (`/placements/abc/days`) names no
    # record: it is not found, as when the converter refuses it before us.
    if any(tuple(item.get("loc", ()))[:1] == ("path",) for item in exc.errors):
        return _error(request, 404, "Not found.")
    # An operation taking a file reads a multipart body: any other body cannot be read.
    if not request.content_type.startswith("multipart/") and any(
        tuple(item.get("loc", ()))[:1] == ("file",) for item in exc.errors
    ):
        return _error(request, 400, "Cannot parse request body")
    errors = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "payload")]
        errors.append({"field": ".".join(loc[-1:]) or None, "message": item.get("msg", "")})
    return _error(request, 422, "Some fields are not valid.", errors)


@api.exception_handler(ValidationError)
def _domain_validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return _error(request, 422, "The request was refused.", errors)


@api.exception_handler(RecordLocked)
@api.exception_handler(TransitionNotAllowed)
def _conflict(request, exc: ValidationError):
    """A locked record, or a step its status does not allow: 409, with the reason."""
    return _error(request, 409, " ".join(exc.messages))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "You cannot do this.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "Sign in, or send a valid API token.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


# A multipart body without its boundary fails when anything reads request.POST
# (the CSRF check of a signed-in session does, before ninja parses the body); a
# body over DATA_UPLOAD_MAX_MEMORY_SIZE is a SuspiciousOperation. Both are the
# client's: 400, in JSON like every other answer.
@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
def _unreadable_body(request, exc):
    return _error(request, 400, "Cannot parse request body")


api.add_router("/", accounts_router)
api.add_router("/placements", placements_router)
api.add_router("/", supervision_router)
api.add_router("/", casework_router)
api.add_router("/", lifestory_router)
api.add_router("/", programmes_router)
