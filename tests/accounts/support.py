"""Small helpers for reading pages and signing in, shared by the accounts tests."""

from __future__ import annotations

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
from django.contrib.messages import get_messages
from django.test import Client

from portal.accounts import services
from portal.accounts.models import Organisation, User
from tests.factories import PASSWORD, UserFactory

LOGIN_URL = "/accounts/login/"
DASHBOARD_URL = "/portal/"
TOTP_ACTIVATE_URL = "/accounts/2fa/totp/activate/"
MFA_AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
INVITATION_LINK = re.compile(r"https?://[^\s/]+(/portal/invitation/[^\s/]+/)")
NEW_PASSWORD = "a-long-new-password-2026"


def page_text(response) -> str:
    """The page's HTML, with entities decoded (what a reader sees, tags included)."""
    return html.unescape(response.content.decode())


def visible_text(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def page_title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "the page has no <title>"
    return re.sub(r"\s+", " ", html.unescape(match.group(1))).strip()


def field_errors(response, field: str) -> str:
    """The text of the GOV.UK error message shown beside `field` ('' when there is none)."""
    match = re.search(
        rf'<p id="id_{re.escape(field)}-error" class="govuk-error-message">(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    if not match:
        return ""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))).strip()


def flash_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra):
    """POST allauth's sign-in form, as a person would."""
    return client.post(LOGIN_URL, {"login": email, "password": password, **extra})


def invitation_path_from_email(message) -> str:
    match = INVITATION_LINK.search(message.body)
    assert match, f"no invitation link in the email:\n{message.body}"
    return match.group(1)


def grant(role: str, organisation: Organisation | None = None, **user_fields) -> User:
    """A verified user given `role` through the real service (which also sets Wagtail groups)."""
    from tests.factories import OrganisationFactory

    user = UserFactory(**user_fields)
    services.membership_grant(
        user=user, organisation=organisation or OrganisationFactory(), role=role
    )
    return user


def activate_totp(client: Client) -> str:
    """Set up an authenticator app through allauth's own pages; returns its secret."""
    response = client.get(TOTP_ACTIVATE_URL)
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(TOTP_ACTIVATE_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, page_text(response)
    return secret


def next_totp_code(secret: str) -> str:
    """The code of the next 30-second window: accepted (tolerance 1) and never a replay
    of the code used to activate."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def a_wrong_code(secret: str) -> str:
    """A six-digit code that no window around now accepts."""
    totp = pyotp.TOTP(secret)
    now = time.time()
    near = {totp.at(now + 30 * step) for step in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222") if code not in near)


def split_redirect(url: str) -> tuple[str, str | None]:
    """(path, the decoded `next` parameter) of a redirect target."""
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query).get("next", [None])[0]
