"""Who sees the child behind an assessment (issue 6, requirements 8 and 9):
`child_scope` admits the accountable social worker (any status) and the team
managers of the organisation holding the record; the student co-worker keeps
seeing the child through their allocation; school contacts see their pupil's
limited page but never an assessment; university roles see nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import Assessment
from placements.casework.selectors import children_visible_to
from placements.casework.selectors.assessments import assessments_visible_to
from placements.casework.services.assessments import (
    assessment_create,
    assessment_transition,
    assessment_update,
)
from portal.accounts.roles import Role
from tests.casework.factories import ChildFactory
from tests.casework.support import SECTIONS, assessment_world
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SEES_CHILD = {
    "student": True,
    "educator": True,
    "social_worker": True,
    "team_manager": True,
    "coordinator": True,
    "school_contact": True,  # their pupil's limited page, with no assessments
    "admin": True,
    "tutor": False,
    "other_student": False,
    "other_social_worker": False,
    "other_team_manager": False,
}
SEES_ASSESSMENT = {**SEES_CHILD, "school_contact": False}


@pytest.fixture
def world():
    return assessment_world()


def test_the_access_matrix(world):
    for name, person in world.people().items():
        child_ids = set(children_visible_to(person).values_list("pk", flat=True))
        assert (world.child.pk in child_ids) is SEES_CHILD[name], name
        seen = set(assessments_visible_to(person).values_list("pk", flat=True))
        assert (world.assessment.pk in seen) is SEES_ASSESSMENT[name], name


def test_the_social_worker_sees_the_child_whatever_the_status(world):
    Assessment.objects.filter(pk=world.assessment.pk).update(
        status=Assessment.Status.AUTHORISED, completed_on=timezone.localdate()
    )
    assert children_visible_to(world.social_worker).filter(pk=world.child.pk).exists()


def test_a_team_manager_sees_only_held_children_with_an_assessment(world):
    unassessed = ChildFactory(held_by=world.service, created_by=world.coordinator)
    visible = children_visible_to(world.team_manager)
    assert visible.filter(pk=world.child.pk).exists()
    assert not visible.filter(pk=unassessed.pk).exists()
    # A social worker with no assessment of a child does not see them either.
    assert not children_visible_to(world.other_social_worker).filter(pk=unassessed.pk).exists()


def test_a_student_who_is_not_the_co_worker_sees_the_child_but_not_the_assessment(world):
    Assessment.objects.filter(pk=world.assessment.pk).update(student=None)
    assert children_visible_to(world.student).filter(pk=world.child.pk).exists()
    assert not assessments_visible_to(world.student).filter(pk=world.assessment.pk).exists()


@pytest.mark.parametrize("who", ["social_worker", "team_manager"])
def test_the_new_roles_reach_the_children_list_and_the_child_page(world, who, client):
    client.force_login(getattr(world, who))
    listed = client.get(reverse("casework:child_list"))
    assert listed.status_code == 200
    assert world.child.reference in listed.content.decode()
    page = client.get(reverse("casework:child_detail", args=[world.child.pk]))
    assert page.status_code == 200
    assert 'data-testid="child-assessments"' in page.content.decode()


def test_others_do_not_reach_the_child_page(world, client):
    url = reverse("casework:child_detail", args=[world.child.pk])
    for who in ("other_social_worker", "other_team_manager", "tutor"):
        client.force_login(getattr(world, who))
        assert client.get(url).status_code in (403, 404), who


def test_the_school_never_sees_an_assessment_of_its_pupil(world, client):
    client.force_login(world.school_contact)
    page = client.get(reverse("casework:child_detail", args=[world.child.pk])).content.decode()
    assert "child-assessments" not in page and "Start an assessment" not in page
    detail = reverse("casework:assessment_detail", args=[world.assessment.pk])
    assert client.get(detail).status_code == 404
    assert client.get(reverse("casework:assessment_list")).status_code == 403


def test_a_new_assessment_brings_the_social_worker_in(world):
    today = timezone.localdate()
    child = ChildFactory(held_by=world.service, created_by=world.coordinator)
    assert not children_visible_to(world.other_social_worker).filter(pk=child.pk).exists()
    assessment_create(
        by=world.team_manager,
        child=child,
        referral_date=today - timedelta(days=1),
        start_date=today,
        social_worker=world.other_social_worker,
    )
    assert children_visible_to(world.other_social_worker).filter(pk=child.pk).exists()


def test_the_practice_educator_dashboard_flags_their_student_s_overdue_assessment(world, client):
    Assessment.objects.filter(pk=world.assessment.pk).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    for who in ("educator", "coordinator"):
        client.force_login(getattr(world, who))
        page = client.get(reverse("portal:dashboard")).content.decode()
        assert "Overdue assessments" in page, who
        assert world.child.reference in page, who
        assert world.child.first_name not in page, who


def test_authorising_through_the_pages_asks_for_confirmation_then_locks(world, client):
    assessment_update(by=world.social_worker, assessment=world.assessment, **SECTIONS)
    assessment_transition(assessment=world.assessment, name="submit", by=world.social_worker)
    url = reverse("casework:assessment_transition", args=[world.assessment.pk, "authorise"])
    client.force_login(world.social_worker)
    assert client.get(url).status_code == 403
    client.force_login(world.team_manager)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "locks it" in confirm.content.decode()
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.SUBMITTED  # GET changes nothing
    response = client.post(url, follow=True)
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.AUTHORISED and world.assessment.is_locked
    page = response.content.decode()
    assert "is locked" in page and "Change the assessment" not in page
    client.force_login(world.social_worker)
    edit = reverse("casework:assessment_edit", args=[world.assessment.pk])
    assert client.get(edit).status_code == 403


def test_returning_through_the_page_needs_a_reason(world, client):
    assessment_update(by=world.social_worker, assessment=world.assessment, **SECTIONS)
    assessment_transition(assessment=world.assessment, name="submit", by=world.social_worker)
    url = reverse("casework:assessment_transition", args=[world.assessment.pk, "return"])
    client.force_login(world.team_manager)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter what needs to change" in response.content.decode()
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.SUBMITTED
    client.post(url, {"reason": "Add the school's view."})
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.DRAFT


def test_a_social_worker_starts_one_from_the_child_page(world, client):
    child = world.child
    client.force_login(world.social_worker)
    url = reverse("casework:assessment_create") + f"?child={child.pk}"
    today = timezone.localdate()
    referral = today - timedelta(days=2)
    response = client.post(
        url,
        {
            "referral_date": referral.isoformat(),
            "start_date": today.isoformat(),
            "social_worker": world.social_worker.pk,
            "student": world.student.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Assessment.objects.exclude(pk=world.assessment.pk).get()
    assert created.social_worker == world.social_worker and created.student == world.student
    # A student may not open the form.
    client.force_login(world.student)
    assert client.get(url).status_code == 403


def test_a_future_referral_on_the_form_saves_nothing(world, client):
    client.force_login(world.team_manager)
    url = reverse("casework:assessment_create") + f"?child={world.child.pk}"
    future = timezone.localdate() + timedelta(days=5)
    response = client.post(
        url,
        {
            "referral_date": future.isoformat(),
            "start_date": future.isoformat(),
            "social_worker": world.social_worker.pk,
        },
    )
    assert response.status_code == 200
    assert "today or in the past" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_the_new_roles_can_be_invited_and_hold_the_role():
    from portal.accounts.roles import ROLES_A_COORDINATOR_MAY_INVITE

    # Co-ordinators invite qualified social workers; team managers come from an admin.
    assert Role.SOCIAL_WORKER in ROLES_A_COORDINATOR_MAY_INVITE
    manager = user_with_role(Role.TEAM_MANAGER)
    assert manager.has_role(Role.TEAM_MANAGER)
