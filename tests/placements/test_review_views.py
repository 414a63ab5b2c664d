"""Pages of the reviews: who may open each, the forms, their errors, and the placement
page's "Reviews" section and buttons (placements/views/review.py)."""

from __future__ import annotations

import pytest

from placements.models import FinalReport, MidpointReview, PanelDecision, Placement, ReviewAction
from placements.selectors.review import pcf_domains
from placements.services.final_report import final_report_countersign, final_report_sign
from placements.services.review import ActionItem
from portal import signatures
from portal.models import Notification
from tests.dashboard_bounds import HEADER_QUERIES, WAITING_QUERIES
from tests.placements.factories import PanelDecisionFactory
from tests.placements.support import (
    DETAIL,
    days_ago,
    detail_url,
    error_summary,
    make_cast,
    record_review,
    save_report,
    text,
)

pytestmark = pytest.mark.django_db

S = Placement.Status


def url(cast, page: str) -> str:
    return f"{detail_url(cast.placement)}{page}"


def review_data(cast, **overrides) -> dict:
    data = {
        "action_rows": "3",
        "held_on": days_ago(2).isoformat(),
        "attendees": "Sam Student, student\nTeresa Tutor, tutor",
        "outcome": "satisfactory",
        "summary": "Steady progress.",
    }
    for domain in pcf_domains():
        data[f"rating_{domain.number}"] = "progressing"
        data[f"comment_{domain.number}"] = f"On track in {domain.title}."
    data.update(overrides)
    return data


def report_data(**overrides) -> dict:
    data = {"summary": "Sam practises safely and reflectively.", "recommendation": "pass"}
    for domain in pcf_domains():
        data[f"rating_{domain.number}"] = "meets"
        data[f"assessment_{domain.number}"] = f"Meets the level in {domain.title}."
    data.update(overrides)
    return data


def at(stage: str):
    """A cast whose placement has reached `stage` through the services."""
    cast = make_cast(status=S.ACTIVE)
    if stage == "active":
        return cast
    record_review(
        cast,
        outcome="concerns",
        actions=[ActionItem("Catch up on recording.", cast.student, days_ago(-7))],
    )
    if stage == "reviewed":
        return cast
    report = save_report(cast)
    if stage == "drafted":
        return cast
    final_report_sign(report=report, by=cast.educator)
    if stage == "signed":
        return cast
    final_report_countersign(report=report, by=cast.tutor)
    return cast


def expected_for(who: str, allowed: set[str], ok: int = 200) -> int:
    if DETAIL[who] == 404:
        return 404
    return ok if who in allowed else 403


# --- Who may open each page ------------------------------------------------------------

# (page, stage) -> who gets the page (everyone else who sees the placement gets 403)
PAGES = {
    ("midpoint-review/", "reviewed"): set(DETAIL) - {"other_tutor", "other_coordinator"},
    ("midpoint-review/record/", "active"): {"educator"},
    ("final-report/", "signed"): set(DETAIL) - {"other_tutor", "other_coordinator"},
    ("final-report/edit/", "reviewed"): {"educator"},
    ("final-report/sign/", "drafted"): {"educator"},
    ("final-report/comment/", "signed"): {"student"},
    ("final-report/countersign/", "signed"): {"tutor"},
    ("panel/", "countersigned"): set(DETAIL) - {"other_tutor", "other_coordinator"},
    ("panel/record/", "countersigned"): {"tutor", "university_coordinator"},
}
READ_ONLY = {"midpoint-review/", "final-report/", "panel/"}


@pytest.mark.parametrize(("page", "stage"), list(PAGES))
@pytest.mark.parametrize("who", list(DETAIL))
def test_who_may_open_each_review_page(client, page, stage, who):
    cast = at(stage)
    client.force_login(cast.person(who))
    response = client.get(url(cast, page))
    if page in READ_ONLY:
        assert response.status_code == (404 if DETAIL[who] == 404 else 200)
    else:
        assert response.status_code == expected_for(who, PAGES[(page, stage)])
    if response.status_code == 404:
        assert b"Sam Student" not in response.content


def test_school_contacts_and_strangers_get_not_found_on_every_page(client):
    cast = at("countersigned")
    action = ReviewAction.objects.get()
    for who in ("school_contact", "other_coordinator", "other_tutor"):
        client.force_login(cast.person(who))
        for page in {page for page, _ in PAGES}:
            assert client.get(url(cast, page)).status_code == 404, (who, page)
        done = url(cast, f"midpoint-review/actions/{action.pk}/done/")
        assert client.post(done).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client):
    cast = at("reviewed")
    for page in {page for page, _ in PAGES}:
        response = client.get(url(cast, page))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- Midpoint review -----------------------------------------------------------------------


def test_the_review_form_asks_for_every_domain_and_a_few_actions(client):
    cast = at("active")
    client.force_login(cast.educator)
    response = client.get(url(cast, "midpoint-review/record/"))
    page = response.content.decode()
    for domain in pcf_domains():
        assert f'name="rating_{domain.number}"' in page
        assert domain.title in page
    assert 'name="action_3_description"' in page
    assert 'name="action_4_description"' not in page
    owners = response.context["form"].fields["action_1_owner"].choices
    assert [label for _, label in owners][1:] == [
        "Sam Student",
        str(cast.educator),
        "Owen Supervisor",
        "Teresa Tutor",
    ]


def test_recording_the_review_on_the_page(client):
    cast = at("active")
    client.force_login(cast.educator)
    data = review_data(
        cast,
        outcome="concerns",
        action_1_description="Two recordings a week on time.",
        action_1_owner=str(cast.student.pk),
        action_1_due_on=days_ago(-10).isoformat(),
    )

    response = client.post(url(cast, "midpoint-review/record/"), data, follow=True)

    assert response.redirect_chain[-1][0] == url(cast, "midpoint-review/")
    page = text(response)
    assert "You recorded the midpoint review." in page
    assert "Concerns" in page and "Two recordings a week on time." in page
    review = MidpointReview.objects.get()
    assert review.progress.count() == 9
    assert review.actions.get().owner == cast.student
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.MIDPOINT_REVIEWED


def test_the_review_form_shows_each_problem_and_saves_nothing(client):
    cast = at("active")
    client.force_login(cast.educator)
    data = review_data(cast, held_on=days_ago(-3).isoformat(), attendees="", outcome="concerns")
    del data["rating_5"]
    data["action_2_description"] = "Half a row."

    response = client.post(url(cast, "midpoint-review/record/"), data)

    assert response.status_code == 200
    summary = error_summary(response)
    assert "Enter who attended the review" in summary
    assert "Choose the progress in Knowledge" in summary
    assert "Choose who owns action 2" in summary
    assert "Enter the due date of action 2" in summary
    assert 'id="id_rating_5-error"' in response.content.decode()
    assert not MidpointReview.objects.exists()
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.ACTIVE


def test_the_services_refusals_appear_in_the_error_summary(client):
    cast = at("active")
    client.force_login(cast.educator)

    response = client.post(
        url(cast, "midpoint-review/record/"),
        review_data(cast, held_on=days_ago(-3).isoformat(), outcome="concerns"),
    )

    summary = error_summary(response)
    assert "The date of the review cannot be in the future." in summary
    assert (
        "A review with concerns needs an action plan: add at least one action, with its owner "
        "and due date." in summary
    )
    assert 'id="id_held_on-error"' in response.content.decode()
    assert not MidpointReview.objects.exists()
    assert not Notification.objects.exists()


def test_add_another_action_keeps_what_was_typed_and_saves_nothing(client):
    cast = at("active")
    client.force_login(cast.educator)
    data = review_data(cast, action_1_description="Keep me.", add_action="1")

    response = client.post(url(cast, "midpoint-review/record/"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="action_4_description"' in page
    assert "Keep me." in page
    assert error_summary(response) == []
    assert 'name="action_rows" value="4"' in page
    assert not MidpointReview.objects.exists()


def test_the_review_form_explains_when_the_placement_is_not_active(client):
    cast = make_cast(status=S.SUSPENDED)
    client.force_login(cast.educator)
    response = client.get(url(cast, "midpoint-review/record/"))
    assert "The midpoint review is recorded while the placement is active." in text(response)
    assert b'name="held_on"' not in response.content


def test_a_recorded_review_sends_the_form_back_to_the_review(client):
    cast = at("reviewed")
    client.force_login(cast.educator)
    response = client.get(url(cast, "midpoint-review/record/"), follow=True)
    assert response.redirect_chain[-1][0] == url(cast, "midpoint-review/")
    assert "already recorded" in text(response)


def test_the_review_page_shows_progress_and_lets_the_owner_mark_an_action_done(client):
    cast = at("reviewed")
    action = ReviewAction.objects.get()
    client.force_login(cast.tutor)
    page = client.get(url(cast, "midpoint-review/"))
    assert "Mark as done" not in text(page)
    assert "Professional Leadership" in text(page)
    done_url = url(cast, f"midpoint-review/actions/{action.pk}/done/")
    assert client.post(done_url).status_code == 403

    client.force_login(cast.student)
    page = client.get(url(cast, "midpoint-review/"))
    assert f'action="{done_url}"' in page.content.decode()
    response = client.post(done_url, follow=True)

    assert "The action is marked as done." in text(response)
    action.refresh_from_db()
    assert action.done_at is not None
    again = client.post(done_url, follow=True)
    assert "This action is already marked as done." in text(again)
    assert client.get(done_url).status_code == 405


def test_the_review_page_before_the_review(client):
    cast = at("active")
    client.force_login(cast.educator)
    response = client.get(url(cast, "midpoint-review/"))
    assert "The midpoint review has not been recorded yet." in text(response)
    assert url(cast, "midpoint-review/record/") in response.content.decode()
    client.force_login(cast.student)
    response = client.get(url(cast, "midpoint-review/"))
    assert url(cast, "midpoint-review/record/") not in response.content.decode()


# --- Final report ------------------------------------------------------------------------


def test_writing_the_report_on_the_page(client):
    cast = at("reviewed")
    client.force_login(cast.educator)
    assert client.get(url(cast, "final-report/edit/")).status_code == 200

    response = client.post(url(cast, "final-report/edit/"), report_data(), follow=True)

    assert response.redirect_chain[-1][0] == url(cast, "final-report/")
    page = text(response)
    assert "The final report was saved." in page
    assert "Status: Draft" in page
    assert "Meets the level in Knowledge." in page
    assert "Sign and submit the report" in page
    assert FinalReport.objects.get().assessments.count() == 9


def test_the_report_form_shows_each_problem_and_saves_nothing(client):
    cast = at("reviewed")
    client.force_login(cast.educator)
    data = report_data(summary="", assessment_9="")
    del data["recommendation"]

    response = client.post(url(cast, "final-report/edit/"), data)

    assert error_summary(response) == [
        "Enter the holistic summary of the student's practice",
        "Choose the recommendation: pass or fail",
        "Enter the assessment of Professional Leadership",
    ]
    assert not FinalReport.objects.exists()


def test_the_report_form_starts_from_the_draft(client):
    cast = at("drafted")
    client.force_login(cast.educator)
    form = client.get(url(cast, "final-report/edit/")).context["form"]
    assert form.initial["recommendation"] == "pass"
    assert form.initial["assessment_1"] == "Assessed Professionalism."


def test_signing_on_the_page_after_a_confirmation(client):
    cast = at("drafted")
    client.force_login(cast.educator)
    page = client.get(url(cast, "final-report/sign/"))
    assert "Sign and submit the final report?" in text(page)
    assert "You recommend a pass" in text(page)

    response = client.post(url(cast, "final-report/sign/"), follow=True)

    assert "You signed the final report." in text(response)
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.FINAL_REPORT_SUBMITTED
    report = FinalReport.objects.get()
    assert {s.capacity for s in signatures.signatures_for(report)} == {"practice_educator"}


def test_a_signed_report_cannot_be_changed_on_the_page(client):
    cast = at("signed")
    client.force_login(cast.educator)
    response = client.get(url(cast, "final-report/edit/"), follow=True)
    assert response.redirect_chain[-1][0] == url(cast, "final-report/")
    assert "so it can no longer be changed" in text(response)

    response = client.post(url(cast, "final-report/edit/"), report_data(summary="Changed."))
    assert response.status_code == 200
    assert any("can no longer be changed" in e for e in error_summary(response))
    assert FinalReport.objects.get().summary == "Sam has shown sound, reflective practice."

    page = text(client.get(url(cast, "final-report/")))
    assert "Sign and submit the report" not in page
    assert "Change the report" not in page


def test_the_signature_buttons_show_only_to_the_right_person(client):
    cast = at("signed")
    buttons = {
        "educator": set(),
        "student": {"Add your comment"},
        "tutor": {"Countersign the report"},
        "supervisor": set(),
        "university_coordinator": set(),
    }
    every = {"Add your comment", "Countersign the report", "Sign and submit the report"}
    for who, expected in buttons.items():
        client.force_login(cast.person(who))
        page = text(client.get(url(cast, "final-report/")))
        assert {b for b in every if b in page} == expected, who


def test_the_student_comments_on_the_page(client):
    cast = at("signed")
    client.force_login(cast.student)
    assert client.get(url(cast, "final-report/comment/")).status_code == 200

    empty = client.post(url(cast, "final-report/comment/"), {"student_comment": " "})
    assert error_summary(empty) == ["Enter your comment."]

    response = client.post(
        url(cast, "final-report/comment/"), {"student_comment": "I agree."}, follow=True
    )
    assert "Your comment was saved" in text(response)
    assert "I agree." in text(response)
    assert "Change your comment" in text(response)


def test_the_comment_page_is_closed_before_the_practice_educator_signs(client):
    cast = at("drafted")
    client.force_login(cast.student)
    response = client.get(url(cast, "final-report/comment/"), follow=True)
    assert response.redirect_chain[-1][0] == url(cast, "final-report/")
    assert "You can comment once the practice educator has signed the report" in text(response)


def test_countersigning_on_the_page_warns_when_the_student_has_not_commented(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    page = text(client.get(url(cast, "final-report/countersign/")))
    assert "The student has not commented on the report." in page

    response = client.post(url(cast, "final-report/countersign/"), follow=True)

    assert "You countersigned the final report." in text(response)
    assert "Countersigned, awaiting the practice assessment panel" in text(response)
    again = client.get(url(cast, "final-report/countersign/"), follow=True)
    assert "cannot be countersigned now" in text(again)


def test_the_countersign_page_is_closed_before_the_practice_educator_signs(client):
    cast = at("drafted")
    client.force_login(cast.tutor)
    response = client.get(url(cast, "final-report/countersign/"), follow=True)
    assert response.redirect_chain[-1][0] == url(cast, "final-report/")
    # Posting anyway is refused by the service and changes nothing.
    response = client.post(url(cast, "final-report/countersign/"), follow=True)
    assert "this placement is midpoint reviewed" in text(response)
    assert signatures.signatures_for(FinalReport.objects.get()) == []


# --- Practice assessment panel -------------------------------------------------------------


def test_recording_a_ratified_decision_on_the_page_passes_the_placement(client):
    cast = at("countersigned")
    client.force_login(cast.university_coordinator)
    form_page = text(client.get(url(cast, "panel/record/")))
    assert "the placement is passed. This is its final status" in form_page

    response = client.post(
        url(cast, "panel/record/"),
        {"sat_on": days_ago(0).isoformat(), "outcome": "ratified", "notes": ""},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url(cast, "panel/")
    assert "You recorded the panel's decision: the student passed the placement." in text(response)
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.PASSED
    assert PanelDecision.objects.get().recorded_by == cast.university_coordinator


def test_the_panel_form_names_missing_notes_and_future_dates(client):
    cast = at("countersigned")
    client.force_login(cast.tutor)
    response = client.post(
        url(cast, "panel/record/"),
        {"sat_on": days_ago(-2).isoformat(), "outcome": "referred", "notes": ""},
    )
    assert error_summary(response) == [
        "The date of the panel cannot be in the future.",
        "Enter the panel's reasons and what must happen before it decides again.",
    ]
    response = client.post(
        url(cast, "panel/record/"),
        {"sat_on": days_ago(0).isoformat(), "outcome": "referred", "notes": ""},
    )
    assert error_summary(response) == [
        "Enter the panel's reasons and what must happen before it decides again."
    ]
    assert not PanelDecision.objects.exists()


def test_a_referral_on_the_page_is_answered_by_an_amendment(client):
    cast = at("countersigned")
    client.force_login(cast.tutor)
    response = client.post(
        url(cast, "panel/record/"),
        {"sat_on": days_ago(0).isoformat(), "outcome": "referred", "notes": "More on domain 5."},
        follow=True,
    )
    assert "The practice educator amends the report" in text(response)
    # The tutor sees the referral but is not offered the amendment.
    page = text(client.get(url(cast, "final-report/")))
    assert "Referred back by the panel: the practice educator amends it" in page
    assert "Amend the report" not in page

    client.force_login(cast.educator)
    page = text(client.get(url(cast, "final-report/")))
    assert "More on domain 5." in page
    assert "Countersigned and locked on" in page
    assert "Amend the report" in page
    assert "Change the report" not in page and "Sign and submit the report" not in page
    # The locked version's edit page sends the educator back with the reason.
    edit = client.get(url(cast, "final-report/edit/"), follow=True)
    assert "it is locked and cannot be changed" in text(edit)

    # An amendment without a reason is refused and starts nothing.
    refused = client.post(url(cast, "final-report/amend/"), {"reason": "  "})
    assert refused.status_code == 200
    assert error_summary(refused) == ["Enter the reason for the amendment."]
    assert FinalReport.objects.count() == 1

    started = client.post(
        url(cast, "final-report/amend/"), {"reason": "The panel asked for more on domain 5."}
    )
    assert started.status_code == 302 and started.url.endswith("/final-report/edit/")
    assert FinalReport.objects.count() == 2
    edit = client.post(url(cast, "final-report/edit/"), report_data(summary="Corrected."))
    assert edit.status_code == 302
    page = text(client.get(url(cast, "final-report/")))
    assert "Being amended" in page
    assert "This version amends the report countersigned on" in page
    assert "The panel asked for more on domain 5." in page
    assert "Earlier versions" in page and "Sam has shown sound, reflective practice." in page
    assert "Corrected." in page
    original = FinalReport.objects.get(amends__isnull=True)
    assert original.summary == "Sam has shown sound, reflective practice."


def test_a_report_not_yet_countersigned_is_not_amended(client):
    signed = at("signed")
    client.force_login(signed.educator)
    response = client.post(url(signed, "final-report/amend/"), {"reason": "Too early."})
    assert FinalReport.objects.count() == 1  # not countersigned yet: nothing to amend
    assert response.status_code in (200, 302)
    page = text(client.get(url(signed, "final-report/amend/"), follow=True))
    assert "amended once the tutor has countersigned it" in page


def test_only_the_practice_educator_amends_the_report(client):
    cast = at("countersigned")
    for person in (cast.student, cast.tutor):
        client.force_login(person)
        response = client.post(url(cast, "final-report/amend/"), {"reason": "Not mine to do."})
        assert response.status_code == 403
    assert FinalReport.objects.filter(placement=cast.placement).count() == 1


def test_the_panel_form_explains_when_the_report_is_not_countersigned(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    response = client.get(url(cast, "panel/record/"))
    assert "must be signed by the practice educator and countersigned by the tutor" in text(
        response
    )
    assert b'name="outcome"' not in response.content
    response = client.post(
        url(cast, "panel/record/"), {"sat_on": days_ago(0).isoformat(), "outcome": "ratified"}
    )
    assert error_summary(response) == [
        "The final report must be signed by the practice educator and countersigned by the "
        "tutor before the panel's decision is recorded."
    ]
    assert not PanelDecision.objects.exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_of_sittings_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    cast = at("countersigned")
    for _ in range(rows):
        PanelDecisionFactory(placement=cast.placement, outcome="deferred", notes="Later.")
    client.force_login(cast.tutor)
    with django_assert_max_num_queries(14 + HEADER_QUERIES):
        response = client.get(url(cast, "panel/"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(rows, 25)
    if rows > 25:
        assert "Next" in text(response)


# --- The placement page --------------------------------------------------------------------


def test_the_placement_page_shows_where_the_reviews_have_got_to(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    page = text(client.get(detail_url(cast.placement)))
    assert "Midpoint review Held on" in page
    assert "concerns" in page
    assert "1 action of the plan still open" in page
    assert "Signed by the practice educator, awaiting the tutor's countersignature" in page
    assert "Recommendation: pass" in page
    assert "Practice assessment panel No decision yet" in page


def test_the_tutor_dashboard_lists_reports_to_countersign_and_panels_to_record(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    page = text(client.get("/portal/"))
    assert "Final reports awaiting your countersignature" in page
    assert "Sam Student" in page
    report = FinalReport.objects.get()
    final_report_countersign(report=report, by=cast.tutor)
    page = text(client.get("/portal/"))
    assert "Final reports awaiting your countersignature" not in page
    assert "Awaiting the practice assessment panel" in page

    client.force_login(cast.university_coordinator)
    assert "Awaiting the practice assessment panel" in text(client.get("/portal/"))


def test_the_practice_educator_marks_the_students_action_done(client):
    cast = at("reviewed")
    action = ReviewAction.objects.get()
    client.force_login(cast.educator)
    response = client.post(url(cast, f"midpoint-review/actions/{action.pk}/done/"), follow=True)
    assert "The action is marked as done." in text(response)
    assert "Done" in text(response)
    action.refresh_from_db()
    assert action.done_at is not None
    assert Notification.objects.filter(user=cast.student, title__startswith="Action done").exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_review_lists_on_the_tutors_dashboard_cost_the_same_at_any_length(
    client, django_assert_max_num_queries, rows
):
    from placements.models import Placement as PlacementModel
    from tests.factories import user_with_role
    from tests.placements.factories import FinalReportFactory, PlacementFactory, UniversityFactory

    university = UniversityFactory()
    tutor = user_with_role("tutor", university)
    for number in range(rows):
        placement = PlacementFactory(
            tutor=tutor,
            course__university=university,
            status=PlacementModel.Status.FINAL_REPORT_SUBMITTED,
        )
        report = FinalReportFactory(placement=placement)
        signatures.sign(
            record=report, signer=placement.practice_educator, capacity="practice_educator"
        )
        if number % 2:
            signatures.sign(record=report, signer=tutor, capacity="tutor")
    client.force_login(tutor)
    # +5 for the tutor's supervision table (supervision/dashboard.py).
    with django_assert_max_num_queries(30 + WAITING_QUERIES["tutor"] + HEADER_QUERIES):
        response = client.get("/portal/")
    reviews = next(
        p.context["placements_reviews"] for p in response.context["panels"] if p.role == "tutor"
    )
    assert reviews["to_countersign"]["total"] == rows - rows // 2
    assert reviews["awaiting_panel"]["total"] == rows // 2
    assert len(reviews["to_countersign"]["rows"]) <= 10
