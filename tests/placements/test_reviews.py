"""Reviews: the midpoint review, the final report and the practice assessment panel
(placements/services/review.py), with every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from placements.models import (
    FinalAssessment,
    FinalReport,
    FrameworkVersion,
    MidpointProgress,
    MidpointReview,
    PanelDecision,
    Placement,
    ReviewAction,
)
from placements.selectors.review import pcf_domains
from placements.services.final_report import (
    final_report_amend,
    final_report_comment,
    final_report_countersign,
    final_report_sign,
)
from placements.services.panel import panel_decision_record
from placements.services.reference import framework_version_publish
from placements.services.review import (
    ActionItem,
    DomainAssessment,
    DomainProgress,
    review_action_complete,
)
from portal import signatures
from portal.locking import RecordLocked
from portal.models import Notification, Signature
from tests.factories import user_with_role
from tests.placements.support import (
    assessments,
    days_ago,
    make_cast,
    progress,
    record_review,
    reviewed_cast,
    save_report,
    submitted_cast,
)

pytestmark = pytest.mark.django_db

S = Placement.Status


# --- Helpers --------------------------------------------------------------------------


def status_of(cast) -> str:
    cast.placement.refresh_from_db()
    return cast.placement.status


def signed_as(report) -> set[str]:
    return {s.capacity for s in signatures.signatures_for(report)}


def told(url_part: str = "") -> set:
    notifications = Notification.objects.all()
    if url_part:
        notifications = notifications.filter(url__contains=url_part)
    return {n.user for n in notifications}


def nothing_recorded() -> bool:
    return not (
        MidpointReview.objects.exists()
        or MidpointProgress.objects.exists()
        or ReviewAction.objects.exists()
    )


# --- Midpoint review ------------------------------------------------------------------


def test_recording_the_review_saves_it_and_moves_the_placement_once():
    cast = make_cast(status=S.ACTIVE)
    history_before = cast.placement.history.count()

    review = record_review(
        cast,
        outcome="concerns",
        actions=[
            ActionItem("Complete two case recordings on time.", cast.student, days_ago(-14)),
            ActionItem("Co-write an assessment analysis.", cast.educator, days_ago(-28)),
        ],
    )

    review.refresh_from_db()
    assert review.placement == cast.placement
    assert review.held_on == days_ago(1)
    assert review.outcome == "concerns"
    assert review.recorded_by == cast.educator
    assert review.attendees == "Sam Student, student\nTeresa Tutor, tutor"
    rows = list(review.progress.select_related("capability"))
    assert [r.capability.title for r in rows] == [d.title for d in pcf_domains()]
    assert len(rows) == 9
    assert {r.rating for r in rows} == {"progressing"}
    assert [(a.description, a.owner) for a in review.actions.all()] == [
        ("Complete two case recordings on time.", cast.student),
        ("Co-write an assessment analysis.", cast.educator),
    ]
    assert status_of(cast) == S.MIDPOINT_REVIEWED
    # One status change, named after the move, by the educator.
    assert cast.placement.history.count() == history_before + 1
    latest = cast.placement.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == "review_midpoint"
    assert latest.history_user == cast.educator
    assert review.history.get().history_user == cast.educator


def test_the_people_on_the_placement_are_told_once_with_a_link_to_the_review():
    cast = make_cast(status=S.ACTIVE)
    record_review(cast)

    notifications = Notification.objects.all()
    assert sorted(n.user.pk for n in notifications) == sorted(
        [cast.student.pk, cast.supervisor.pk, cast.tutor.pk]
    )
    for notification in notifications:
        assert notification.url == f"/portal/placements/{cast.placement.pk}/midpoint-review/"
        assert "is now midpoint reviewed" in notification.title


@pytest.mark.parametrize(
    "who", ["student", "supervisor", "tutor", "host_coordinator", "university_coordinator", "admin"]
)
def test_only_the_practice_educator_records_the_review(who):
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(PermissionDenied):
        record_review(cast, by=getattr(cast, who))
    assert nothing_recorded()
    assert status_of(cast) == S.ACTIVE
    assert not Notification.objects.exists()


@pytest.mark.parametrize("status", [S.CONFIRMED, S.SUSPENDED, S.ENDED_EARLY])
def test_the_review_is_recorded_only_while_the_placement_is_active(status):
    cast = make_cast(status=status)
    with pytest.raises(ValidationError) as refused:
        record_review(cast)
    assert refused.value.messages == [
        "The midpoint review is recorded while the placement is active; this placement is "
        f"{Placement.Status(status).label.lower()}."
    ]
    assert nothing_recorded()
    assert status_of(cast) == status


def test_a_second_review_is_refused():
    cast = reviewed_cast()
    with pytest.raises(ValidationError) as refused:
        record_review(cast)
    assert refused.value.messages == ["The midpoint review of this placement is already recorded."]
    assert MidpointReview.objects.count() == 1


def test_a_review_in_the_future_is_refused():
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(ValidationError) as refused:
        record_review(cast, held_on=days_ago(-1))
    assert refused.value.message_dict == {
        "held_on": ["The date of the review cannot be in the future."]
    }
    assert nothing_recorded()
    assert status_of(cast) == S.ACTIVE


def test_a_review_before_the_placement_started_is_refused():
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(ValidationError) as refused:
        record_review(cast, held_on=cast.placement.starts_on - timedelta(days=1))
    [message] = refusal_field(refused, "held_on")
    assert message.startswith("The review must take place during the placement, between ")
    assert nothing_recorded()


def refusal_field(refused, field: str) -> list[str]:
    return refused.value.message_dict[field]


def test_every_pcf_domain_needs_a_rating():
    cast = make_cast(status=S.ACTIVE)
    rows = progress()
    missing = [rows.pop(4), rows.pop(0)]  # Knowledge, Professionalism

    with pytest.raises(ValidationError) as refused:
        record_review(cast, progress=rows)

    assert refusal_field(refused, "progress") == [
        "Give the progress for every PCF domain. Missing: "
        f"{missing[1].capability.title}, {missing[0].capability.title}."
    ]
    assert nothing_recorded()
    assert status_of(cast) == S.ACTIVE


def test_a_domain_given_twice_or_without_a_rating_is_refused():
    cast = make_cast(status=S.ACTIVE)
    rows = progress()
    rows[8] = DomainProgress(rows[0].capability, "meets")
    rows[1] = DomainProgress(rows[1].capability, "brilliant")
    with pytest.raises(ValidationError) as refused:
        record_review(cast, progress=rows)
    problems = refusal_field(refused, "progress")
    assert "Professionalism is given twice." in problems
    assert "Choose the progress for Values and Ethics." in problems
    assert nothing_recorded()


def test_domains_of_an_old_framework_version_are_refused():
    old = pcf_domains()
    version = FrameworkVersion.objects.get(framework__code="pcf", is_current=True)
    framework_version_publish(source=version, label="2027", published_on=days_ago(0))
    cast = make_cast(status=S.ACTIVE)

    with pytest.raises(ValidationError) as refused:
        record_review(cast, progress=[DomainProgress(d, "meets") for d in old])

    problems = refusal_field(refused, "progress")
    assert f"“{old[0]}” is not a domain of the current PCF." in problems
    assert problems[-1].startswith("Give the progress for every PCF domain. Missing: ")
    assert nothing_recorded()


def test_a_review_with_concerns_needs_an_action_plan():
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(ValidationError) as refused:
        record_review(cast, outcome="concerns", actions=[])
    assert refusal_field(refused, "actions") == [
        "A review with concerns needs an action plan: add at least one action, with its owner "
        "and due date."
    ]
    assert nothing_recorded()
    assert status_of(cast) == S.ACTIVE


def test_each_action_needs_a_description_an_owner_on_the_placement_and_a_due_date():
    cast = make_cast(status=S.ACTIVE)
    stranger = user_with_role("student", cast.university, name="Pat Stranger")
    with pytest.raises(ValidationError) as refused:
        record_review(
            cast,
            actions=[
                ActionItem("  ", cast.student, days_ago(-7)),
                ActionItem("Read the procedures.", stranger, days_ago(-7)),
                ActionItem("Shadow a visit.", None, None),
                ActionItem("Reflect on the visit.", cast.tutor, days_ago(5)),
            ],
        )
    assert refusal_field(refused, "actions") == [
        "Action 1: enter what is to be done.",
        "Action 2: the person chosen is not on this placement. The owner must be the student, "
        "the practice educator, the on-site supervisor or the tutor.",
        "Action 3: choose who owns it.",
        "Action 3: enter the due date.",
        "Action 4: the due date cannot be before the review.",
    ]
    assert nothing_recorded()


def test_every_problem_is_named_in_one_refusal():
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(ValidationError) as refused:
        record_review(cast, held_on=None, attendees=" ", outcome="", progress=[])
    assert set(refused.value.message_dict) == {"held_on", "attendees", "outcome", "progress"}
    assert refusal_field(refused, "attendees") == ["Enter who attended the review."]


def test_a_refused_move_leaves_no_review_behind(monkeypatch):
    """The review and the move are one transaction: if the move is refused, nothing stays."""
    from placements.services import review as service

    def refuse(**kwargs):
        raise ValidationError("The move was refused.")

    monkeypatch.setattr(service, "placement_transition", refuse)
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(ValidationError):
        record_review(
            cast,
            outcome="concerns",
            actions=[ActionItem("Something.", cast.student, days_ago(-3))],
        )
    assert nothing_recorded()
    assert status_of(cast) == S.ACTIVE


# --- Action plan ------------------------------------------------------------------------


def review_with_action(owner_name: str = "student"):
    cast = make_cast(status=S.ACTIVE)
    owner = getattr(cast, owner_name)
    review = record_review(
        cast,
        outcome="concerns",
        actions=[ActionItem("Catch up on case recording.", owner, days_ago(-7))],
    )
    Notification.objects.all().delete()
    return cast, review.actions.get()


@pytest.mark.parametrize("who", ["student", "educator"])
def test_the_owner_or_the_practice_educator_marks_an_action_done(who):
    cast, action = review_with_action("student")
    review_action_complete(action=action, by=getattr(cast, who))
    action.refresh_from_db()
    assert action.done_at is not None
    assert action.history.order_by("-history_date").first().history_user == getattr(cast, who)
    other = cast.educator if who == "student" else cast.student
    assert told() == {other}


@pytest.mark.parametrize("who", ["tutor", "supervisor", "host_coordinator", "admin"])
def test_others_cannot_mark_an_action_done(who):
    cast, action = review_with_action("student")
    with pytest.raises(PermissionDenied):
        review_action_complete(action=action, by=getattr(cast, who))
    action.refresh_from_db()
    assert action.done_at is None


def test_the_tutor_marks_their_own_action_done():
    cast, action = review_with_action("tutor")
    review_action_complete(action=action, by=cast.tutor)
    action.refresh_from_db()
    assert action.done_at is not None


def test_an_action_is_marked_done_once():
    cast, action = review_with_action()
    review_action_complete(action=action, by=cast.student)
    first = ReviewAction.objects.get().done_at
    with pytest.raises(ValidationError) as refused:
        review_action_complete(action=action, by=cast.educator)
    assert refused.value.messages == ["This action is already marked as done."]
    assert ReviewAction.objects.get().done_at == first


def test_the_action_plan_of_a_finished_placement_no_longer_changes():
    cast, action = review_with_action()
    Placement.objects.filter(pk=cast.placement.pk).update(status=S.ENDED_EARLY)
    with pytest.raises(ValidationError) as refused:
        review_action_complete(action=action, by=cast.student)
    assert refused.value.messages == [
        "The placement is ended early: its action plan can no longer change."
    ]


# --- Final report: writing ---------------------------------------------------------------


def test_the_practice_educator_writes_a_draft_after_the_midpoint_review():
    cast = reviewed_cast()
    report = save_report(cast)

    report.refresh_from_db()
    assert report.written_by == cast.educator
    assert report.recommendation == "pass"
    assert FinalAssessment.objects.filter(report=report).count() == 9
    assert signed_as(report) == set()
    assert status_of(cast) == S.MIDPOINT_REVIEWED
    assert report.history.get().history_user == cast.educator


def test_editing_a_draft_changes_it_and_keeps_its_history():
    cast = reviewed_cast()
    report = save_report(cast)
    rows = assessments()
    rows[2] = DomainAssessment(rows[2].capability, "progressing", "Needs more depth.")

    save_report(cast, recommendation="fail", assessments=rows)

    report.refresh_from_db()
    assert report.recommendation == "fail"
    changed = report.assessments.get(capability=rows[2].capability)
    assert (changed.rating, changed.assessment) == ("progressing", "Needs more depth.")
    assert report.history.count() == 2
    assert changed.history.count() == 2


def test_saving_without_a_change_writes_nothing():
    cast = reviewed_cast()
    report = save_report(cast)
    save_report(cast)
    assert report.history.count() == 1


@pytest.mark.parametrize("who", ["student", "tutor", "host_coordinator", "admin"])
def test_only_the_practice_educator_writes_the_report(who):
    cast = reviewed_cast()
    with pytest.raises(PermissionDenied):
        save_report(cast, by=getattr(cast, who))
    assert not FinalReport.objects.exists()


def test_the_report_waits_for_the_midpoint_review():
    cast = make_cast(status=S.ACTIVE)
    with pytest.raises(ValidationError) as refused:
        save_report(cast)
    assert refused.value.messages == [
        "The final report is written once the midpoint review is recorded; this placement is "
        "active."
    ]
    assert not FinalReport.objects.exists()


def test_the_report_of_a_decided_placement_no_longer_changes():
    cast, report = submitted_cast()
    panel_decision_record(
        placement=cast.placement, by=cast.tutor, sat_on=days_ago(0), outcome="ratified"
    )
    with pytest.raises(ValidationError) as refused:
        save_report(cast, summary="Changed afterwards.")
    assert refused.value.messages == [
        "The placement is passed: its final report can no longer change."
    ]


def test_the_report_needs_a_summary_a_recommendation_and_every_domain():
    cast = reviewed_cast()
    rows = assessments()[:7]
    rows[0] = DomainAssessment(rows[0].capability, "meets", "  ")
    with pytest.raises(ValidationError) as refused:
        save_report(cast, summary=" ", recommendation="maybe", assessments=rows)
    errors = refused.value.message_dict
    assert errors["summary"] == ["Enter the holistic summary of the student's practice."]
    assert errors["recommendation"] == ["Choose the recommendation: pass or fail."]
    assert errors["assessments"] == [
        "Give the rating for every PCF domain. Missing: Contexts and Organisations, "
        "Professional Leadership.",
        "Enter the assessment of Professionalism.",
    ]
    assert not FinalReport.objects.exists()
    assert not FinalAssessment.objects.exists()


# --- Final report: signing, comment, countersignature -----------------------------------


def test_signing_submits_the_report_and_tells_the_student_and_the_tutor():
    cast = reviewed_cast()
    report = save_report(cast)
    Notification.objects.all().delete()

    final_report_sign(report=report, by=cast.educator)

    assert signed_as(report) == {"practice_educator"}
    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED
    latest = cast.placement.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == "submit_final_report"
    assert latest.history_user == cast.educator
    report_url = f"/portal/placements/{cast.placement.pk}/final-report/"
    assert {cast.student, cast.tutor} <= told(report_url)
    assert cast.educator not in told()
    student_note = Notification.objects.get(user=cast.student)
    assert "The student can now add a comment" in student_note.body


def test_a_signed_report_is_locked_for_the_practice_educator():
    cast, report = submitted_cast(countersigned=False)
    with pytest.raises(ValidationError) as refused:
        save_report(cast, summary="A late change.")
    assert refused.value.messages == [
        "You have signed the final report, so it can no longer be changed. Once the tutor has "
        "countersigned it, a correction is an amendment with the reason."
    ]
    report.refresh_from_db()
    assert report.summary == "Sam has shown sound, reflective practice."
    assert signed_as(report) == {"practice_educator"}


def test_the_report_is_signed_once_and_only_by_the_practice_educator():
    cast, report = submitted_cast(countersigned=False)
    with pytest.raises(ValidationError) as refused:
        final_report_sign(report=report, by=cast.educator)
    assert refused.value.messages == ["You have already signed the final report."]
    for who in ("student", "tutor", "host_coordinator"):
        with pytest.raises(PermissionDenied):
            final_report_sign(report=report, by=getattr(cast, who))
    assert Signature.objects.count() == 1


def test_a_report_missing_a_domain_cannot_be_signed():
    cast = reviewed_cast()
    report = save_report(cast)
    missing = FinalAssessment.objects.filter(report=report).order_by("capability__number").last()
    missing.delete()
    with pytest.raises(ValidationError) as refused:
        final_report_sign(report=report, by=cast.educator)
    assert refused.value.messages == [
        "Assess every PCF domain before signing the report. Missing: Professional Leadership."
    ]
    assert signed_as(report) == set()
    assert status_of(cast) == S.MIDPOINT_REVIEWED


def test_the_student_comments_between_the_two_signatures():
    cast, report = submitted_cast(countersigned=False)

    final_report_comment(report=report, by=cast.student, comment="  I agree with the report. ")

    report.refresh_from_db()
    assert report.student_comment == "I agree with the report."
    assert report.student_commented_at is not None
    assert told() == {cast.educator, cast.tutor}
    # They may change it until the tutor countersigns.
    final_report_comment(report=report, by=cast.student, comment="I agree, with thanks.")
    report.refresh_from_db()
    assert report.student_comment == "I agree, with thanks."


def test_a_comment_saved_unchanged_changes_nothing_and_tells_nobody():
    cast, report = submitted_cast(countersigned=False)
    final_report_comment(report=report, by=cast.student, comment="I agree with the report.")
    report.refresh_from_db()
    commented_at, versions = report.student_commented_at, report.history.count()
    Notification.objects.all().delete()

    final_report_comment(report=report, by=cast.student, comment="I agree with the report. ")

    report.refresh_from_db()
    assert report.student_commented_at == commented_at
    assert report.history.count() == versions
    assert told() == set()


def test_the_student_cannot_comment_before_the_practice_educator_signs():
    cast = reviewed_cast()
    report = save_report(cast)
    with pytest.raises(ValidationError) as refused:
        final_report_comment(report=report, by=cast.student, comment="Too early.")
    assert refused.value.messages == [
        "You can comment once the practice educator has signed the final report."
    ]
    report.refresh_from_db()
    assert report.student_comment == ""


def test_the_student_cannot_comment_after_the_countersignature():
    cast, report = submitted_cast(countersigned=True)
    with pytest.raises(ValidationError) as refused:
        final_report_comment(report=report, by=cast.student, comment="Too late.")
    assert "it is locked and cannot be changed" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.student_comment == ""


def test_a_comment_needs_text_and_only_the_student_comments():
    cast, report = submitted_cast(countersigned=False)
    with pytest.raises(ValidationError) as refused:
        final_report_comment(report=report, by=cast.student, comment="  ")
    assert refused.value.message_dict == {"student_comment": ["Enter your comment."]}
    for who in ("educator", "tutor"):
        with pytest.raises(PermissionDenied):
            final_report_comment(report=report, by=getattr(cast, who), comment="Not mine.")
    report.refresh_from_db()
    assert report.student_comment == ""


def test_the_tutor_countersigns_after_the_practice_educator():
    cast, report = submitted_cast(countersigned=False)

    final_report_countersign(report=report, by=cast.tutor)

    assert signed_as(report) == {"practice_educator", "tutor"}
    assert signatures.is_fully_signed(report)
    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED
    assert told() == {cast.student, cast.educator, cast.supervisor}


def test_the_tutor_cannot_countersign_before_the_practice_educator_signs():
    cast = reviewed_cast()
    report = save_report(cast)
    with pytest.raises(ValidationError) as refused:
        final_report_countersign(report=report, by=cast.tutor)
    assert refused.value.messages == [
        "The tutor countersigns a submitted final report; this placement is midpoint reviewed."
    ]
    # Submitted but unsigned (referred back): still refused, naming the missing signature.
    Placement.objects.filter(pk=cast.placement.pk).update(status=S.FINAL_REPORT_SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        final_report_countersign(report=report, by=cast.tutor)
    assert refused.value.messages == [
        "The practice educator must sign the final report before the tutor countersigns it."
    ]
    assert signed_as(report) == set()


def test_the_report_is_countersigned_once_and_only_by_the_tutor():
    cast, report = submitted_cast(countersigned=False)
    colleague = cast.extras()["colleague_tutor"]
    for person in (cast.student, cast.educator, cast.university_coordinator, colleague):
        with pytest.raises(PermissionDenied):
            final_report_countersign(report=report, by=person)
    assert signed_as(report) == {"practice_educator"}

    final_report_countersign(report=report, by=cast.tutor)
    with pytest.raises(ValidationError) as refused:
        final_report_countersign(report=report, by=cast.tutor)
    assert (
        "The tutor has countersigned the final report, so it is locked"
        in (refused.value.messages[0])
    )
    assert Signature.objects.count() == 2


# --- Practice assessment panel ------------------------------------------------------------


def decide(cast, outcome: str = "ratified", by=None, **overrides) -> PanelDecision:
    fields = {
        "placement": cast.placement,
        "by": by or cast.tutor,
        "sat_on": days_ago(0),
        "outcome": outcome,
        "notes": "",
    }
    fields.update(overrides)
    return panel_decision_record(**fields)


@pytest.mark.parametrize(("recommendation", "final"), [("pass", S.PASSED), ("fail", S.FAILED)])
def test_a_ratified_recommendation_sets_the_final_status(recommendation, final):
    cast, report = submitted_cast(recommendation=recommendation)

    decision = decide(cast)

    assert decision.outcome == "ratified"
    assert decision.recorded_by == cast.tutor
    assert status_of(cast) == final
    latest = cast.placement.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == recommendation
    assert latest.history_user == cast.tutor
    panel_url = f"/portal/placements/{cast.placement.pk}/panel/"
    assert told(panel_url) == {cast.student, cast.educator, cast.supervisor}
    assert decision.history.get().history_user == cast.tutor


def test_a_university_coordinator_records_the_panel():
    cast, _ = submitted_cast()
    decide(cast, by=cast.university_coordinator)
    assert status_of(cast) == S.PASSED


@pytest.mark.parametrize("who", ["student", "educator", "supervisor", "host_coordinator", "admin"])
def test_others_cannot_record_the_panel(who):
    cast, _ = submitted_cast()
    with pytest.raises(PermissionDenied):
        decide(cast, by=getattr(cast, who))
    assert not PanelDecision.objects.exists()
    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED


def test_the_panel_waits_for_the_countersignature():
    cast, report = submitted_cast(countersigned=False)
    with pytest.raises(ValidationError) as refused:
        decide(cast)
    assert refused.value.messages == [
        "The final report must be signed by the practice educator and countersigned by the "
        "tutor before the panel's decision is recorded."
    ]
    assert not PanelDecision.objects.exists()
    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED


def test_the_panel_decides_only_on_a_submitted_report():
    cast = reviewed_cast()
    with pytest.raises(ValidationError) as refused:
        decide(cast)
    assert refused.value.messages == [
        "The panel decides on a placement whose final report is submitted; this placement is "
        "midpoint reviewed."
    ]
    assert not PanelDecision.objects.exists()


def test_a_decided_placement_takes_no_further_panel():
    cast, _ = submitted_cast()
    decide(cast)
    with pytest.raises(ValidationError):
        decide(cast, outcome="referred", notes="Second thoughts.")
    assert PanelDecision.objects.count() == 1
    assert status_of(cast) == S.PASSED


def test_the_panel_date_cannot_be_in_the_future_or_before_the_countersignature():
    cast, _ = submitted_cast()
    with pytest.raises(ValidationError) as refused:
        decide(cast, sat_on=days_ago(-1))
    assert refused.value.message_dict == {
        "sat_on": ["The date of the panel cannot be in the future."]
    }
    with pytest.raises(ValidationError) as refused:
        decide(cast, sat_on=days_ago(1))
    [message] = refused.value.message_dict["sat_on"]
    assert message.startswith("The panel cannot have sat before the report was countersigned on ")
    assert not PanelDecision.objects.exists()
    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED


@pytest.mark.parametrize("outcome", ["deferred", "referred"])
def test_deferring_or_referring_needs_notes(outcome):
    cast, report = submitted_cast()
    with pytest.raises(ValidationError) as refused:
        decide(cast, outcome=outcome, notes="  ")
    assert refused.value.message_dict == {
        "notes": ["Enter the panel's reasons and what must happen before it decides again."]
    }
    assert not PanelDecision.objects.exists()
    assert signed_as(report) == {"practice_educator", "tutor"}


def test_an_unknown_outcome_is_refused():
    cast, _ = submitted_cast()
    with pytest.raises(ValidationError) as refused:
        decide(cast, outcome="adjourned")
    assert "outcome" in refused.value.message_dict


def test_deferring_keeps_the_status_and_the_signatures():
    cast, report = submitted_cast()

    decide(cast, outcome="deferred", notes="Waiting for the service-user feedback.")

    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED
    assert signed_as(report) == {"practice_educator", "tutor"}
    assert told() == {cast.student, cast.educator, cast.supervisor}
    note = Notification.objects.get(user=cast.student)
    assert "deferred" in note.title
    assert "Waiting for the service-user feedback." in note.body
    # A later sitting decides.
    decide(cast)
    assert status_of(cast) == S.PASSED
    assert PanelDecision.objects.count() == 2


def test_referring_keeps_the_report_locked_and_its_amendment_goes_to_a_later_panel():
    cast, report = submitted_cast()
    assert Signature.objects.count() == 2

    decide(cast, outcome="referred", notes="Evidence for domain 5 is thin.")

    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED
    report.refresh_from_db()
    assert report.is_locked
    assert signed_as(report) == {"practice_educator", "tutor"}  # as countersigned
    note = Notification.objects.get(user=cast.educator)
    assert "referred" in note.title
    assert "Evidence for domain 5 is thin." in note.body
    # The locked version cannot be revised in place...
    with pytest.raises(RecordLocked):
        save_report(cast, summary="Revised in place.")
    # ...and the panel cannot sit again on the version it referred.
    assert "referred" in str(PanelDecision.objects.get().outcome)

    # The practice educator amends it; the status does not move twice.
    history_before = cast.placement.history.count()
    Notification.objects.all().delete()
    correction = final_report_amend(
        report=report, by=cast.educator, reason="The panel asked for more on domain 5."
    )
    assert correction.amends == report and not correction.is_locked
    assert told() == {cast.student, cast.tutor}
    with pytest.raises(ValidationError):
        decide(cast)  # the corrected version is not signed yet
    rows = assessments()
    rows[4] = DomainAssessment(rows[4].capability, "meets", "Now well evidenced.")
    save_report(cast, assessments=rows)
    Notification.objects.all().delete()
    final_report_sign(report=correction, by=cast.educator)
    assert cast.placement.history.count() == history_before
    assert told() == {cast.student, cast.tutor}
    assert "signed again" in Notification.objects.get(user=cast.tutor).title
    # The student may change their comment; the tutor countersigns again; the panel ratifies.
    final_report_comment(report=correction, by=cast.student, comment="Thank you.")
    final_report_countersign(report=correction, by=cast.tutor)
    correction.refresh_from_db()
    assert correction.is_locked
    decide(cast)
    assert status_of(cast) == S.PASSED
    assert list(PanelDecision.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "referred",
        "ratified",
    ]
    # The referred version is exactly as it was countersigned.
    report.refresh_from_db()
    assert report.summary == "Sam has shown sound, reflective practice."
    assert report.assessments.get(capability=rows[4].capability).assessment != "Now well evidenced."


def test_a_refused_move_leaves_no_panel_decision(monkeypatch):
    from placements.services import panel as service

    cast, _ = submitted_cast()

    def refuse(**kwargs):
        raise ValidationError("The move was refused.")

    monkeypatch.setattr(service, "placement_transition", refuse)
    with pytest.raises(ValidationError):
        decide(cast)
    assert not PanelDecision.objects.exists()
    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED


def test_the_whole_journey_writes_history_at_each_step():
    cast, report = submitted_cast()
    decide(cast)
    reasons = list(
        cast.placement.history.exclude(history_change_reason=None)
        .order_by("history_date", "pk")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons[-3:] == ["review_midpoint", "submit_final_report", "pass"]
    assert timezone.localdate(report.history.earliest().history_date) == timezone.localdate()


def test_a_submitted_placement_without_a_report_gets_one_without_moving_again():
    """A placement moved on before reviews were recorded here has no report: the
    practice educator writes and signs it, and the status does not move twice."""
    cast = make_cast(status=S.FINAL_REPORT_SUBMITTED)
    report = save_report(cast)
    history_before = cast.placement.history.count()

    final_report_sign(report=report, by=cast.educator)

    assert status_of(cast) == S.FINAL_REPORT_SUBMITTED
    assert cast.placement.history.count() == history_before
    assert told() == {cast.student, cast.tutor}
    note = Notification.objects.get(user=cast.tutor)
    assert note.title.endswith("was signed")
    assert note.body.startswith(f"{cast.educator} signed the final report.")
    final_report_countersign(report=report, by=cast.tutor)
    decide(cast, outcome="ratified")
    assert status_of(cast) == S.PASSED


def test_without_a_current_pcf_nothing_can_be_reviewed():
    cast = make_cast(status=S.ACTIVE)
    FrameworkVersion.objects.filter(framework__code="pcf").update(is_current=False)
    with pytest.raises(ValidationError) as refused:
        record_review(cast, progress=[])
    assert refused.value.message_dict["progress"] == [
        "No current version of the Professional Capabilities Framework is set up: an "
        "administrator must publish one first."
    ]
    assert nothing_recorded()
