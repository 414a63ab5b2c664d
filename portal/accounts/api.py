from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import SessionAuth

from portal import ratelimit
from portal.api_types import Pagination
from portal.permissions import object_permission, require_object_permission, signed_in

from . import selectors, services
from .models import ApiToken

router = Router(tags=["account"])


class MembershipOut(Schema):
    organisation: str
    organisation_id: int
    role: str
    role_label: str


class MeOut(Schema):
    email: str
    name: str
    roles: list[str]
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked_reason: str
    status: str


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    days: int = Field(90, ge=1, le=365)


class TokenCreatedOut(TokenOut):
    token: str


class ErrorOut(Schema):
    detail: str


@router.get("/me", response=MeOut)
@signed_in
def me(request):
    user = request.user
    return {
        "email": user.email,
        "name": user.name,
        "roles": sorted(user.active_roles),
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_id": m.organisation_id,
                "role": m.role,
                "role_label": m.get_role_display(),
            }
            for m in user.active_memberships
        ],
    }


# Tokens are managed with a signed-in session only: a token cannot mint tokens.
@router.get("/me/tokens", response=list[TokenOut], auth=SessionAuth())
@paginate(Pagination, page_size=25)
@signed_in
def list_tokens(request):
    return selectors.api_tokens_of(request.user)


@router.post(
    "/me/tokens", response={201: TokenCreatedOut, 403: ErrorOut, 429: ErrorOut}, auth=SessionAuth()
)
@signed_in
def create_token(request, payload: TokenIn):
    if not request.user.has_perm("accounts.add_apitoken"):
        raise PermissionDenied(services.API_ACCESS_REFUSED)
    if not ratelimit.consume(request, ratelimit.API_TOKEN):
        raise HttpError(429, ratelimit.refusal_message(ratelimit.API_TOKEN))
    issued = services.api_token_create(user=request.user, name=payload.name, days=payload.days)
    token = issued.token
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": issued.secret})


@router.delete("/me/tokens/{token_id}", response={204: None}, auth=SessionAuth())
@object_permission
def revoke_token(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id)
    require_object_permission(request.user, token, "accounts.revoke_apitoken")
    services.api_token_revoke(token=token, by=request.user)
    return Status(204, None)
