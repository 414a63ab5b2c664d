"""A practice educator is made to set up an authenticator app, then uses it."""

import re
import time

import pyotp
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

CODE_LABEL = re.compile(r"\bcode$", re.I)  # "Authenticator code", "Code"


def _a_fresh_code(totp: pyotp.TOTP, used: str) -> str:
    """A valid code other than `used` (a code cannot be replayed in its window).

    When the current window's code is the one just used, take the next window's:
    MFA_TOTP_TOLERANCE = 1 accepts one window either side, as an authenticator
    app whose clock runs a little fast would produce. No sleeping, no flakes.
    """
    code = totp.now()
    if code == used:
        code = totp.at(time.time() + totp.interval)
    assert code != used
    return code


def _a_wrong_code(totp: pyotp.TOTP) -> str:
    now = time.time()
    valid = {totp.at(now + step * totp.interval) for step in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def test_a_practice_educator_sets_up_totp_and_signs_in_with_it(page: Page, demo, sign_in, settings):
    settings.PORTAL_ENFORCE_MFA = True
    assert settings.MFA_TOTP_TOLERANCE >= 1

    sign_in("educator@example.org")

    # Asked to set up a second factor before anything else.
    expect(page).to_have_url(f"{demo}{reverse('mfa_activate_totp')}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("authenticator app", re.I)
    )
    page.goto(f"{demo}/portal/")
    expect(page).to_have_url(f"{demo}{reverse('mfa_activate_totp')}")

    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    totp = pyotp.TOTP(secret)
    activation_code = totp.now()
    page.get_by_label(CODE_LABEL).fill(activation_code)
    page.get_by_role("button", name=re.compile("^activate$", re.I)).click()

    # allauth offers recovery codes next; then the dashboard opens.
    expect(page).to_have_url(f"{demo}{reverse('mfa_view_recovery_codes')}")
    page.goto(f"{demo}/portal/")
    expect(page).to_have_url(f"{demo}/portal/")
    expect(page.get_by_role("region", name="Practice educator")).to_be_visible()

    # Sign out.
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name=re.compile("Sign out", re.I)).click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto(f"{demo}/portal/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/portal/$"))

    # Sign in again: the password alone is not enough.
    sign_in("educator@example.org")
    expect(page).to_have_url(f"{demo}{reverse('mfa_authenticate')}")
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    code_field = page.get_by_label(CODE_LABEL)
    expect(code_field).to_be_visible()

    # A wrong code is refused, and the user stays on the code step.
    code_field.fill(_a_wrong_code(totp))
    code_field.press("Enter")
    expect(page).to_have_url(f"{demo}{reverse('mfa_authenticate')}")
    expect(page.locator(".govuk-error-summary")).to_contain_text(re.compile("incorrect code", re.I))
    page.goto(f"{demo}/portal/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/portal/$"))

    # Back to the code step (the sign-in is still pending); the right code lets them in.
    page.goto(f"{demo}{reverse('mfa_authenticate')}")
    expect(page).to_have_url(f"{demo}{reverse('mfa_authenticate')}")
    code_field.fill(_a_fresh_code(totp, used=activation_code))
    code_field.press("Enter")

    expect(page).to_have_url(f"{demo}/portal/")
    expect(page.get_by_role("region", name="Practice educator")).to_be_visible()
    expect(page.get_by_text("Successfully signed in as Priya Educator.")).to_be_visible()


def test_without_enforcement_a_practice_educator_goes_straight_to_the_dashboard(
    page: Page, demo, sign_in, settings
):
    settings.PORTAL_ENFORCE_MFA = False

    sign_in("educator@example.org")

    expect(page).to_have_url(f"{demo}/portal/")
    expect(page.get_by_role("region", name="Practice educator")).to_be_visible()
