"""Direct work in the API: plans listed by reference, sessions read (logged) and
logged by the student through the same rules as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession, Theme
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.factories import user_with_role

from .factories import (
    AllocationFactory,
    AttendanceFactory,
    ChildFactory,
    SessionFactory,
    plan_with_children,
)

pytestmark = pytest.mark.django_db


def _active_plan_with_a_session(**allocation):
    work = AllocationFactory(**allocation)
    plan = plan_with_children(work.child, status=DirectWorkPlan.Status.ACTIVE)
    session = SessionFactory(plan=plan, number=1, planned_on=timezone.localdate() - timedelta(1))
    AttendanceFactory(session=session, child=work.child)
    return work, plan, session


def _log_body(child, **changes):
    body = {
        "number": 1,
        "outcome": "held",
        "theme": Theme.objects.first().pk,
        "activities": "Feelings cards.",
        "observations": "Settled quickly.",
        "next_steps": "Trusted adults next week.",
        "attendance": [{"child": child.pk, "attended": True, "child_voice": "I felt calm."}],
    }
    body.update(changes)
    return body


def test_a_student_lists_their_plans_with_children_by_reference_only(client):
    work, plan, _ = _active_plan_with_a_session()
    plan_with_children(AllocationFactory().child)  # someone else's
    client.force_login(work.student)
    items = client.get("/api/v1/direct-work/plans/").json()["items"]
    assert [item["id"] for item in items] == [plan.pk]
    assert items[0]["children"] == [
        {"id": work.child.pk, "reference": work.child.reference, "initials": work.child.initials}
    ]


def test_the_student_logs_a_session_through_the_api(client):
    work, plan, session = _active_plan_with_a_session()
    client.force_login(work.student)
    response = client.post(
        f"/api/v1/direct-work/plans/{plan.pk}/sessions",
        _log_body(work.child),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["attendance"][0]["child_voice"] == "I felt calm."
    session.refresh_from_db()
    assert session.status == DirectWorkSession.Status.HELD
    assert session.review == DirectWorkSession.Review.AWAITING


def test_a_session_cannot_be_logged_before_its_date_and_nothing_changes(client):
    work, plan, session = _active_plan_with_a_session()
    DirectWorkSession.objects.filter(pk=session.pk).update(
        planned_on=timezone.localdate() + timedelta(days=3)
    )
    client.force_login(work.student)
    response = client.post(
        f"/api/v1/direct-work/plans/{plan.pk}/sessions",
        _log_body(work.child),
        content_type="application/json",
    )
    assert response.status_code == 422
    session.refresh_from_db()
    assert session.status == DirectWorkSession.Status.PLANNED and session.activities == ""


def test_a_school_contact_reads_session_dates_but_not_notes(client):
    work, plan, session = _active_plan_with_a_session()
    client.force_login(work.student)
    client.post(
        f"/api/v1/direct-work/plans/{plan.pk}/sessions",
        _log_body(work.child),
        content_type="application/json",
    )
    contact = user_with_role(Role.SCHOOL_CONTACT, plan.school)
    client.force_login(contact)
    items = client.get(f"/api/v1/direct-work/plans/{plan.pk}/sessions").json()["items"]
    assert items[0]["status"] == "held"
    assert items[0]["activities"] is None
    assert items[0]["attendance"][0]["child_voice"] is None
    response = client.post(
        f"/api/v1/direct-work/plans/{plan.pk}/sessions",
        _log_body(work.child, number=1),
        content_type="application/json",
    )
    assert response.status_code in (403, 422)
    assert AccessEvent.objects.filter(user=contact, object_id=str(work.child.pk)).exists()


def test_another_student_cannot_read_or_log_the_plan(client):
    _, plan, _ = _active_plan_with_a_session()
    other = AllocationFactory().student
    client.force_login(other)
    assert client.get(f"/api/v1/direct-work/plans/{plan.pk}/sessions").status_code == 404
    assert (
        client.post(
            f"/api/v1/direct-work/plans/{plan.pk}/sessions",
            {"number": 1, "outcome": "held"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert not AccessEvent.objects.filter(user=other).exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_plans_list_makes_the_same_queries_whatever_its_length(
    client, django_assert_max_num_queries, rows
):
    coordinator = user_with_role(Role.COORDINATOR)
    organisation = coordinator.organisations_where(Role.COORDINATOR)[0]
    for child in ChildFactory.create_batch(rows, held_by=organisation):
        plan_with_children(child)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get("/api/v1/direct-work/plans/?page_size=50")
    assert response.json()["count"] == rows
