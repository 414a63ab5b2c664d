"""Child protection enquiries on the pages, the dashboards and the API (issue 16,
requirement 3): the refusal of a student as the accountable worker (naming its
source), the initial conference's due date across a bank holiday and a weekend,
its due soon and overdue flags, the list's filter by kind, and flat queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.casework.models import Assessment
from placements.casework.selectors import assessments as reads
from placements.casework.services.assessments import assessment_create
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.audit.models import AccessEvent
from tests.casework.factories import AssessmentFactory, ChildFactory
from tests.casework.support import assessment_world
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

S47 = Assessment.Kind.SECTION_47
SOURCE = "Working Together to Safeguard Children 2023"
DASHBOARD_URL = reverse("portal:dashboard")
LIST_URL = reverse("casework:assessment_list")
API_URL = "/api/v1/assessments/"
# Strategy discussion on Thursday 17 December 2026: the conference is due by Tuesday
# 12 January 2027 (Christmas Day, Boxing Day's substitute, New Year's Day and three
# weekends are not working days).
STRATEGY = date(2026, 12, 17)
CONFERENCE_DUE = date(2027, 1, 12)


@pytest.fixture
def world(clock):
    clock.today_is(date(2027, 1, 6))
    return assessment_world()


def dual_role(world):
    """A social worker of the service who also holds a student membership."""
    both = user_with_role(Role.SOCIAL_WORKER, world.service, name="Robin Dualrole")
    membership_grant(
        user=both,
        organisation=OrganisationFactory(kind=Organisation.Kind.UNIVERSITY),
        role=Role.STUDENT,
        starts_on=date(2026, 12, 1),
    )
    return both


def enquiry(world, **fields) -> Assessment:
    return assessment_create(
        by=world.team_manager,
        child=world.child,
        kind=S47,
        referral_date=date(2026, 12, 16),
        start_date=date(2026, 12, 17),
        strategy_discussion_on=STRATEGY,
        social_worker=world.social_worker,
        student=world.student,
        **fields,
    )


def start_form(world, **fields) -> dict:
    return {
        "kind": S47,
        "referral_date": "2026-12-16",
        "start_date": "2026-12-17",
        "strategy_discussion_on": "2026-12-17",
        "social_worker": world.social_worker.pk,
        "student": world.student.pk,
        **fields,
    }


def create_url(world) -> str:
    return reverse("casework:assessment_create") + f"?child={world.child.pk}"


# --- starting and changing one on the pages -------------------------------------------------


def test_the_manager_starts_an_enquiry_and_sees_the_conference_due_date(world, client):
    client.force_login(world.team_manager)
    response = client.post(create_url(world), start_form(world), follow=True)
    made = Assessment.objects.get(child=world.child, kind=S47)
    assert made.conference_due_on == CONFERENCE_DUE
    body = response.content.decode()
    assert "The initial child protection conference is due by 12 January 2027" in body
    assert "Child protection enquiry (section 47)" in body
    assert "Due by 12 January 2027 (15 working days after the strategy discussion)" in body
    assert "Strategy discussion" in body and "17 December 2026" in body


def test_the_page_refuses_a_student_as_accountable_naming_the_source(world, client):
    both = dual_role(world)
    before = Assessment.objects.count()
    client.force_login(world.team_manager)
    response = client.post(create_url(world), start_form(world, social_worker=both.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert SOURCE in body
    assert "a student never holds case responsibility for a child protection enquiry" in body
    assert Assessment.objects.count() == before


def test_the_page_refuses_bad_dates_and_makes_nothing(world, client):
    before = Assessment.objects.count()
    client.force_login(world.team_manager)
    body = client.post(
        create_url(world), start_form(world, strategy_discussion_on="2026-12-15")
    ).content.decode()
    assert "The strategy discussion must be on or after the date of the referral." in body
    body = client.post(
        create_url(world), start_form(world, strategy_discussion_on="")
    ).content.decode()
    assert "Enter the date of the strategy discussion." in body
    assert Assessment.objects.count() == before


def test_the_edit_page_refuses_making_it_an_enquiry_while_a_student_is_accountable(world, client):
    both = dual_role(world)
    assessment = AssessmentFactory(child=world.child, social_worker=both)
    client.force_login(both)
    url = reverse("casework:assessment_edit", args=[assessment.pk])
    response = client.post(
        url,
        {
            "kind": S47,
            "referral_date": assessment.referral_date.isoformat(),
            "start_date": assessment.start_date.isoformat(),
            "strategy_discussion_on": assessment.referral_date.isoformat(),
            "analysis": "Changed with the kind.",
        },
    )
    assert response.status_code == 200
    assert SOURCE in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.kind == Assessment.Kind.CHILD_AND_FAMILY and assessment.analysis == ""


def test_the_social_worker_records_the_conference_on_the_edit_page(world, client):
    made = enquiry(world)
    client.force_login(world.social_worker)
    url = reverse("casework:assessment_edit", args=[made.pk])
    form = client.get(url).context["form"]
    assert form.initial["kind"] == S47
    client.post(
        url,
        {
            "kind": S47,
            "referral_date": "2026-12-16",
            "start_date": "2026-12-17",
            "strategy_discussion_on": "2026-12-17",
            "conference_held_on": "2027-01-05",
        },
    )
    made.refresh_from_db()
    assert made.conference_held_on == date(2027, 1, 5)
    body = client.get(reverse("casework:assessment_detail", args=[made.pk])).content.decode()
    assert "Held 5 January 2027 (on time)" in body


def test_the_student_co_worker_is_not_offered_the_kind_or_dates(world, client):
    made = enquiry(world)
    client.force_login(world.student)
    form = client.get(reverse("casework:assessment_edit", args=[made.pk])).context["form"]
    assert not {"kind", "strategy_discussion_on", "conference_held_on"} & set(form.fields)


# --- flags --------------------------------------------------------------------------------


def test_the_page_flags_an_overdue_conference_and_logs_the_read(world, client, clock):
    made = enquiry(world)
    clock.today_is(date(2027, 1, 14))  # Wed 13 and Thu 14 are past the due date
    client.force_login(world.social_worker)
    body = client.get(reverse("casework:assessment_detail", args=[made.pk])).content.decode()
    assert "Conference 2 working days overdue" in body
    assert AccessEvent.objects.filter(user=world.social_worker).exists()


@pytest.mark.parametrize("who", ["social_worker", "team_manager", "student", "educator"])
def test_the_dashboards_flag_conferences_due_soon_and_overdue(world, client, clock, who):
    soon = enquiry(world)  # due Tue 12 January: 4 working days from Wed 6 January
    late_child = ChildFactory(held_by=world.service)
    late = AssessmentFactory(
        child=late_child,
        social_worker=world.social_worker,
        kind=S47,
        strategy_discussion_on=date(2026, 12, 1),
        conference_due_on=date(2026, 12, 22),
    )
    AssessmentFactory(child=ChildFactory(held_by=world.service), social_worker=world.social_worker)
    client.force_login(getattr(world, who))
    body = client.get(DASHBOARD_URL).content.decode()
    assert "Initial child protection conferences due soon" in body
    assert "Conference in 4 working days" in body
    assert soon.child.reference in body
    if who in ("social_worker", "team_manager"):
        assert "Initial child protection conferences overdue" in body
        assert late.child.reference in body
        # 23, 24, 29, 30, 31 December, 4, 5, 6 January
        assert "Conference 8 working days overdue" in body


def test_a_held_conference_and_an_authorised_enquiry_are_not_flagged(world):
    made = enquiry(world)
    Assessment.objects.filter(pk=made.pk).update(conference_held_on=date(2027, 1, 4))
    lists = reads.dashboard_lists(Assessment.objects.all())
    assert lists["casework_conferences_due_soon"] == []
    assert lists["casework_conferences_overdue"] == []


def test_the_dashboard_reads_stay_flat(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            reads.dashboard_lists(reads.assessments_visible_to(world.team_manager))
        return len(queries)

    world.team_manager.active_memberships  # noqa: B018 - loaded once per request
    AssessmentFactory.create_batch(
        2,
        child=world.child,
        social_worker=world.social_worker,
        kind=S47,
        strategy_discussion_on=date(2026, 12, 1),
        conference_due_on=date(2026, 12, 22),
    )
    at_few = count()
    AssessmentFactory.create_batch(
        30,
        child=world.child,
        social_worker=world.social_worker,
        kind=S47,
        strategy_discussion_on=date(2026, 12, 1),
        conference_due_on=date(2026, 12, 22),
    )
    AssessmentFactory.create_batch(30, child=world.child, social_worker=world.social_worker)
    assert count() == at_few == 3  # the bank holidays, due soon, overdue
    lists = reads.dashboard_lists(reads.assessments_visible_to(world.team_manager))
    assert len(lists["casework_conferences_overdue"]) == 10


# --- the list ------------------------------------------------------------------------------


def test_the_list_filters_by_kind_and_conference_timing(world, client):
    made = enquiry(world)
    client.force_login(world.team_manager)
    everything = client.get(LIST_URL).content.decode()
    assert "Child and family assessment" in everything
    assert "Child protection enquiry (section 47)" in everything
    only = client.get(LIST_URL, {"kind": S47}).content.decode()
    assert "1 assessment" in only and made.child.reference in only
    assert "Conference in 4 working days" in only
    assert 'data-testid="kind">Child and family assessment' not in only
    due_soon = client.get(LIST_URL, {"timing": "conference_due_soon"}).content.decode()
    assert "1 assessment" in due_soon
    overdue = client.get(LIST_URL, {"timing": "conference_overdue"}).content.decode()
    assert "No assessments match the filter." in overdue


# --- the API -------------------------------------------------------------------------------


def test_the_api_gives_the_kind_and_the_conference(world, client):
    enquiry(world)
    client.force_login(world.social_worker)
    [item] = client.get(API_URL, {"kind": S47}).json()["items"]
    assert item["kind"] == S47
    assert item["strategy_discussion_on"] == "2026-12-17"
    assert item["conference_due_on"] == "2027-01-12"
    assert item["conference_working_days_left"] == 4
    assert item["conference_overdue"] is False
    assert client.get(API_URL, {"kind": "child_and_family"}).json()["count"] == 1


def test_the_api_starts_an_enquiry_and_refuses_a_student_as_accountable(world, client):
    both = dual_role(world)
    client.force_login(world.team_manager)
    body = {
        "child": world.child.pk,
        "kind": S47,
        "referral_date": "2026-12-16",
        "start_date": "2026-12-17",
        "strategy_discussion_on": "2026-12-17",
        "social_worker": both.pk,
    }
    before = Assessment.objects.count()
    refused = client.post(API_URL, body, content_type="application/json")
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["field"] == "social_worker" and SOURCE in error["message"]
    refused = client.post(
        API_URL, {**body, "social_worker": world.student.pk}, content_type="application/json"
    )
    assert refused.status_code == 422 and SOURCE in refused.json()["errors"][0]["message"]
    assert Assessment.objects.count() == before
    made = client.post(
        API_URL,
        {**body, "social_worker": world.social_worker.pk, "student": world.student.pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["conference_due_on"] == "2027-01-12"
    assert made.json()["student"] == str(world.student)


def test_the_api_refuses_bad_dates_and_people_out_of_scope(world, client):
    client.force_login(world.team_manager)
    body = {
        "child": world.child.pk,
        "kind": S47,
        "referral_date": "2026-12-16",
        "start_date": "2026-12-17",
        "social_worker": world.social_worker.pk,
    }
    refused = client.post(API_URL, body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "strategy_discussion_on"
    outsider = user_with_role(Role.SOCIAL_WORKER, name="Quentin Elsewhere")
    refused = client.post(
        API_URL,
        {**body, "strategy_discussion_on": "2026-12-17", "social_worker": outsider.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "Quentin" not in refused.content.decode()
    elsewhere = ChildFactory()
    assert (
        client.post(
            API_URL, {**body, "child": elsewhere.pk}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(world.student)
    assert client.post(API_URL, body, content_type="application/json").status_code == 403
    assert not Assessment.objects.filter(kind=S47).exists()


def test_the_assessment_list_still_reads_flat_with_enquiries(world, client):
    client.force_login(world.team_manager)
    for _ in range(20):
        AssessmentFactory(
            child=world.child,
            social_worker=world.social_worker,
            kind=S47,
            strategy_discussion_on=date(2026, 12, 1),
            conference_due_on=date(2026, 12, 22) + timedelta(days=0),
        )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL, {"kind": S47}).status_code == 200
    assert len(queries) <= 12
