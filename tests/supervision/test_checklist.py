"""The direct-observation checklist: the course's rule as met, due or overdue lines,
and the overdue observations the university RAG status reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string

from placements.models import Placement
from placements.oversight import AMBER, RED, midpoint_of, placement_rag_for
from supervision.checklist import DUE, MET, OVERDUE, checklists_for, observation_checklist
from supervision.models import Observation
from supervision.selectors.observations import OverdueObservation, observations_overdue_for
from tests.placements.factories import CourseFactory, EducatorProfileFactory, PlacementFactory
from tests.supervision.factories import ObservationFactory

pytestmark = pytest.mark.django_db

O = Observation.Status  # noqa: E741
Role = Observation.ObserverRole

# 7 September to 7 December 2026: the midpoint is 22 October.
START, END = date(2026, 9, 7), date(2026, 12, 7)
MIDPOINT = date(2026, 10, 22)


@pytest.fixture
def placement():
    return PlacementFactory(starts_on=START, ends_on=END)


def observed(placement, on, *, status=O.DRAFT, role=Role.PRACTICE_EDUCATOR, **fields):
    if role == Role.PRACTICE_EDUCATOR:
        fields.setdefault("observer", placement.practice_educator)
    else:
        fields.setdefault("observer", EducatorProfileFactory().user)
    return ObservationFactory(
        placement=placement, date=on, status=status, observer_role=role, **fields
    )


def states(placement, today):
    return [
        (line.done, line.required, line.state)
        for line in observation_checklist(placement, today=today).lines
    ]


def test_the_lines_follow_the_course_rule_with_their_dates(placement):
    assert midpoint_of(placement) == MIDPOINT
    lines = observation_checklist(placement, today=START).lines
    assert [line.requirement for line in lines] == [
        "At least 1 observation before the midpoint (22 October 2026)",
        "At least 2 observations by the practice educator",
        "3 observations in total",
    ]
    assert [line.due_on for line in lines] == [MIDPOINT, END, END]
    assert [line.state for line in lines] == [DUE, DUE, DUE]


def test_a_course_without_a_midpoint_rule_has_no_midpoint_line():
    course = CourseFactory(
        observations_total=2, observations_by_educator=1, observations_before_midpoint=0
    )
    placement = PlacementFactory(course=course, starts_on=START, ends_on=END)
    assert [line.requirement for line in observation_checklist(placement, today=START).lines] == [
        "At least 1 observation by the practice educator",
        "2 observations in total",
    ]


def test_around_the_midpoint(placement):
    # Nothing yet: due on the midpoint itself, overdue the day after.
    assert states(placement, MIDPOINT)[0] == (0, 1, DUE)
    assert states(placement, MIDPOINT + timedelta(days=1))[0] == (0, 1, OVERDUE)
    # One on the midpoint day counts as before the midpoint; one after does not.
    observed(placement, MIDPOINT + timedelta(days=1), role=Role.OTHER)
    assert states(placement, MIDPOINT + timedelta(days=2))[0] == (0, 1, OVERDUE)
    observed(placement, MIDPOINT, role=Role.OTHER)
    assert states(placement, MIDPOINT + timedelta(days=2)) == [
        (1, 1, MET),
        (0, 2, DUE),
        (2, 3, DUE),
    ]


def test_around_the_end(placement):
    observed(placement, START + timedelta(days=10))
    observed(placement, START + timedelta(days=60), role=Role.ONSITE_SUPERVISOR)
    assert states(placement, END) == [(1, 1, MET), (1, 2, DUE), (2, 3, DUE)]
    assert states(placement, END + timedelta(days=1)) == [
        (1, 1, MET),
        (1, 2, OVERDUE),
        (2, 3, OVERDUE),
    ]
    observed(placement, END - timedelta(days=1), status=O.LOCKED)
    assert states(placement, END + timedelta(days=1)) == [(1, 1, MET), (2, 2, MET), (3, 3, MET)]


def test_planned_and_cancelled_observations_do_not_count(placement):
    observed(placement, START + timedelta(days=5), status=O.PLANNED)
    observed(placement, START + timedelta(days=6), status=O.CANCELLED)
    for status in (O.DRAFT, O.AWAITING_STUDENT, O.AWAITING_OBSERVER):
        observed(placement, START + timedelta(days=7), status=status)
    checklist = observation_checklist(placement, today=START + timedelta(days=8))
    assert [line.done for line in checklist.lines] == [3, 3, 3]
    assert len(checklist.observations) == 5  # all are listed, oldest first
    assert [o.date for o in checklist.observations] == sorted(
        o.date for o in checklist.observations
    )


def test_an_amended_observation_and_its_correction_count_once(placement):
    original = observed(placement, START + timedelta(days=5), status=O.LOCKED)
    # Made directly, as the amendment rule would (the services are tested elsewhere).
    observed(placement, original.date, status=O.DRAFT, amends=original)
    assert [line.done for line in observation_checklist(placement, today=END).lines] == [1, 1, 1]


def test_the_placement_page_section_shows_the_checklist(placement):
    observed(placement, START + timedelta(days=5))
    html = render_to_string(
        "supervision/placement/_observations.html",
        {"checklist": observation_checklist(placement, today=START), "placement": placement},
    )
    assert "At least 1 observation before the midpoint (22 October 2026)" in html
    assert "Met" in html and "Due" in html
    assert f"/portal/supervision/placements/{placement.pk}/observations/" in html


# --- overdue_for: the contract the RAG status reads ------------------------------------


def test_nothing_is_overdue_while_every_line_is_due_or_met(placement):
    assert observations_overdue_for([placement], today=MIDPOINT) == {placement.pk: []}


def test_the_overdue_observations_earliest_due_first(placement):
    observed(placement, MIDPOINT + timedelta(days=3), role=Role.OTHER)
    after_midpoint = observations_overdue_for([placement], today=MIDPOINT + timedelta(days=5))
    assert after_midpoint == {
        placement.pk: [OverdueObservation("the one before the midpoint", MIDPOINT)]
    }
    after_end = observations_overdue_for([placement], today=END + timedelta(days=1))[placement.pk]
    assert after_end == [
        OverdueObservation("the one before the midpoint", MIDPOINT),
        OverdueObservation("the first by the practice educator", END),
        OverdueObservation("the second by the practice educator", END),
    ]


def test_the_total_lists_only_what_the_other_lines_do_not(placement):
    observed(placement, START + timedelta(days=3))
    overdue = observations_overdue_for([placement], today=END + timedelta(days=1))[placement.pk]
    assert overdue == [
        OverdueObservation("the second by the practice educator", END),
        OverdueObservation("the third observation", END),
    ]


def test_placements_not_started_or_not_live_have_nothing_overdue():
    later = PlacementFactory(
        starts_on=START + timedelta(days=200), ends_on=END + timedelta(days=200)
    )
    passed = PlacementFactory(starts_on=START, ends_on=END, status=Placement.Status.PASSED)
    draft = PlacementFactory(starts_on=START, ends_on=END, status=Placement.Status.DRAFT)
    today = END + timedelta(days=10)
    answer = observations_overdue_for([later, passed, draft], today=today)
    assert answer == {later.pk: [], passed.pk: [], draft.pk: []}


def test_overdue_observations_turn_the_rag_status_amber_then_red(placement):
    placement_rag = placement_rag_for([placement], today=MIDPOINT + timedelta(days=5))[placement.pk]
    assert placement_rag.status in (AMBER, RED)
    assert any("the one before the midpoint" in reason for reason in placement_rag.reasons)


@pytest.mark.parametrize("count", [5, 50])
def test_a_fixed_number_of_queries_for_many_placements(count, django_assert_num_queries):
    educator = EducatorProfileFactory().user
    course = CourseFactory()
    for _ in range(count):
        placement = PlacementFactory(
            course=course, practice_educator=educator, starts_on=START, ends_on=END
        )
        observed(placement, START + timedelta(days=4))
        observed(placement, MIDPOINT + timedelta(days=4), role=Role.OTHER, observer=educator)
    placements = list(Placement.objects.filter(course=course))
    with django_assert_num_queries(2):  # the courses, and every observation
        checklists = checklists_for(placements, today=END)
    with django_assert_num_queries(2):
        overdue = observations_overdue_for(placements, today=END + timedelta(days=1))
    assert len(checklists) == len(overdue) == count
    assert all(len(answer) == 1 for answer in overdue.values())  # the second by the PE
    # With the courses already loaded, one query.
    placements = list(Placement.objects.filter(course=course).select_related("course"))
    with django_assert_num_queries(1):
        observations_overdue_for(placements, today=END)
