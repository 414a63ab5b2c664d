"""Every form page of the portal, and how the round-trip browser test reaches it
(issue 21, requirement 2: "Every edit form round-trips").

`form_views()` walks the URL conf for views of our packages built on Django's
FormMixin. `FORMS` names each one: a `RoundTrip` (who opens it, and which record,
found in the seed_demo data by tests/e2e/edit_form_targets/) or an `Excluded`
with its reason. tests/portal/test_edit_form_coverage.py fails when a form view
has no entry or an entry names a URL that is gone, so a new form cannot be added
without the browser test covering it (or saying why not).

A plain module: the unit test imports it without a browser or a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.edit import FormMixin

from .edit_form_targets import casework, common, lifestory, practice, programmes, supervision
from .edit_form_targets.common import (
    ADMIN,
    COORDINATOR,
    EDUCATOR,
    LIFESTORY,
    MANAGER,
    SCHOOL,
    SOCIAL_WORKER,
    STUDENT,
    Target,
)

OUR_PACKAGES = ("portal", "placements", "supervision", "lifestory", "cms")


@dataclass(frozen=True)
class RoundTrip:
    """Opened as `user`, submitted unchanged; nothing may change.

    `new`: a form that records something new (or a first time), so the unchanged
    submission may be refused for what is missing, and may create a row (its
    dates must be the ones the form showed); existing rows still may not change.
    `form`: a CSS selector when the page holds more than one form with fields.
    """

    user: str | None
    find: Callable[[], Target]
    new: bool = False
    form: str = ""


@dataclass(frozen=True)
class Excluded:
    """Not submitted: submitting takes an action. With `user` and `find`, the test
    still opens the page and checks that the browser shows what the server wrote
    (the dates a confirmation page offers)."""

    reason: str
    user: str | None = None
    find: Callable[[], Target] | None = None


TRANSITION = "action: a status move of the record's transition table (confirmation page)"

FORMS: dict[str, RoundTrip | Excluded | tuple[RoundTrip, ...]] = {
    # --- accounts -----------------------------------------------------------------------
    "accounts:account_name": RoundTrip(STUDENT, common.nothing),
    "accounts:notification_settings": RoundTrip(STUDENT, common.nothing),
    # Only roles whose work needs the API see the form (issue 13).
    "accounts:api_tokens": RoundTrip(COORDINATOR, common.nothing, new=True),
    "accounts:membership_end": Excluded(
        "action: ends someone's role after the day given (a confirmation page)",
        COORDINATOR,
        practice.supervisors_membership,
    ),
    "accounts:invitation_create": RoundTrip(COORDINATOR, practice.council, new=True),
    # --- placements ---------------------------------------------------------------------
    # The page also holds the student search (a GET form): the set-up form is the one.
    "placements:placement_create": RoundTrip(
        COORDINATOR, common.nothing, new=True, form="#placement-form"
    ),
    "placements:placement_edit": RoundTrip(COORDINATOR, practice.proposed_placement),
    "placements:placement_transition": Excluded(TRANSITION),
    "placements:placement_contrast_override": Excluded(
        "action: a co-ordinator records why a placement goes ahead despite the "
        "contrasting-settings rule (once; it cannot be edited)"
    ),
    "placements:day_create": RoundTrip(STUDENT, practice.sams_placement, new=True),
    "placements:day_update": RoundTrip(STUDENT, practice.sams_unconfirmed_day),
    "placements:days_confirm": Excluded("action: the practice educator confirms a week's days"),
    "placements:day_query": Excluded(
        "action: the practice educator queries a day, and the student is told"
    ),
    "placements:days_repeat": Excluded(
        "action: logs this week's days like last week's (a confirmation page)"
    ),
    "placements:student_profile": RoundTrip(COORDINATOR, practice.sams_profile),
    "placements:educator_profile": RoundTrip(COORDINATOR, practice.educators_profile),
    "placements:own_educator_profile": Excluded(
        "the demo practice educator's profile is complete, so the page shows it without a "
        "form; a new educator's first completion is tested in tests/placements/"
        "test_own_profile.py"
    ),
    "placements:agreement_edit": RoundTrip(EDUCATOR, practice.sams_placement),
    "placements:concern_raise": RoundTrip(EDUCATOR, practice.sams_placement, new=True),
    "placements:concern_step": Excluded(
        "action: a step of the cause-for-concern procedure (escalate, resolve, suspend, end)"
    ),
    "placements:placement_offer_create": RoundTrip(COORDINATOR, common.nothing, new=True),
    "placements:placement_offer_edit": RoundTrip(COORDINATOR, practice.offer_with_note),
    "placements:allocation_assign": Excluded(
        "action: a POST-only button of the allocation page assigning a suggested educator"
    ),
    "placements:quality_feedback": RoundTrip(None, practice.ended_placement_to_rate, new=True),
    "placements:evidence_create": RoundTrip(STUDENT, practice.sams_placement, new=True),
    "placements:evidence_detail": RoundTrip(None, practice.commented_evidence),
    "placements:evidence_update": RoundTrip(STUDENT, practice.sams_uncommented_evidence),
    # Submitted without a file: refused ("Choose a file to attach"), nothing stored.
    "placements:evidence_attachment_add": RoundTrip(
        STUDENT, practice.sams_uncommented_evidence, new=True
    ),
    "placements:evidence_coverage": RoundTrip(None, practice.rated_placement),
    "placements:midpoint_review_record": RoundTrip(EDUCATOR, practice.sams_placement, new=True),
    "placements:final_report_edit": RoundTrip(None, practice.draft_final_report),
    "placements:final_report_comment": RoundTrip(None, practice.report_to_comment_on),
    "placements:final_report_amend": Excluded(
        "action: starts a correction of the countersigned, locked report (a new version, with "
        "its reason)"
    ),
    "placements:panel_decision_record": RoundTrip(None, practice.report_for_panel, new=True),
    "placements:final_report_countersign": Excluded(
        "action: the tutor countersigns the final report, which locks it (with an optional comment)"
    ),
    "placements:visit_create": RoundTrip(practice.TUTOR, practice.sams_placement, new=True),
    "placements:visit_edit": RoundTrip(practice.TUTOR, practice.sams_visit),
    # --- casework -----------------------------------------------------------------------
    "casework:child_create": RoundTrip(COORDINATOR, common.nothing, new=True),
    "casework:child_update": RoundTrip(COORDINATOR, casework.maya),
    "casework:carer_add": RoundTrip(COORDINATOR, casework.maya, new=True),
    "casework:carer_update": RoundTrip(COORDINATOR, casework.mayas_carer),
    "casework:allocation_create": RoundTrip(COORDINATOR, casework.maya, new=True),
    "casework:allocation_end": Excluded(
        "action: ends the work with a child after the day given (a confirmation page)",
        EDUCATOR,
        casework.mayas_allocation,
    ),
    "casework:request_create": RoundTrip(SCHOOL, common.nothing, new=True),
    "privacy:rights_request_create": RoundTrip(ADMIN, common.nothing, new=True),
    "privacy:rights_request_extend": Excluded(
        "action: extends the request's deadline, once, with a reason"
    ),
    "privacy:rights_request_close": Excluded("action: closes the request with its outcome"),
    "casework:request_accept": Excluded(
        "action: the decision to accept a request, allocating students to the child",
        COORDINATOR,
        casework.waiting_request,
    ),
    "casework:request_decline": Excluded("action: the decision to decline a request (a reason)"),
    "casework:request_redirect": Excluded(
        "action: the decision to redirect a request to social care (a reason)"
    ),
    # Submitted unchanged: no school chosen, so refused and nothing recorded.
    "casework:school_service_add": RoundTrip(COORDINATOR, common.nothing, new=True),
    "casework:term_create": RoundTrip(SCHOOL, casework.school_a_terms, new=True),
    "casework:term_update": RoundTrip(SCHOOL, casework.school_a_term),
    "casework:holiday_create": RoundTrip(SCHOOL, casework.school_a_term, new=True),
    "casework:plan_create": RoundTrip(COORDINATOR, casework.child_to_plan, new=True),
    "casework:plan_update": RoundTrip(COORDINATOR, casework.draft_plan),
    "casework:plan_agreements": RoundTrip(COORDINATOR, casework.draft_plan_with_agreements),
    "casework:plan_transition": Excluded(TRANSITION),
    "casework:session_log": RoundTrip(STUDENT, casework.session_awaiting_review),
    "casework:session_move": RoundTrip(STUDENT, casework.sams_planned_session),
    "casework:session_review": Excluded(
        "action: the practice educator marks a session's notes reviewed or returns them"
    ),
    "casework:wellbeing_record": RoundTrip(STUDENT, casework.mayas_plan_child, new=True),
    "casework:wellbeing_correct": RoundTrip(STUDENT, casework.mayas_measure),
    "casework:closure_record": RoundTrip(STUDENT, casework.mayas_plan_member, new=True),
    "casework:concern_raise": RoundTrip(STUDENT, casework.mayas_session, new=True),
    "casework:concern_add_addendum": RoundTrip(EDUCATOR, casework.safeguarding_concern, new=True),
    "casework:concern_record_outcome": RoundTrip(EDUCATOR, casework.safeguarding_concern, new=True),
    "casework:school_safeguarding": RoundTrip(COORDINATOR, casework.brookfield),
    "casework:assessment_create": RoundTrip(SOCIAL_WORKER, casework.child_to_assess, new=True),
    "casework:assessment_edit": (
        RoundTrip(SOCIAL_WORKER, casework.draft_assessment),
        RoundTrip(SOCIAL_WORKER, casework.draft_enquiry),
    ),
    "casework:assessment_transition": Excluded(TRANSITION),
    # --- life story books ---------------------------------------------------------------
    "lifestory:book_create": RoundTrip(LIFESTORY, common.nothing, new=True),
    "lifestory:book_edit": RoundTrip(LIFESTORY, lifestory.mayas_book),
    "lifestory:book_step": Excluded(TRANSITION),
    "lifestory:chapter_add": RoundTrip(LIFESTORY, lifestory.mayas_book, new=True),
    "lifestory:chapter_edit": RoundTrip(LIFESTORY, lifestory.mayas_chapter),
    "lifestory:comment_add": RoundTrip(MANAGER, lifestory.kais_chapter, new=True),
    "lifestory:comment_answer": Excluded(
        "action: answers a reviewer's comment, and resolves it with the first button"
    ),
    "lifestory:letter_edit": RoundTrip(LIFESTORY, lifestory.kais_letter),
    "lifestory:letter_step": Excluded(TRANSITION),
    "lifestory:photo_add": RoundTrip(LIFESTORY, lifestory.mayas_book, new=True),
    "lifestory:photo_edit": RoundTrip(LIFESTORY, lifestory.mayas_photo),
    "lifestory:link_create": RoundTrip(LIFESTORY, lifestory.mayas_book, new=True),
    "lifestory:contribution_accept": Excluded(
        "action: accepts a contributed photo into the book (its caption and chapter)"
    ),
    "lifestory_public:contribute": Excluded(
        "public: needs a fresh token, shown only once when a link is created "
        "(tests/lifestory/test_contributions.py sends it)"
    ),
    "programmes_public:refer": Excluded(
        "action: sends a new referral to a programme, from the public (no record to round-trip; "
        "tests/programmes/test_referral_form.py sends it)"
    ),
    "programmes_interest:register": Excluded(
        "action: sends a new registration of interest, from the public, in Swedish or English "
        "(no record to round-trip; tests/programmes/test_interest_form.py and "
        "tests/e2e/test_childrens_program_interest.py send it)"
    ),
    "programmes:run_invite": Excluded(
        "action: offers a waiting family a place on a run (a new place; "
        "tests/programmes/test_run_places.py)"
    ),
    "programmes:run_place_move": Excluded(
        "action: moves a family to another run, with the reason "
        "(tests/programmes/test_run_places.py)"
    ),
    "programmes:run_place_decline": Excluded(
        "action: records that a family declined a place, with the reason"
    ),
    "programmes:support_group": Excluded(
        "new: adds (or corrects) a step of a child's support-group history "
        "(tests/programmes/test_support_groups.py records, corrects and refuses them)"
    ),
    "programmes:run_child_rating": Excluded(
        "new: records a child's faces-scale ratings at a point of a run "
        "(tests/programmes/test_run_outcomes.py records, corrects and refuses them)"
    ),
    "programmes:run_parent_rating": Excluded(
        "new: records a parent's rating of the relationship at a point of a run "
        "(tests/programmes/test_run_outcomes.py records and refuses them)"
    ),
    # A run's pages (issue 19, R4): tests/programmes/test_run_pages.py submits and refuses these.
    "programmes:run_add": Excluded("new: plans a new run of the Children's Program"),
    "programmes:run_edit": RoundTrip(ADMIN, programmes.upcoming_run),
    "programmes:run_leaders": RoundTrip(ADMIN, programmes.upcoming_run),
    "programmes:run_cancel": Excluded("action: cancels a run, with the reason (a confirmation)"),
    "programmes:run_place_arrival": Excluded(
        "action: confirms a family's arrival on a run that is on (the demo's runs are not)"
    ),
    "programmes:run_attendance": Excluded(
        "action: takes a day's register of a run (the demo has no family arrived yet)"
    ),
    # The actions below are submitted by tests/programmes/test_delivery_*.py.
    "programmes:referral_allocate": Excluded(TRANSITION),
    "programmes:referral_accept": Excluded(TRANSITION),
    "programmes:referral_not_suitable": Excluded(TRANSITION),
    "programmes:referral_parent_declined": Excluded(TRANSITION),
    "programmes:referral_withdraw": Excluded(TRANSITION),
    "programmes:referral_contact": RoundTrip(
        programmes.PROGRAMME_WORKER, programmes.referral_being_contacted, new=True
    ),
    "programmes:enrol": Excluded(
        "action: enrols an accepted parent with a start date (a new enrolment; "
        "tests/programmes/test_delivery_pages.py)"
    ),
    "programmes:keywork_session_record": RoundTrip(
        programmes.PROGRAMME_WORKER, programmes.caseys_enrolment, new=True
    ),
    "programmes:keywork_plan_agree": Excluded(
        "action: agrees a keywork plan once, with its goals "
        "(tests/programmes/test_delivery_pages.py)"
    ),
    "programmes:keywork_plan_review": Excluded(
        "action: a new review of the keywork plan, with fresh scores and its date"
    ),
    "programmes:enrolment_end": Excluded(
        "action: ends the programme by the completion rule (a confirmation page)"
    ),
    "programmes:enrolment_leave": Excluded(
        "action: records that a parent left early, with the reason (a confirmation page)"
    ),
    "programmes:group_sessions_generate": Excluded(
        "action: adds a programme's group sessions between two dates"
    ),
    "programmes:group_detail": Excluded(
        "action: takes a group session's register (tests/programmes/test_delivery_groups.py)"
    ),
    "programmes:group_session_cancel": Excluded(
        "action: cancels a group session, with the reason (a confirmation page)"
    ),
    "programmes:creche_book": Excluded("action: books a creche place for a child at a session"),
    "programmes:cofacilitator_add": Excluded(
        "action: adds a student on placement to a group session "
        "(tests/programmes/test_cofacilitation.py adds, refuses and takes off)"
    ),
    "programmes:outcome_check_record": Excluded(
        "new: records a child's status at a follow-up the demo data has none of yet "
        "(tests/programmes/test_outcomes_checks.py records, corrects and refuses them)"
    ),
    "programmes:self_esteem_record": Excluded(
        "new: records a parent's Rosenberg total on an enrolment the demo data has none of "
        "(tests/programmes/test_outcomes_self_esteem.py records and refuses them)"
    ),
    # The leader register (issue 19, requirement 5).
    "programmes:leader_add": Excluded(
        "new: adds a certified leader to the register (tests/programmes/test_leaders_pages.py "
        "adds one and refuses bad dates and a certificate number used twice)"
    ),
    "programmes:leader_edit": Excluded(
        "edit of a leader's certificate details, for the provider's co-ordinators only "
        "(tests/programmes/test_leaders_pages.py edits one and refuses the team's workers)"
    ),
    # Updates and reports (requirement 5): tests/programmes/test_reports*.py submit these.
    "programmes:report_update_request": Excluded(
        "action: records a new update request from the referrer (a new record)"
    ),
    "programmes:report_update_write": Excluded(
        "action: writes a new update and queues its PDF (a new report)"
    ),
    "programmes:report_completion_write": Excluded(
        "action: writes the completion report once the enrolment has ended (a new report)"
    ),
    "programmes_public:report_download": Excluded(
        "public: needs a fresh token, emailed only once when a report is sent; "
        "the form answers with the PDF (tests/programmes/test_reports_link.py)"
    ),
    # --- supervision --------------------------------------------------------------------
    "supervision:session_create": RoundTrip(EDUCATOR, practice.sams_placement, new=True),
    "supervision:session_edit": RoundTrip(EDUCATOR, supervision.draft_supervision),
    "supervision:session_actions": RoundTrip(EDUCATOR, supervision.draft_supervision, new=True),
    "supervision:session_reflect": RoundTrip(STUDENT, supervision.supervision_awaiting_sam),
    "supervision:session_sign": Excluded("action: signs the record (the second signature locks)"),
    "supervision:session_amend": Excluded(
        "action: starts a correction of a locked record (a new version, with its reason)"
    ),
    "supervision:session_step": Excluded(TRANSITION, EDUCATOR, supervision.supervision_to_move),
    "supervision:observation_create": RoundTrip(STUDENT, practice.sams_placement, new=True),
    "supervision:observation_edit": (
        RoundTrip(EDUCATOR, supervision.planned_observation),
        RoundTrip(STUDENT, supervision.planned_observation),
    ),
    "supervision:observation_feedback": RoundTrip(None, supervision.draft_observation),
    "supervision:observation_service_user": RoundTrip(None, supervision.draft_observation),
    # Submitted without a file: refused ("Choose a file to attach"), nothing stored.
    "supervision:observation_attachment_add": RoundTrip(
        None, supervision.draft_observation, new=True
    ),
    "supervision:observation_sheet_add": RoundTrip(None, supervision.draft_observation, new=True),
    "supervision:observation_reflect": RoundTrip(None, supervision.observation_awaiting_student),
    "supervision:observation_step": Excluded(TRANSITION),
    "supervision:observation_amend": Excluded(
        "action: starts a correction of a locked observation (a new version, with its reason)"
    ),
}


def _walk(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(entry.url_patterns, joined)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def form_views() -> dict[str, type]:
    """URL name -> view class, for every form view of our packages in the URL conf."""
    found = {}
    for name, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        if view_class is None or not issubclass(view_class, FormMixin):
            continue
        if view_class.__module__.split(".")[0] in OUR_PACKAGES:
            found[name] = view_class
    return found


def round_trips() -> list[tuple[str, RoundTrip]]:
    """(URL name, entry) of every form the browser test submits, in FORMS' order."""
    cases = []
    for name, entry in FORMS.items():
        for case in entry if isinstance(entry, tuple) else (entry,):
            if isinstance(case, RoundTrip):
                cases.append((name, case))
    return cases


def opened_only() -> list[tuple[str, Excluded]]:
    """(URL name, entry) of the excluded forms the browser test opens without submitting."""
    return [
        (name, entry)
        for name, entry in FORMS.items()
        if isinstance(entry, Excluded) and entry.find is not None
    ]
