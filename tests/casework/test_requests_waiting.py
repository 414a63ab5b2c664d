"""Requests waiting longer than 1 working day for a decision are flagged (issue 6,
requirement 2; the limit is the statutory one since issue 16, requirement 3), and
so are requests decided later than that: working days skip weekends and bank
holidays (the seeded BankHoliday rows); the pages, the list and the dashboards
show the flags, and keep their queries flat."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.casework.dashboard import requests as panels
from placements.casework.models import SupportRequest
from placements.casework.models.requests import REQUEST_DECISION_WORKING_DAYS
from placements.casework.selectors import requests as reads
from portal.accounts.roles import Role
from portal.models import BankHoliday
from portal.workingdays import WorkingDays
from tests.casework.factories import ChildFactory, SchoolFactory, SupportRequestFactory
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("casework:request_list")
DASHBOARD_URL = reverse("portal:dashboard")
FLAG = "Waiting over 1 working day"
LATE = "Decided late"

# Thursday 24 December 2026. Then: Christmas Day (Fri 25), the weekend, Boxing Day's
# substitute (Mon 28), Tue 29 – Thu 31, New Year's Day (Fri 1), the weekend, Mon 4 January.
SUBMITTED = date(2026, 12, 24)


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@pytest.fixture
def service():
    return OrganisationFactory()


@pytest.fixture
def school():
    return SchoolFactory()


def make_requests(n, service, school, *, on=SUBMITTED, **fields):
    return [
        SupportRequestFactory(
            child=ChildFactory(school=school, held_by=service),
            school=school,
            submitted_at=at_noon(on),
            **fields,
        )
        for _ in range(n)
    ]


def test_the_seeded_holidays_are_there():
    days = set(BankHoliday.objects.values_list("date", flat=True))
    assert {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)} <= days


def test_the_limit_is_the_statutory_one_working_day():
    assert REQUEST_DECISION_WORKING_DAYS == 1


@pytest.mark.parametrize(
    ("today", "waiting", "flagged"),
    [
        (date(2026, 12, 24), 0, False),  # the day it arrived
        (date(2026, 12, 28), 0, False),  # Christmas Day, the weekend, Boxing Day's substitute
        (date(2026, 12, 29), 1, False),  # one working day: not yet over
        (date(2026, 12, 30), 2, True),  # over one working day
        (date(2027, 1, 6), 6, True),
    ],
)
def test_working_days_skip_the_weekend_and_bank_holidays(service, school, today, waiting, flagged):
    [support_request] = make_requests(1, service, school)
    days = reads.working_days_waiting(support_request, calendar=WorkingDays(), today=today)
    assert days == waiting
    assert reads.is_overdue(days) is flagged


def test_the_list_flags_only_requests_waiting_too_long(client, service, school, clock):
    clock.today_is(date(2027, 1, 6))
    [old] = make_requests(1, service, school)
    [recent] = make_requests(1, service, school, on=date(2027, 1, 5))
    [decided] = make_requests(1, service, school, status=SupportRequest.Status.DECLINED)
    client.force_login(user_with_role(Role.COORDINATOR, service))
    body = client.get(LIST_URL).content.decode()
    assert body.count(FLAG) == 1
    rows = {row.split("</tr>")[0] for row in body.split('<tr class="govuk-table__row">')[1:]}
    [flagged] = [row for row in rows if FLAG in row]
    assert old.child.reference in flagged
    assert "6 working days" in flagged
    assert any(recent.child.reference in row and "1 working day" in row for row in rows)
    assert any(decided.child.reference in row and "Decided" in row for row in rows)


def test_the_coordinators_dashboard_counts_waiting_and_overdue(client, service, school, clock):
    clock.today_is(date(2027, 1, 6))
    make_requests(2, service, school)
    make_requests(1, service, school, on=date(2027, 1, 5))
    make_requests(1, service, school, status=SupportRequest.Status.ACCEPTED)
    make_requests(3, OrganisationFactory(), school)  # another service's
    client.force_login(user_with_role(Role.COORDINATOR, service))
    body = client.get(DASHBOARD_URL).content.decode()
    assert "3 requests waiting for a decision" in body
    assert "2 waiting over 1 working day" in body


def test_the_practice_educators_dashboard_shows_requests_where_they_educate(
    client, service, school, clock
):
    clock.today_is(date(2027, 1, 6))
    placement = PlacementFactory(host=service)
    [here] = make_requests(1, service, school)
    [elsewhere] = make_requests(1, OrganisationFactory(), school)
    client.force_login(placement.practice_educator)
    body = client.get(DASHBOARD_URL).content.decode()
    assert "1 request waiting for a decision where you educate students" in body
    assert here.child.reference in body and elsewhere.child.reference not in body
    assert FLAG in body


def test_the_school_contacts_dashboard_shows_their_requests_status(client, service, school):
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    [mine] = make_requests(1, service, school, on=timezone.localdate())
    [theirs] = make_requests(1, service, SchoolFactory(), on=timezone.localdate())
    client.force_login(contact)
    body = client.get(DASHBOARD_URL).content.decode()
    assert mine.child.reference in body and "Waiting for a decision" in body
    assert theirs.child.reference not in body
    assert mine.child.first_name not in body


def test_a_tutor_is_refused_the_list_and_sees_no_requests_on_a_dashboard(client, service, school):
    make_requests(1, service, school)
    tutor = PlacementFactory(host=service).tutor
    client.force_login(tutor)
    assert client.get(LIST_URL).status_code == 403
    assert "Requests for support" not in client.get(DASHBOARD_URL).content.decode()


# --- flat queries ----------------------------------------------------------------------


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.parametrize("who", ["coordinator", "school contact"])
def test_the_list_keeps_its_queries_flat(client, service, school, who):
    user = (
        user_with_role(Role.COORDINATOR, service)
        if who == "coordinator"
        else user_with_role(Role.SCHOOL_CONTACT, school)
    )
    client.force_login(user)
    make_requests(5, service, school)
    at_five = count_queries(lambda: client.get(LIST_URL))
    make_requests(45, service, school)
    at_fifty = count_queries(lambda: client.get(LIST_URL))
    assert at_fifty == at_five
    assert at_five <= 12


@pytest.mark.parametrize(
    ("role", "provider"),
    [
        ("coordinator", panels.coordinator_requests),
        ("educator", panels.educator_requests),
        ("school contact", panels.school_contact_requests),
    ],
)
def test_the_dashboard_panels_keep_their_queries_flat(service, school, role, provider):
    if role == "coordinator":
        user = user_with_role(Role.COORDINATOR, service)
    elif role == "educator":
        user = PlacementFactory(host=service).practice_educator
    else:
        user = user_with_role(Role.SCHOOL_CONTACT, school)
    assert user.active_memberships  # loaded once per request by the dashboard itself
    make_requests(5, service, school)
    at_five = count_queries(lambda: provider(user))
    make_requests(45, service, school)
    at_fifty = count_queries(lambda: provider(user))
    assert at_fifty == at_five <= 4
