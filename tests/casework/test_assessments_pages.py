"""Assessment pages (issue 6, requirement 8): who sees the list and an
assessment's page (404 out of scope, school contacts included; 403 for a role
that never works with assessments), the access-log row, the working days left,
flat queries on the list, the report, the dashboards, and the reads behind them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import Assessment
from placements.casework.selectors import assessments as reads
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.workingdays import WorkingDays
from tests.casework.factories import AllocationFactory, AssessmentFactory, ChildFactory
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

LIST_URL = reverse("casework:assessment_list")


@pytest.fixture
def world():
    org = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    child = ChildFactory(held_by=org)
    allocation = AllocationFactory(child=child)
    sw = user_with_role(Role.SOCIAL_WORKER, org)
    assessment = AssessmentFactory(child=child, social_worker=sw, student=allocation.student)
    other = AllocationFactory(child=ChildFactory(held_by=org))
    return {
        "assessment": assessment,
        "child": child,
        "student": allocation.student,
        "educator": allocation.practice_educator,
        "tutor": allocation.placement.tutor,
        "other_student": other.student,
        "school_contact": user_with_role(Role.SCHOOL_CONTACT, child.school),
        "social_worker": sw,
        "other_social_worker": user_with_role(Role.SOCIAL_WORKER, org),
        "team_manager": user_with_role(Role.TEAM_MANAGER, org),
        "other_team_manager": user_with_role(Role.TEAM_MANAGER),
        "coordinator": user_with_role(Role.COORDINATOR, org),
        "admin": user_with_role(Role.ADMIN),
    }


SEES = ["student", "educator", "social_worker", "team_manager", "coordinator", "admin"]
NOT_FOUND = ["other_student", "school_contact", "other_social_worker", "other_team_manager"]


@pytest.mark.parametrize("who", SEES)
def test_those_in_scope_see_the_page_and_it_is_logged(world, who, client):
    client.force_login(world[who])
    assessment = world["assessment"]
    url = reverse("casework:assessment_detail", args=[assessment.pk])
    response = client.get(url)
    assert response.status_code == 200
    # The child's own record page: their name shows.
    assert world["child"].first_name in response.content.decode()
    event = AccessEvent.objects.get(user=world[who])
    assert event.purpose == "Viewed an assessment" and event.path == url


@pytest.mark.parametrize("who", NOT_FOUND + ["tutor"])
def test_others_get_not_found_and_nothing_is_logged(world, who, client):
    client.force_login(world[who])
    url = reverse("casework:assessment_detail", args=[world["assessment"].pk])
    assert client.get(url).status_code == 404
    assert not AccessEvent.objects.exists()


def test_the_list_by_role(world, client):
    reference = world["child"].reference
    for who in SEES:
        client.force_login(world[who])
        response = client.get(LIST_URL)
        assert response.status_code == 200, who
        assert reference in response.content.decode(), who
        assert world["child"].first_name not in response.content.decode(), who
    for who in ("other_student", "other_social_worker", "other_team_manager"):
        client.force_login(world[who])
        assert reference not in client.get(LIST_URL).content.decode(), who
    client.force_login(world["tutor"])
    assert client.get(LIST_URL).status_code == 403
    client.force_login(world["school_contact"])
    assert client.get(LIST_URL).status_code == 403


def test_the_student_co_worker_gets_the_evidence_link(world, client):
    client.force_login(world["student"])
    url = reverse("casework:assessment_detail", args=[world["assessment"].pk])
    assert "Start a PCF evidence item" in client.get(url).content.decode()
    client.force_login(world["social_worker"])
    assert "Start a PCF evidence item" not in client.get(url).content.decode()


def test_working_days_left_shown_on_the_list(client, clock):
    # A Wednesday: on a weekend, the days overdue are counted from the next working day.
    clock.today_is(date(2026, 12, 2))
    today = timezone.localdate()
    calendar = WorkingDays()
    admin = user_with_role(Role.ADMIN)
    AssessmentFactory(due_date=calendar.add(today, 4))
    late = today
    for _ in range(3):
        late -= timedelta(days=1)
        while not calendar.is_working_day(late):
            late -= timedelta(days=1)
    AssessmentFactory(due_date=late)
    client.force_login(admin)
    page = client.get(LIST_URL).content.decode()
    assert "4 working days left" in page
    assert "3 working days overdue" in page
    assert "govuk-tag--red" in page
    overdue_only = client.get(LIST_URL, {"timing": "overdue"}).content.decode()
    assert "4 working days left" not in overdue_only and "overdue" in overdue_only


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_keeps_its_queries_flat(rows, client, django_assert_max_num_queries):
    admin = user_with_role(Role.ADMIN)
    child = ChildFactory()
    sw = user_with_role(Role.SOCIAL_WORKER, child.held_by)
    for _ in range(rows):
        AssessmentFactory(child=child, social_worker=sw)
    client.force_login(admin)
    client.get(LIST_URL)  # warm the session and memberships
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert response.status_code == 200


def test_working_days_left_values():
    calendar = WorkingDays()
    row = Assessment(due_date=date(2026, 4, 7))
    # From Thursday 2 April 2026: Good Friday and Easter Monday do not count.
    assert reads.working_days_left(row, today=date(2026, 4, 2), calendar=calendar) == 1
    assert reads.working_days_left(row, today=date(2026, 3, 31), calendar=calendar) == 3
    assert reads.working_days_left(row, today=date(2026, 4, 7), calendar=calendar) == 0
    assert reads.working_days_left(row, today=date(2026, 4, 10), calendar=calendar) == -3
    # Across Christmas 2026: 24 December to 4 January is 4 working days.
    row = Assessment(due_date=date(2027, 1, 4))
    assert reads.working_days_left(row, today=date(2026, 12, 24), calendar=calendar) == 4


def test_due_soon_and_overdue_reads():
    today = timezone.localdate()
    calendar = WorkingDays()
    soon = AssessmentFactory(due_date=calendar.add(today, 5))
    AssessmentFactory(due_date=calendar.add(today, 6))
    late = AssessmentFactory(due_date=today - timedelta(days=1))
    AssessmentFactory(due_date=today - timedelta(days=1), status=Assessment.Status.AUTHORISED)
    every = Assessment.objects.all()
    assert list(reads.due_soon(every, calendar=calendar)) == [soon]
    assert list(reads.overdue(every)) == [late]


def test_the_report_share_and_csv(client):
    authorised = Assessment.Status.AUTHORISED
    march, april = date(2026, 3, 10), date(2026, 4, 14)
    AssessmentFactory(status=authorised, due_date=march, completed_on=march)
    AssessmentFactory(status=authorised, due_date=march, completed_on=march + timedelta(days=1))
    AssessmentFactory(status=authorised, due_date=april, completed_on=april - timedelta(days=2))
    AssessmentFactory(status=authorised, due_date=april, completed_on=april)
    AssessmentFactory()  # a draft does not count
    admin = user_with_role(Role.ADMIN)
    report = reads.on_time_report(admin)
    assert (report.overall.authorised, report.overall.on_time) == (4, 3)
    assert report.overall.share == pytest.approx(0.75)
    assert [(m.label, m.authorised, m.on_time) for m in report.months] == [
        ("April 2026", 2, 2),
        ("March 2026", 2, 1),
    ]
    client.force_login(admin)
    assert "75%" in client.get(reverse("casework:assessment_report")).content.decode()
    csv = client.get(reverse("casework:assessment_report_csv")).content.decode()
    assert "March 2026,2,1,0.50" in csv
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(reverse("casework:assessment_report")).status_code == 403


def test_transition_page_and_refusal(world, client):
    assessment = world["assessment"]
    client.force_login(world["student"])
    url = reverse("casework:assessment_transition", args=[assessment.pk, "submit"])
    assert client.get(url).status_code == 403
    client.force_login(world["social_worker"])
    response = client.post(url)
    assert response.status_code == 200  # sections missing: shown on the page
    assert "Choose a recommendation." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_dashboards_list_due_soon_and_overdue(world, client):
    today = timezone.localdate()
    Assessment.objects.filter(pk=world["assessment"].pk).update(due_date=today - timedelta(days=2))
    for who in ("social_worker", "team_manager", "student"):
        client.force_login(world[who])
        page = client.get(reverse("portal:dashboard")).content.decode()
        assert "Overdue assessments" in page, who
        assert world["child"].reference in page, who


def test_the_child_page_lists_assessments_but_not_for_the_school(world, client):
    url = reverse("casework:child_detail", args=[world["child"].pk])
    client.force_login(world["social_worker"])
    assert "Child and family assessments" in client.get(url).content.decode()
    client.force_login(world["school_contact"])
    response = client.get(url)
    assert "Child and family assessments" not in response.content.decode()
