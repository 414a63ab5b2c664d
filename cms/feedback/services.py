"""Writes for page feedback."""

import re

from django.db import transaction
from wagtail.models import Page

from cms.models import PageFeedback, PortalFeedback

# Comments are free text from anonymous visitors. The form asks people not to
# type personal details; these patterns catch the two kinds that are typed most
# often (and are the most identifying) so they are never stored.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of 9 or more digits, allowing spaces, dots, dashes, brackets and a
# leading +: UK (07700 900123, +44 20 7946 0000) and Swedish (070-123 45 67)
# numbers. Short numbers such as "16 weeks" or "10:30" are left alone.
PHONE_PATTERN = re.compile(r"(?<!\w)\+?\(?\d(?:[\s().-]*\d){8,}(?!\w)")
EMAIL_REMOVED = "[email address removed]"
PHONE_REMOVED = "[phone number removed]"


def redact_contact_details(text: str) -> str:
    text = EMAIL_PATTERN.sub(EMAIL_REMOVED, text)
    return PHONE_PATTERN.sub(PHONE_REMOVED, text)


@transaction.atomic
def page_feedback_record(*, page: Page, useful: bool, comment: str = "") -> PageFeedback:
    """Store one anonymous answer. Nothing about the visitor is kept."""
    return PageFeedback.objects.create(
        page=page, useful=useful, comment=redact_contact_details(comment.strip())
    )


@transaction.atomic
def portal_feedback_record(*, path: str, useful: bool, comment: str = "") -> PortalFeedback:
    """Store one anonymous answer about a portal page (its path only)."""
    return PortalFeedback.objects.create(
        path=path, useful=useful, comment=redact_contact_details(comment.strip())
    )
