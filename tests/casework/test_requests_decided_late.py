"""A decision on a request for support takes at most 1 working day (issue 16,
requirement 3; Working Together to Safeguard Children 2023): a request decided
later than that is flagged on its page, in the list and on the dashboards, and
one still waiting after it is flagged overdue. Working days skip the weekend and
bank holidays (the seeded BankHoliday rows)."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import SupportRequest
from placements.casework.selectors import requests as reads
from placements.casework.services.requests import support_request_decide
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays
from tests.casework.factories import ChildFactory, SchoolFactory, SupportRequestFactory
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("portal:dashboard")
LIST_URL = reverse("casework:request_list")
# Thursday 24 December 2026, then Christmas Day (Fri), the weekend, Boxing Day's
# substitute (Mon 28): the next working day is Tuesday 29 December.
RECEIVED = date(2026, 12, 24)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@pytest.fixture
def service():
    return OrganisationFactory()


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def coordinator(service):
    return user_with_role(Role.COORDINATOR, service)


def received(service, school, *, on=RECEIVED, **fields) -> SupportRequest:
    return SupportRequestFactory(
        child=ChildFactory(school=school, held_by=service),
        school=school,
        submitted_at=at(on, 9),
        **fields,
    )


def declined_on(service, school, day: date, coordinator) -> SupportRequest:
    return received(
        service,
        school,
        status=SupportRequest.Status.DECLINED,
        decided_at=at(day, 16),
        decided_by=coordinator,
        decision_reason="Already supported by the school nurse.",
    )


@pytest.mark.parametrize(
    ("decided", "days", "late"),
    [
        (date(2026, 12, 24), 0, False),  # the same day
        (date(2026, 12, 28), 0, False),  # over the bank holidays and the weekend: no working day
        (date(2026, 12, 29), 1, False),  # the next working day: in time
        (date(2026, 12, 30), 2, True),  # the working day after: late
    ],
)
def test_working_days_to_decide_skip_bank_holidays_and_the_weekend(
    service, school, coordinator, decided, days, late
):
    support_request = declined_on(service, school, decided, coordinator)
    [row] = reads.with_waiting([support_request], calendar=WorkingDays())
    assert row.decision_days == days
    assert row.decided_late is late
    assert row.waiting is None and row.overdue is False


def test_a_decision_taken_late_through_the_service_is_flagged_on_the_page(
    client, service, school, coordinator, clock
):
    support_request = received(service, school)
    clock.today_is(date(2026, 12, 30), time(10, 0))
    support_request_decide(
        support_request=support_request,
        name="redirect",
        by=coordinator,
        reason="Referred to the children's services front door on 30 December.",
    )
    client.force_login(coordinator)
    body = client.get(reverse("casework:request_detail", args=[support_request.pk])).content
    body = body.decode()
    assert "Decided late: after 2 working days" in body
    assert "later than the 1 working day a decision should take" in body


def test_a_decision_in_time_is_not_flagged(client, service, school, coordinator, clock):
    support_request = received(service, school)
    clock.today_is(date(2026, 12, 29), time(15, 0))
    support_request_decide(
        support_request=support_request, name="decline", by=coordinator, reason="Not for us."
    )
    client.force_login(coordinator)
    body = client.get(reverse("casework:request_detail", args=[support_request.pk])).content
    body = body.decode()
    assert "1 working day after it was received" in body
    assert "Decided late" not in body


def test_the_school_sees_its_request_was_decided_late(client, service, school, coordinator):
    late = declined_on(service, school, date(2027, 1, 4), coordinator)
    client.force_login(late.submitted_by)
    body = client.get(reverse("casework:request_detail", args=[late.pk])).content.decode()
    assert "Decided late: after 4 working days" in body  # 29, 30, 31 December, 4 January
    assert coordinator.name not in body  # the school is still not told who decided


def test_an_undecided_request_older_than_a_working_day_is_flagged_overdue(
    client, service, school, coordinator, clock
):
    waiting = received(service, school)
    url = reverse("casework:request_detail", args=[waiting.pk])
    clock.today_is(date(2026, 12, 29))
    client.force_login(coordinator)
    body = client.get(url).content.decode()
    assert "waiting 1 working day for a decision" in body
    assert "Waiting over 1 working day" not in body
    clock.today_is(date(2026, 12, 30))
    client.force_login(coordinator)
    body = client.get(url).content.decode()
    assert "Waiting over 1 working day" in body
    assert "waiting 2 working days for a decision" in body


def test_the_list_flags_the_late_decision_only(client, service, school, coordinator, clock):
    clock.today_is(date(2027, 1, 6))
    late = declined_on(service, school, date(2026, 12, 30), coordinator)
    in_time = declined_on(service, school, date(2026, 12, 29), coordinator)
    client.force_login(coordinator)
    body = client.get(LIST_URL).content.decode()
    rows = body.split('<tr class="govuk-table__row">')[1:]
    [flagged] = [row for row in rows if "Decided late" in row]
    assert late.child.reference in flagged
    assert any(in_time.child.reference in row and "Decided late" not in row for row in rows)


def test_the_coordinators_dashboard_counts_the_late_decisions_of_the_last_30_days(
    client, service, school, coordinator, clock
):
    clock.today_is(date(2027, 1, 6))
    declined_on(service, school, date(2026, 12, 30), coordinator)  # late
    declined_on(service, school, date(2027, 1, 4), coordinator)  # late
    declined_on(service, school, date(2026, 12, 29), coordinator)  # in time
    received(service, school, on=date(2026, 11, 2))  # waiting, overdue
    old = received(service, school, on=date(2026, 10, 1))
    SupportRequest.objects.filter(pk=old.pk).update(  # late, but long ago
        status=SupportRequest.Status.DECLINED, decided_at=at(date(2026, 11, 20))
    )
    declined_on(OrganisationFactory(), school, date(2026, 12, 30), coordinator)  # elsewhere
    client.force_login(coordinator)
    body = client.get(DASHBOARD_URL).content.decode()
    assert "2 decided late" in body
    assert "the decision took more than 1 working day" in body
    assert "1 waiting over 1 working day" in body


def test_the_practice_educators_dashboard_shows_late_decisions_where_they_educate(
    client, service, school, coordinator, clock
):
    from tests.placements.factories import PlacementFactory

    clock.today_is(date(2027, 1, 6))
    educator = PlacementFactory(host=service, ends_on=date(2027, 6, 30)).practice_educator
    declined_on(service, school, date(2026, 12, 31), coordinator)
    client.force_login(educator)
    body = client.get(DASHBOARD_URL).content.decode()
    assert "1 decided late" in body
