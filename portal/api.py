"""The portal's JSON API at /api/v1/ (schema at /api/v1/openapi.json).

Pages use the session (with CSRF); university systems send a personal token
as `Authorization: Bearer pp_…`. Errors are JSON; validation errors name the
field in `errors[].field`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from placements.api import router as placements_router
from placements.casework.api import router as casework_router
from portal.accounts.api import router as accounts_router
from portal.accounts.services import api_token_authenticate
from portal.locking import RecordLocked
from supervision.api import router as supervision_router
from supervision.services.workflow import TransitionNotAllowed as SupervisionStepNotAllowed


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


session_auth = SessionAuth()
token_auth = TokenAuth()

api = NinjaAPI(
    title="Practice education portal API",
    version="1",
    urls_namespace="portal_api",
    auth=[session_auth, token_auth],
    docs_url="/docs",
)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    body: dict = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
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
@api.exception_handler(SupervisionStepNotAllowed)
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


api.add_router("/", accounts_router)
api.add_router("/placements", placements_router)
api.add_router("/", supervision_router)
api.add_router("/", casework_router)
