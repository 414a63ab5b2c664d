"""Free text never leaves by email: casework (issue 13, requirement 4).

A child's name in every free-text field of casework that reaches a notification
(or the write that notifies): the emails say what happened, with the child's
reference and a link; the text stays in the portal, where the notifications page
still shows the person what they need.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from placements.casework.models import Child, DirectWorkPlan
from placements.casework.services.assessments import assessment_transition, assessment_update
from placements.casework.services.plan_status import plan_transition
from placements.casework.services.requests import support_request_decide
from placements.casework.services.safeguarding import (
    concern_add_addendum,
    concern_raise,
    concern_record_outcome,
    concern_url,
)
from placements.casework.services.sessions import session_log, session_review
from portal.accounts.roles import Role
from tests.casework.factories import ChildFactory, SupportRequestFactory
from tests.casework.support import (
    SECTIONS,
    a_theme,
    assessment_world,
    safeguarding_setting,
    work_with,
)
from tests.factories import OrganisationFactory, user_with_role
from tests.notification_emails import (
    CHILD_FIRST_NAME,
    CHILD_LAST_NAME,
    CHILD_NAME,
    assert_emails_carry_no_free_text,
    notifications_page,
)

pytestmark = pytest.mark.django_db

NAMED = {"first_name": CHILD_FIRST_NAME, "last_name": CHILD_LAST_NAME}


def test_an_assessment_returned_with_a_reason(client, django_capture_on_commit_callbacks):
    world = assessment_world()
    Child.objects.filter(pk=world.child.pk).update(**NAMED)
    assessment_update(by=world.social_worker, assessment=world.assessment, **SECTIONS)
    assessment_transition(assessment=world.assessment, name="submit", by=world.social_worker)
    reason = f"Add what {CHILD_NAME} said about her stepfather's drinking."

    with django_capture_on_commit_callbacks(execute=True):
        assessment_transition(
            assessment=world.assessment, name="return", by=world.team_manager, reason=reason
        )

    assert_emails_carry_no_free_text(
        reason, "stepfather", to={world.social_worker.email, world.student.email}
    )
    assert all(world.child.reference in email.subject for email in mail.outbox)
    page = notifications_page(client, world.social_worker)
    assert reason in page and world.child.reference in page


@pytest.mark.parametrize("move", ["decline", "redirect"])
def test_a_request_declined_or_redirected_with_a_reason(
    client, django_capture_on_commit_callbacks, move
):
    service = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, service)
    child = ChildFactory(held_by=service, **NAMED)
    support_request = SupportRequestFactory(child=child)
    reason = f"{CHILD_NAME} is already seen weekly by CAMHS for self-harm."

    with django_capture_on_commit_callbacks(execute=True):
        support_request_decide(
            support_request=support_request, name=move, by=coordinator, reason=reason
        )

    assert_emails_carry_no_free_text(reason, "self-harm", to={support_request.submitted_by.email})
    [email] = mail.outbox
    assert child.reference in email.subject
    page = notifications_page(client, support_request.submitted_by)
    assert reason in page


def test_a_safeguarding_concern_its_addendum_and_its_outcome(
    client, django_capture_on_commit_callbacks
):
    world = safeguarding_setting()
    Child.objects.filter(pk=world.child.pk).update(**NAMED)
    what = f"{CHILD_NAME} said: “Mum's boyfriend hit me with a belt last night.”"
    actions = f"Told the school's DSL about {CHILD_FIRST_NAME} in person at 11:15."
    addendum = f"{CHILD_FIRST_NAME}'s aunt rang: the boyfriend has moved out."
    outcome = f"Referred {CHILD_NAME} to the children's services front door."

    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_raise(
            by=world.student,
            session=world.session,
            child=world.child,
            happened_at=timezone.now() - timedelta(minutes=30),
            what_happened=what,
            actions_taken=actions,
        )
        concern_add_addendum(by=world.educator, concern=concern, text=addendum)
        concern_record_outcome(by=world.educator, concern=concern, outcome=outcome)

    # The PE and the school's lead are told at once, the lead's office address too;
    # the student who raised it and the lead hear of the outcome.
    assert_emails_carry_no_free_text(
        what,
        actions,
        addendum,
        outcome,
        "belt",
        "front door",
        to={
            world.educator.email,
            world.lead.email,
            world.profile.safeguarding_lead_email,
            world.student.email,
        },
    )
    assert all(world.child.reference in email.subject for email in mail.outbox)
    assert all(concern_url(concern) in email.body for email in mail.outbox)
    page = notifications_page(client, world.lead)
    assert f"Safeguarding concern raised about child {world.child.reference}" in page
    assert concern_url(concern) in page


def test_session_notes_and_the_comments_they_are_returned_with(
    client, django_capture_on_commit_callbacks
):
    work = work_with(status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True, **NAMED)
    session = work.sessions()[0]
    child = work.children[0]
    activities = f"Drew a map of safe places with {CHILD_FIRST_NAME}."
    voice = "I hide in the shed when they shout."
    comments = f"Say more about what {CHILD_FIRST_NAME} said about the shed."

    with django_capture_on_commit_callbacks(execute=True):
        session_log(
            session=session,
            by=work.student,
            outcome="held",
            theme=a_theme(),
            activities=activities,
            attendance=[{"child": child, "attended": True, "child_voice": voice, "notes": ""}],
        )
        session_review(session=session, by=work.educator, decision="returned", comments=comments)

    assert_emails_carry_no_free_text(
        activities, voice, comments, "shed", to={work.educator.email, work.student.email}
    )
    assert all(child.reference in email.subject for email in mail.outbox)
    page = notifications_page(client, work.student)
    assert f"Session {session.number} for {child.reference} was returned with comments" in page


def test_a_plan_closed_early_with_a_reason(client, django_capture_on_commit_callbacks):
    work = work_with(status=DirectWorkPlan.Status.AGREED, agreed=True, **NAMED)
    reason = f"{CHILD_NAME}'s family moved to a refuge in another county."

    with django_capture_on_commit_callbacks(execute=True):
        plan_transition(plan=work.plan, name="close_early", by=work.coordinator, reason=reason)

    assert_emails_carry_no_free_text(reason, "refuge", to={work.student.email, work.educator.email})
    page = notifications_page(client, work.educator)
    assert f"The direct-work plan for {work.children[0].reference} is closed early" in page
