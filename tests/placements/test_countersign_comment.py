"""The tutor's comment with the countersignature of the final report (issue 22,
requirement 6): optional, limited in length, kept in the report's history, shown
on the report to the student and the practice educator; a refused comment leaves
the report unsigned and unchanged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from placements.models import FinalReport, Placement
from placements.services.final_report import (
    TUTOR_COMMENT_MAX_LENGTH,
    final_report_amend,
    final_report_countersign,
)
from portal import signatures
from tests.placements.support import detail_url, error_summary, text
from tests.placements.test_review_views import at

pytestmark = pytest.mark.django_db

S = Placement.Status
COMMENT = "A fair report: the progress since the midpoint is well evidenced."


def countersign_url(cast) -> str:
    return f"{detail_url(cast.placement)}final-report/countersign/"


def report_url(cast) -> str:
    return f"{detail_url(cast.placement)}final-report/"


def test_the_tutor_countersigns_with_a_comment_that_everyone_on_the_placement_reads(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    assert "Your comment (optional)" in text(client.get(countersign_url(cast)))

    response = client.post(countersign_url(cast), {"tutor_comment": f"  {COMMENT}  "}, follow=True)

    assert "You countersigned the final report." in text(response)
    report = FinalReport.objects.get()
    assert report.tutor_comment == COMMENT
    assert report.is_locked
    assert {s.capacity for s in signatures.signatures_for(report)} == {
        "practice_educator",
        "tutor",
    }
    # Kept in the report's history: the signed version holds it.
    assert report.history.filter(tutor_comment=COMMENT).exists()
    for who in (cast.student, cast.educator, cast.tutor):
        client.force_login(who)
        page = text(client.get(report_url(cast)))
        assert f"The tutor's comment {COMMENT}" in page
        assert f"Added by {cast.tutor} with the countersignature" in page


def test_the_comment_is_optional(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    client.post(countersign_url(cast), {"tutor_comment": ""})
    report = FinalReport.objects.get()
    assert report.is_locked and report.tutor_comment == ""
    assert "The tutor countersigned the report without a comment." in text(
        client.get(report_url(cast))
    )


def test_a_comment_too_long_is_refused_and_nothing_is_signed(client):
    cast = at("signed")
    client.force_login(cast.tutor)
    response = client.post(
        countersign_url(cast), {"tutor_comment": "x" * (TUTOR_COMMENT_MAX_LENGTH + 1)}
    )
    assert response.status_code == 200
    [error] = error_summary(response)
    assert f"must be {TUTOR_COMMENT_MAX_LENGTH} characters or fewer" in error
    report = FinalReport.objects.get()
    assert not report.is_locked and report.tutor_comment == ""
    assert "tutor" not in {s.capacity for s in signatures.signatures_for(report)}


def test_the_service_refuses_a_comment_too_long_whoever_calls_it():
    cast = at("signed")
    report = FinalReport.objects.get()
    versions = report.history.count()
    with pytest.raises(ValidationError) as refused:
        final_report_countersign(
            report=report, by=cast.tutor, comment="y" * (TUTOR_COMMENT_MAX_LENGTH + 1)
        )
    assert "tutor_comment" in refused.value.message_dict
    report.refresh_from_db()
    assert not report.is_locked and report.tutor_comment == ""
    assert report.history.count() == versions
    assert signatures.signatures_for(report)[0].capacity == "practice_educator"


def test_an_amendment_starts_without_the_tutors_comment_and_the_original_keeps_it():
    cast = at("signed")
    report = FinalReport.objects.get()
    final_report_countersign(report=report, by=cast.tutor, comment=COMMENT)
    correction = final_report_amend(report=report, by=cast.educator, reason="A domain mislabelled.")
    assert correction.tutor_comment == ""
    report.refresh_from_db()
    assert report.tutor_comment == COMMENT
