"""Free text never leaves by email: placements (issue 13, requirement 4).

A child's name in every free-text field of a placement that reaches a
notification (causes for concern, evidence and its comments, the midpoint
review's action plan, the final report's comment, the panel's notes): the
emails say what happened and link to the portal; the text stays in the portal,
where the notifications page still shows it.
"""

import pytest
from django.core import mail

from placements.models import Capability, EvidenceItem, FinalReport, MidpointReview, Placement
from placements.selectors.review import pcf_domains
from placements.services.concern import concern_raise, concern_step
from placements.services.evidence import evidence_comment, evidence_create, evidence_reopen
from placements.services.final_report import (
    final_report_comment,
    final_report_countersign,
    final_report_save,
    final_report_sign,
)
from placements.services.panel import panel_decision_record
from placements.services.review import (
    ActionItem,
    DomainAssessment,
    DomainProgress,
    midpoint_review_record,
    review_action_complete,
)
from tests.notification_emails import (
    CHILD_FIRST_NAME,
    CHILD_NAME,
    assert_emails_carry_no_free_text,
    notifications_page,
)
from tests.placements.support import days_ago, make_cast

pytestmark = pytest.mark.django_db


def emails_of(*people) -> set[str]:
    return {person.email for person in people}


def test_a_cause_for_concern_and_its_outcome(client, django_capture_on_commit_callbacks):
    cast = make_cast(status=Placement.Status.ACTIVE)
    summary = f"Discussed {CHILD_NAME}'s case on a bus within earshot of the public."
    plan = f"Never discuss {CHILD_FIRST_NAME} or any child outside the office."
    outcome = f"Apologised to {CHILD_FIRST_NAME}'s mother; training completed."

    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_raise(
            placement=cast.placement, by=cast.educator, summary=summary, action_plan=plan
        )
        concern_step(concern=concern, name="resolve", by=cast.educator, outcome=outcome)

    assert_emails_carry_no_free_text(
        summary,
        plan,
        outcome,
        "earshot",
        to=emails_of(cast.student, cast.supervisor, cast.tutor),
    )
    page = notifications_page(client, cast.student)
    assert summary in page and outcome in page


def test_evidence_its_comment_and_its_reopening(client, django_capture_on_commit_callbacks):
    cast = make_cast(status=Placement.Status.ACTIVE)
    domain = Capability.objects.get(
        version__framework__code="pcf", version__is_current=True, number=7
    )
    title = f"Life-story work with {CHILD_NAME}"
    reflection = f"{CHILD_FIRST_NAME} talked about the fire at her first foster home."
    comment = f"Good use of the timeline with {CHILD_FIRST_NAME}; say what you would change."

    with django_capture_on_commit_callbacks(execute=True):
        item = evidence_create(
            placement=cast.placement,
            by=cast.student,
            date=days_ago(2),
            kind=EvidenceItem.Kind.DIRECT_WORK,
            title=title,
            reflection=reflection,
            capabilities=[domain],
        )
        evidence_comment(item=item, by=cast.educator, comment=comment)
        evidence_reopen(item=item, by=cast.educator)

    assert_emails_carry_no_free_text(
        title, reflection, comment, "foster", to=emails_of(cast.educator, cast.student)
    )
    assert {email.subject for email in mail.outbox} >= {
        f"[Practice portal] {cast.student} added capability evidence of "
        f"{days_ago(2).day} {days_ago(2):%B %Y}",
    }
    # The educator's notice is done once they commented: gone from "Unread", kept in "All".
    assert title not in notifications_page(client, cast.educator)
    assert title in notifications_page(client, cast.educator, show="all")
    page = notifications_page(client, cast.student)
    assert comment in page and title in page


def test_the_midpoint_review_and_its_action_plan(client, django_capture_on_commit_callbacks):
    cast = make_cast(status=Placement.Status.ACTIVE)
    action = f"Write up the visit to {CHILD_NAME} within 48 hours."
    summary = f"Recording of the visits to {CHILD_FIRST_NAME} is late."

    with django_capture_on_commit_callbacks(execute=True):
        review = midpoint_review_record(
            placement=cast.placement,
            by=cast.educator,
            held_on=days_ago(1),
            attendees="Sam Student, student\nTeresa Tutor, tutor",
            outcome=MidpointReview.Outcome.CONCERNS,
            summary=summary,
            progress=[
                DomainProgress(d, "progressing", f"{CHILD_FIRST_NAME}'s visit showed it.")
                for d in pcf_domains()
            ],
            actions=[ActionItem(action, cast.student, days_ago(-7))],
        )
        review_action_complete(action=review.actions.get(), by=cast.student)

    assert_emails_carry_no_free_text(
        action,
        summary,
        "48 hours",
        to=emails_of(cast.student, cast.supervisor, cast.tutor, cast.educator),
    )
    page = notifications_page(client, cast.educator)
    assert "Action done on the midpoint review's action plan" in page and action in page


def _signed_report(cast) -> FinalReport:
    midpoint_review_record(
        placement=cast.placement,
        by=cast.educator,
        held_on=days_ago(1),
        attendees="Sam Student, student",
        outcome=MidpointReview.Outcome.SATISFACTORY,
        summary="Good progress.",
        progress=[DomainProgress(d, "progressing", "Progressing.") for d in pcf_domains()],
        actions=[],
    )
    report = final_report_save(
        placement=cast.placement,
        by=cast.educator,
        summary="Sound, reflective practice.",
        recommendation=FinalReport.Recommendation.PASS,
        assessments=[DomainAssessment(d, "meets", "Assessed.") for d in pcf_domains()],
    )
    return final_report_sign(report=report, by=cast.educator)


def test_the_final_reports_comment_and_the_panels_notes(client, django_capture_on_commit_callbacks):
    cast = make_cast(status=Placement.Status.ACTIVE)
    report = _signed_report(cast)
    comment = f"My work with {CHILD_NAME} is not mentioned in the report."
    notes = f"Ask for the evidence of the work with {CHILD_FIRST_NAME}'s family."

    with django_capture_on_commit_callbacks(execute=True):
        final_report_comment(report=report, by=cast.student, comment=comment)
    final_report_countersign(report=report, by=cast.tutor)
    with django_capture_on_commit_callbacks(execute=True):
        panel_decision_record(
            placement=cast.placement,
            by=cast.tutor,
            sat_on=days_ago(0),
            outcome="deferred",
            notes=notes,
        )

    assert_emails_carry_no_free_text(
        comment,
        notes,
        "not mentioned",
        to=emails_of(cast.educator, cast.tutor, cast.student, cast.supervisor),
    )
    # The tutor's notice of the comment is done once they countersigned: kept in "All".
    assert comment not in notifications_page(client, cast.tutor)
    assert comment in notifications_page(client, cast.tutor, show="all")
    assert notes in notifications_page(client, cast.student)
