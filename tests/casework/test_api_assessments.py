"""Assessments in the API: scoped like the pages, due dates on the one calendar."""

from datetime import date

import pytest

from portal.accounts.roles import Role
from tests.factories import user_with_role

from .factories import AllocationFactory, AssessmentFactory, ChildFactory

pytestmark = pytest.mark.django_db


def test_each_assessment_has_its_referral_date_due_date_and_working_days_left(client, clock):
    # Referred on Thursday 26 November 2026: 45 working days later, skipping the
    # bank holidays of 25 and 28 December and 1 January, is Tuesday 2 February 2027.
    assessment = AssessmentFactory(referral_date=date(2026, 11, 26), start_date=date(2026, 11, 27))
    clock.today_is(date(2026, 12, 21))
    client.force_login(assessment.social_worker)
    item = client.get("/api/v1/assessments/").json()["items"][0]
    assert item["referral_date"] == "2026-11-26"
    assert item["due_date"] == "2027-02-02"
    # 22 December .. 2 February: 31 weekdays, less the three bank holidays.
    assert item["working_days_left"] == 28
    assert item["child"]["reference"] == assessment.child.reference
    assert "first_name" not in item["child"]


def test_an_overdue_assessment_has_negative_working_days_left(client, clock):
    assessment = AssessmentFactory(referral_date=date(2026, 11, 26), start_date=date(2026, 11, 26))
    clock.today_is(date(2027, 2, 5))
    client.force_login(assessment.social_worker)
    item = client.get("/api/v1/assessments/?timing=overdue").json()["items"][0]
    assert item["working_days_left"] == -3


def test_other_social_workers_and_school_contacts_do_not_see_it(client):
    assessment = AssessmentFactory()
    client.force_login(user_with_role(Role.SOCIAL_WORKER, assessment.child.held_by))
    assert client.get("/api/v1/assessments/").json()["items"] == []
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, assessment.child.school))
    assert client.get("/api/v1/assessments/").status_code == 403
    client.force_login(user_with_role(Role.TUTOR))
    assert client.get("/api/v1/assessments/").status_code == 403


def test_the_student_co_worker_sees_the_assessment(client):
    work = AllocationFactory()
    AssessmentFactory(child=work.child, student=work.student)
    client.force_login(work.student)
    assert len(client.get("/api/v1/assessments/").json()["items"]) == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_the_same_queries_whatever_its_length(
    client, django_assert_max_num_queries, rows
):
    manager = user_with_role(Role.TEAM_MANAGER)
    organisation = manager.organisations_where(Role.TEAM_MANAGER)[0]
    for child in ChildFactory.create_batch(rows, held_by=organisation):
        AssessmentFactory(child=child)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/assessments/?page_size=50")
    assert response.json()["count"] == rows
