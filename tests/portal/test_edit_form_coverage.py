"""Every form page is in the round-trip browser test's registry (issue 21, requirement 2).

tests/e2e/test_edit_forms_roundtrip.py opens each form a demo user can reach and
submits it unchanged; it reads its list from tests/e2e/edit_forms.py. This test
(no browser, no database) keeps that list equal to the URL conf: a new form view
fails here until it is given a RoundTrip entry, or an Excluded one with a reason.
"""

from tests.e2e.edit_forms import FORMS, Excluded, RoundTrip, form_views, round_trips


def test_every_form_view_has_an_entry():
    missing = sorted(set(form_views()) - set(FORMS))
    assert missing == [], (
        "These form views are not in tests/e2e/edit_forms.py FORMS. Add a RoundTrip "
        "(who opens it and which demo record) so the browser test submits it unchanged, "
        "or Excluded with the reason it is an action rather than an edit:\n  "
        + "\n  ".join(f"{name} ({form_views()[name].__qualname__})" for name in missing)
    )


def test_every_entry_names_a_form_view_of_the_url_conf():
    gone = sorted(set(FORMS) - set(form_views()))
    assert gone == [], (
        "tests/e2e/edit_forms.py FORMS names URLs that are no longer form views of the URL "
        "conf; remove or rename them:\n  " + "\n  ".join(gone)
    )


def test_entries_are_complete():
    problems = []
    for name, entry in FORMS.items():
        cases = entry if isinstance(entry, tuple) else (entry,)
        for case in cases:
            if isinstance(case, RoundTrip):
                if not callable(case.find):
                    problems.append(f"{name}: no function finding the record")
            elif isinstance(case, Excluded):
                if len(case.reason.strip()) < 10:
                    problems.append(f"{name}: say why it is excluded")
                if case.user is not None and case.find is None:
                    problems.append(f"{name}: a user to open it as, but no record to open")
            else:
                problems.append(f"{name}: {case!r} is neither RoundTrip nor Excluded")
    assert problems == []


def test_round_trips_cover_the_kinds_of_record_the_issue_names():
    """The issue's list: placement, profiles, days, agreement, evidence, reviews and
    reports, supervision, observations, offers, children, carers, plans, sessions,
    requests, assessments, account name."""
    covered = {name for name, _ in round_trips()}
    for name in (
        "placements:placement_edit",
        "placements:student_profile",
        "placements:educator_profile",
        "placements:day_create",
        "placements:day_update",
        "placements:agreement_edit",
        "placements:evidence_update",
        "placements:midpoint_review_record",
        "placements:final_report_edit",
        "placements:final_report_comment",
        "placements:panel_decision_record",
        "placements:placement_offer_edit",
        "supervision:session_edit",
        "supervision:observation_edit",
        "casework:child_update",
        "casework:carer_update",
        "casework:plan_update",
        "casework:session_log",
        "casework:request_create",
        "casework:assessment_edit",
        "accounts:account_name",
    ):
        assert name in covered, name
