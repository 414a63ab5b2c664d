"""Weekly supervision against the course minimum, the gaps the tutor's RAG status reads,
and the week-by-week strip on the placement page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from placements.models import Placement, PlacementDay
from placements.oversight import AMBER, RED, placement_rag_for
from supervision.compliance import (
    BELOW,
    CURRENT,
    MET,
    NO_PLACEMENT_DAYS,
    compliance_for,
    compliance_for_many,
    gaps_for,
)
from supervision.models import SupervisionSession
from supervision.selectors.sessions import supervision_gaps_for
from supervision.services.sessions import session_amend, session_record_save
from tests.placements.factories import CourseFactory, PlacementFactory
from tests.placements.support import sign_agreement
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
K = PlacementDay.Kind

# A placement starting on Monday 7 September 2026, looked at on Wednesday
# 7 October: four full weeks (7, 14, 21 and 28 September) and the current one.
START = date(2026, 9, 7)
TODAY = date(2026, 10, 7)
WEEK = [START + timedelta(days=7 * n) for n in range(5)]


def placement(**fields) -> Placement:
    fields.setdefault("course", CourseFactory(weekly_supervision_minutes=90))
    return PlacementFactory(starts_on=START, ends_on=START + timedelta(days=120), **fields)


def days(placement, monday, count=3, kind=K.PLACEMENT, confirmed=True):
    for offset in range(count):
        PlacementDay.objects.create(
            placement=placement,
            date=monday + timedelta(days=offset),
            kind=kind,
            hours=7,
            confirmed_at=timezone.now() if confirmed else None,
            confirmed_by=placement.practice_educator if confirmed else None,
        )


def held(placement, on, minutes=90, status=S.LOCKED, **fields):
    return SupervisionSessionFactory(
        placement=placement,
        date=on,
        duration_minutes=minutes,
        status=status,
        locked_at=timezone.now() if status == S.LOCKED else None,
        **fields,
    )


def compliant(**fields) -> Placement:
    """Placement days and a 90-minute signed session in each full week (and this one's days)."""
    p = placement(**fields)
    for monday in WEEK:
        days(p, monday)
    for monday in WEEK[:4]:
        held(p, monday + timedelta(days=1))
    return p


def test_a_compliant_placement_meets_the_minimum_every_full_week():
    p = compliant()
    compliance = compliance_for(p, today=TODAY)
    assert compliance.minimum == 90
    assert [w.monday for w in compliance.weeks] == WEEK
    assert [w.state for w in compliance.weeks] == [MET, MET, MET, MET, CURRENT]
    assert [w.minutes for w in compliance.weeks] == [90, 90, 90, 90, 0]
    assert compliance.percentage == 100
    assert (compliance.weeks_met, compliance.weeks_counted) == (4, 4)
    assert gaps_for([p], today=TODAY) == {p.pk: []}


def test_two_short_weeks_are_flagged_and_bring_the_percentage_down():
    p = placement()
    for monday in WEEK[:4]:
        days(p, monday)
    held(p, WEEK[0] + timedelta(days=1))
    held(p, WEEK[1] + timedelta(days=1), minutes=60)  # short of 90
    # Two shorter sessions in one week add up to the minimum.
    held(p, WEEK[2], minutes=45)
    held(p, WEEK[2] + timedelta(days=3), minutes=45, status=S.AWAITING_STUDENT)
    # Nothing at all in the fourth week.
    compliance = compliance_for(p, today=TODAY)
    assert [w.state for w in compliance.weeks[:4]] == [MET, BELOW, MET, BELOW]
    assert [w.minutes for w in compliance.weeks[:4]] == [90, 60, 90, 0]
    assert compliance.percentage == 50
    assert compliance.short_weeks == [WEEK[1], WEEK[3]]
    assert supervision_gaps_for([p], today=TODAY) == {p.pk: [WEEK[1], WEEK[3]]}


def test_weeks_without_placement_days_are_shown_but_not_counted():
    p = placement()
    days(p, WEEK[0])
    held(p, WEEK[0])
    days(p, WEEK[1], count=5, kind=K.SICKNESS)
    days(p, WEEK[2], count=2, kind=K.STUDY)
    days(p, WEEK[2] + timedelta(days=2), count=1, kind=K.BANK_HOLIDAY)
    # Week 4: nothing recorded (for instance while the placement was suspended).
    compliance = compliance_for(p, today=TODAY)
    assert [w.state for w in compliance.weeks] == [
        MET,
        NO_PLACEMENT_DAYS,
        NO_PLACEMENT_DAYS,
        NO_PLACEMENT_DAYS,
        CURRENT,
    ]
    assert [w.placement_days for w in compliance.weeks] == [3, 0, 0, 0, 0]
    assert all(w.met is None for w in compliance.weeks[1:])
    assert compliance.percentage == 100
    assert (compliance.weeks_met, compliance.weeks_counted) == (1, 1)
    assert gaps_for([p], today=TODAY) == {p.pk: []}


def test_days_count_before_the_practice_educator_confirms_them():
    p = placement()
    days(p, WEEK[0], confirmed=False)
    assert compliance_for(p, today=TODAY).weeks[0].state == BELOW


def test_an_amended_session_counts_once_as_its_correction():
    p = placement()
    days(p, WEEK[0])
    days(p, WEEK[1])
    # Week 1: signed as 90 minutes, corrected to 60: the week falls short.
    first = held(p, WEEK[0] + timedelta(days=1))
    correction = session_amend(session=first, by=p.practice_educator, reason="It was an hour")
    session_record_save(session=correction, by=p.practice_educator, duration_minutes=60)
    # Week 2: signed as 60 minutes, corrected to 90: the week meets the minimum.
    second = held(p, WEEK[1] + timedelta(days=1), minutes=60)
    correction = session_amend(session=second, by=p.practice_educator, reason="Typo")
    session_record_save(session=correction, by=p.practice_educator, duration_minutes=90)

    weeks = compliance_for(p, today=TODAY).weeks
    assert (weeks[0].minutes, weeks[0].state) == (60, BELOW)
    assert (weeks[1].minutes, weeks[1].state) == (90, MET)


def test_cancelled_and_merely_scheduled_sessions_count_nothing():
    p = placement()
    days(p, WEEK[0])
    held(p, WEEK[0] + timedelta(days=1), status=S.CANCELLED, status_reason="PE off sick")
    held(p, WEEK[0] + timedelta(days=2), status=S.SCHEDULED)
    week = compliance_for(p, today=TODAY).weeks[0]
    assert (week.minutes, week.state) == (0, BELOW)
    assert gaps_for([p], today=TODAY) == {p.pk: [WEEK[0]]}


def test_the_current_week_is_not_counted_until_it_is_over():
    p = placement()
    days(p, WEEK[4])  # placement days this week, no supervision yet
    compliance = compliance_for(p, today=TODAY)
    assert compliance.weeks[-1].state == CURRENT
    assert compliance.percentage is None
    assert gaps_for([p], today=TODAY) == {p.pk: []}
    # The Monday after, the week is over and short.
    next_monday = WEEK[4] + timedelta(days=7)
    assert gaps_for([p], today=next_monday) == {p.pk: [WEEK[4]]}
    # On its Sunday it is still the current week.
    assert gaps_for([p], today=next_monday - timedelta(days=1)) == {p.pk: []}


def test_a_placement_not_started_has_no_weeks_and_no_gaps():
    p = PlacementFactory(starts_on=TODAY + timedelta(days=10), status=Placement.Status.CONFIRMED)
    compliance = compliance_for(p, today=TODAY)
    assert compliance.weeks == ()
    assert compliance.percentage is None
    assert supervision_gaps_for([p], today=TODAY) == {p.pk: []}


def test_weeks_stop_at_the_end_of_the_placement():
    p = placement(status=Placement.Status.PASSED)
    Placement.objects.filter(pk=p.pk).update(ends_on=WEEK[1] + timedelta(days=4))
    p.refresh_from_db()
    days(p, WEEK[0])
    days(p, WEEK[1])
    held(p, WEEK[0])
    compliance = compliance_for(p, today=date(2027, 3, 1))
    assert [w.monday for w in compliance.weeks] == WEEK[:2]
    assert compliance.percentage == 50
    assert gaps_for([p], today=date(2027, 3, 1)) == {p.pk: [WEEK[1]]}


def test_one_key_per_placement_whatever_its_status():
    placements = [compliant(), placement(status=Placement.Status.DRAFT)]
    answer = supervision_gaps_for(placements, today=TODAY)
    assert answer == {placements[0].pk: [], placements[1].pk: []}


@pytest.mark.parametrize("count", [5, 50])
def test_compliance_for_many_placements_takes_a_fixed_number_of_queries(
    count, django_assert_max_num_queries
):
    course = CourseFactory(weekly_supervision_minutes=90)
    placements = [placement(course=course) for _ in range(count)]
    for p in placements:
        days(p, WEEK[0], count=1)
        held(p, WEEK[0])
        days(p, WEEK[1], count=1)  # and no supervision that week
    # Only the placements' own dates are read, as the RAG list passes them.
    slim = list(
        Placement.objects.filter(pk__in=[p.pk for p in placements]).only(
            "pk", "starts_on", "ends_on"
        )
    )
    with django_assert_max_num_queries(3):
        answer = compliance_for_many(slim, today=TODAY)
    assert len(answer) == count
    assert all(c.weeks[0].state == MET for c in answer.values())
    with django_assert_max_num_queries(3):
        assert all(gaps == [WEEK[1]] for gaps in gaps_for(slim, today=TODAY).values())


# --- The tutor's RAG status turns amber and red on real gaps -------------------------------


def on_track_otherwise() -> Placement:
    """Days confirmed on pace and the agreement signed: only supervision can make it late."""
    p = placement(required_days=20)
    sign_agreement(p)
    for monday in WEEK[:4]:
        days(p, monday)
    return p


def supervision_reasons(p):
    rag = placement_rag_for([p], today=TODAY)[p.pk]
    return rag, [r for r in rag.reasons if r.startswith("Weekly supervision")]


def test_the_tutor_sees_no_supervision_reason_when_every_week_was_met():
    p = on_track_otherwise()
    for monday in WEEK[:4]:
        held(p, monday + timedelta(days=1))
    rag, reasons = supervision_reasons(p)
    assert reasons == []
    assert rag.status not in (AMBER, RED), rag.reasons


def test_one_short_week_turns_the_tutors_status_amber():
    p = on_track_otherwise()
    for monday in (WEEK[0], WEEK[1], WEEK[3]):
        held(p, monday + timedelta(days=1))
    rag, reasons = supervision_reasons(p)
    assert reasons == ["Weekly supervision missed in 1 week (latest the week of 21 September 2026)"]
    assert rag.status == AMBER, rag.reasons


def test_two_short_weeks_turn_the_tutors_status_red():
    p = on_track_otherwise()
    held(p, WEEK[0] + timedelta(days=1))
    held(p, WEEK[2] + timedelta(days=1), minutes=30)
    rag, reasons = supervision_reasons(p)
    assert reasons == [
        "Weekly supervision missed in 3 weeks (latest the week of 28 September 2026)"
    ]
    assert rag.status == RED


# --- The strip on the placement page ----------------------------------------------------------


def test_the_strip_says_each_weeks_state_in_words_and_the_percentage():
    p = placement()
    for monday in WEEK[:4]:
        days(p, monday)
    held(p, WEEK[0])
    held(p, WEEK[2])
    held(p, WEEK[3])
    html = render_to_string(
        "supervision/placement/_compliance.html",
        {"compliance": compliance_for(p, today=TODAY)},
    )
    assert "75% of weeks met the minimum" in html
    assert "(3 of 4 full weeks with placement days)" in html
    assert "14 September 2026" in html
    assert "0 of 90" in html
    assert html.count("Below minimum") == 1
    assert html.count(">Met<") == 3
    assert "Current week" in html
    assert '<th scope="row"' in html


def test_the_strip_before_any_full_week_says_there_is_no_figure_yet():
    p = placement()
    html = render_to_string(
        "supervision/placement/_compliance.html",
        {"compliance": compliance_for(p, today=START + timedelta(days=2))},
    )
    assert "no compliance figure" in html
    assert "No full week with placement days has ended yet" in html
