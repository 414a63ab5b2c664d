"""Dashboard panels: requests for support waiting for a decision, and a school's
requests with their status (a fixed number of queries each)."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context
from portal.waiting import waiting_item

from ..models.requests import REQUEST_DECISION_WORKING_DAYS
from ..selectors import requests as reads
from ..selectors import waiting

SHOWN = 10

waiting_item(
    Role.COORDINATOR,
    "requests_waiting",
    "Requests for support waiting for a decision",
    count=waiting.coordinator_requests,
    order=20,
)
waiting_item(
    Role.SCHOOL_CONTACT,
    "requests_answered",
    f"Requests answered in the last {reads.ANSWERED_SHOWN_DAYS} days",
    count=waiting.school_requests,
    order=20,
)


@panel_context(Role.COORDINATOR)
def coordinator_requests(user) -> dict:
    if not reads.coordinated_services(user):
        return {"casework_requests_waiting": None}
    return {
        # Possible duplicate records are flagged to the co-ordinators, who merge them.
        "casework_requests_waiting": reads.coordinator_waiting_requests(user),
        "casework_requests_limit": REQUEST_DECISION_WORKING_DAYS,
    }


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_requests(user) -> dict:
    return {
        "casework_requests_waiting": reads.waiting_requests(
            reads.requests_for_educator(user), limit=SHOWN
        ),
        "casework_requests_limit": REQUEST_DECISION_WORKING_DAYS,
    }


@panel_context(Role.SCHOOL_CONTACT)
def school_contact_requests(user) -> dict:
    requests = reads.requests_for_school_contact(user).order_by("-submitted_at", "-pk")
    return {
        "casework_requests_school": reads.with_waiting(requests[:SHOWN]),
        "casework_requests_limit": REQUEST_DECISION_WORKING_DAYS,
    }
