"""What a notification's email may carry (issue 13, requirement 4): the title and a
link, never free text (never a test module). The tests that put a child's name in
every free-text field reaching a notification share these checks."""

from __future__ import annotations

import html

from django.core import mail
from django.urls import reverse

# A child's name, as free text may hold it. Rare enough that no generated person,
# school or organisation in a test carries it; no child record on anyone's work has
# it (so the anonymisation guard lets it through) unless a test gives it to one.
CHILD_FIRST_NAME = "Zuriel"
CHILD_LAST_NAME = "Oyelaran"
CHILD_NAME = f"{CHILD_FIRST_NAME} {CHILD_LAST_NAME}"
# Where a person chooses how they hear from the portal: every notification email ends so.
SETTINGS_LINK = (
    "Choose how you hear from the portal: http://testserver/portal/account/notifications/"
)


def _whole(email) -> str:
    alternatives = "".join(content for content, _ in getattr(email, "alternatives", []))
    return f"{email.subject}\n{email.body}\n{alternatives}"


def assert_emails_carry_no_free_text(*texts: str, to: set[str]) -> None:
    """Every email sent went to someone in `to`, names no child and holds none of
    `texts`; each says what happened (its subject) and links to the portal, and an
    email to a portal user links to their choice of how they hear from it."""
    from portal.accounts.models import User

    assert mail.outbox, "Nothing was emailed, so nothing was checked."
    portal_users = set(User.objects.values_list("email", flat=True))
    sent_to = {address for email in mail.outbox for address in email.to}
    assert sent_to == to, f"Emailed {sorted(sent_to)}, expected {sorted(to)}"
    for email in mail.outbox:
        whole = _whole(email)
        for text in (CHILD_FIRST_NAME, CHILD_LAST_NAME, *texts):
            assert text not in whole, f"{text!r} was emailed to {email.to}:\n{whole}"
        assert email.subject.startswith("[Practice portal] ")
        assert "http://testserver/portal/" in email.body
        if email.to[0] in portal_users:  # issue 22, requirement 5: every one says where
            assert f"{SETTINGS_LINK}\n" in email.body, f"No link to the choices:\n{email.body}"


def notifications_page(client, user, show: str = "unread") -> str:
    """The user's notifications page ("unread" or "all"), as text with its entities
    decoded."""
    client.force_login(user)
    response = client.get(reverse("portal:notifications"), {"show": show})
    assert response.status_code == 200
    return html.unescape(response.content.decode())
