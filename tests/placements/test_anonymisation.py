"""The anonymisation guard on what a university reads from the placements app:
capability evidence and the practice educator's comments and ratings, the
midpoint review and the final report (placements/services/anonymisation.py).

Each record is written with a child's first name, a child's surname, a carer's
name and the name of a child on the practice educator's other work: each is
refused on its field with the one message, and nothing is saved. A name that is
on nobody's work here is accepted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placements.casework import selectors as casework_selectors
from placements.models import (
    Capability,
    Concern,
    DomainRating,
    EvidenceItem,
    FinalReport,
    MidpointReview,
    Placement,
)
from placements.selectors.review import pcf_domains
from placements.services.anonymisation import message
from placements.services.concern import concern_raise, concern_step
from placements.services.coverage import domain_rate
from placements.services.evidence import evidence_comment, evidence_create
from placements.services.final_report import final_report_comment
from placements.services.review import ActionItem, DomainProgress
from tests.placements.factories import EvidenceItemFactory
from tests.placements.support import (
    NAMES_ON_WORK,
    NOT_ON_WORK,
    allocate_named_children,
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
NAMED = pytest.mark.parametrize("text", NAMES_ON_WORK.values(), ids=NAMES_ON_WORK.keys())


def refused_on(write, text: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        write(text)
    return refused.value.message_dict


def test_the_names_are_the_childrens_and_carers_on_the_students_and_educators_work():
    cast = make_cast(status=S.ACTIVE)
    allocate_named_children(cast.placement)

    names = casework_selectors.names_on_work(student=cast.student, practice_educator=cast.educator)

    assert names == {"Kayden", "Marsh", "Kay", "Dana Whitfield", "Ruby", "Stone"}


# --- the midpoint review ----------------------------------------------------------------


def _first_domain_says(rows: list, text: str) -> list:
    """`rows` (one per PCF domain) with the first domain's text replaced by `text`."""
    field = "comment" if isinstance(rows[0], DomainProgress) else "assessment"
    return [replace(rows[0], **{field: text}), *rows[1:]]


@NAMED
@pytest.mark.parametrize("field", ["summary", "attendees", "comment", "action"])
def test_the_midpoint_review_refuses_a_name_on_the_work(text, field):
    cast = make_cast(status=S.ACTIVE)
    allocate_named_children(cast.placement)
    first = pcf_domains()[0]
    write = {
        "summary": lambda t: record_review(cast, summary=t),
        "attendees": lambda t: record_review(cast, attendees=f"Sam Student, student\n{t}"),
        "comment": lambda t: record_review(cast, progress=_first_domain_says(progress(), t)),
        "action": lambda t: record_review(
            cast, actions=[ActionItem(t, cast.student, days_ago(-7))]
        ),
    }[field]
    named = {
        "summary": "summary",
        "attendees": "attendees",
        "comment": f"comment_{first.number}",
        "action": "action_1_description",
    }[field]

    errors = refused_on(write, text)

    assert set(errors) == {named}
    assert "Remove the name from the" in errors[named][0]
    assert not MidpointReview.objects.exists()
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.ACTIVE


def test_the_midpoint_review_takes_a_name_that_is_on_nobody_s_work_here():
    cast = make_cast(status=S.ACTIVE)
    allocate_named_children(cast.placement)

    review = record_review(cast, summary=NOT_ON_WORK)

    assert review.summary == NOT_ON_WORK


# --- the final report -------------------------------------------------------------------


@NAMED
def test_the_final_reports_summary_and_domain_assessments_refuse_a_name(text):
    cast = reviewed_cast()
    allocate_named_children(cast.placement)
    first = pcf_domains()[0]

    errors = refused_on(
        lambda t: save_report(cast, summary=t, assessments=_first_domain_says(assessments(), t)),
        text,
    )

    assert set(errors) == {"summary", f"assessment_{first.number}"}
    assert errors["summary"] == [message("summary")]
    assert not FinalReport.objects.exists()


def test_the_final_report_takes_a_name_that_is_on_nobody_s_work_here():
    cast = reviewed_cast()
    allocate_named_children(cast.placement)

    assert save_report(cast, summary=NOT_ON_WORK).summary == NOT_ON_WORK


@NAMED
def test_the_students_comment_on_the_final_report_refuses_a_name(text):
    cast, report = submitted_cast(countersigned=False)
    allocate_named_children(cast.placement)

    errors = refused_on(
        lambda t: final_report_comment(report=report, by=cast.student, comment=t), text
    )

    assert errors == {"student_comment": [message("student's comment")]}
    report.refresh_from_db()
    assert report.student_comment == ""
    final_report_comment(report=report, by=cast.student, comment=NOT_ON_WORK)
    report.refresh_from_db()
    assert report.student_comment == NOT_ON_WORK


# --- capability evidence ----------------------------------------------------------------


@NAMED
def test_evidence_refuses_every_name_on_the_work_including_carers(text):
    cast = make_cast(status=S.ACTIVE)
    allocate_named_children(cast.placement)
    pcf7 = Capability.objects.get(
        version__framework__code="pcf", version__is_current=True, number=7
    )

    def write(reflection):
        return evidence_create(
            placement=cast.placement,
            by=cast.student,
            date=timezone.localdate() - timedelta(days=1),
            kind=EvidenceItem.Kind.DIRECT_WORK,
            title="Direct work in school",
            reflection=reflection,
            capabilities=[pcf7],
        )

    assert refused_on(write, text) == {"reflection": [message("reflection")]}
    assert not EvidenceItem.objects.exists()
    assert write(NOT_ON_WORK).pk


@NAMED
def test_the_educators_comment_and_domain_rating_refuse_a_name(text):
    cast = make_cast(status=S.ACTIVE)
    allocate_named_children(cast.placement)
    item = EvidenceItemFactory(placement=cast.placement)
    domain = pcf_domains()[0]

    comment = refused_on(lambda t: evidence_comment(item=item, by=cast.educator, comment=t), text)
    rating = refused_on(
        lambda t: domain_rate(
            placement=cast.placement,
            capability=domain,
            by=cast.educator,
            rating="progressing",
            comment=t,
        ),
        text,
    )

    assert comment == {"comment": [message("comment")]}
    assert rating == {"comment": [message("comment on the domain")]}
    item.refresh_from_db()
    assert item.educator_comment == ""
    assert not DomainRating.objects.exists()
    assert evidence_comment(item=item, by=cast.educator, comment=NOT_ON_WORK).educator_comment


# --- causes for concern -----------------------------------------------------------------


@NAMED
def test_a_concern_and_its_outcome_refuse_a_name(text):
    cast = make_cast(status=S.ACTIVE)
    allocate_named_children(cast.placement)

    raised = refused_on(
        lambda t: concern_raise(
            placement=cast.placement, by=cast.educator, summary=t, action_plan=t
        ),
        text,
    )
    assert raised == {
        "summary": [message("concern")],
        "action_plan": [message("action plan")],
    }
    assert not Concern.objects.exists()

    concern = concern_raise(
        placement=cast.placement,
        by=cast.educator,
        summary=NOT_ON_WORK,
        action_plan="Weekly check-ins.",
    )
    resolved = refused_on(
        lambda t: concern_step(concern=concern, name="resolve", by=cast.educator, outcome=t),
        text,
    )
    assert resolved == {"outcome": [message("outcome")]}
    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == (Concern.Status.OPEN, "")
