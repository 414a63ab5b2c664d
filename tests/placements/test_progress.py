"""The student's own progress (issue 16, requirement 4; placements/progress.py): the day
ledger, the evidence per PCF domain and what is next, on the student's dashboard and,
as the same panel, on the placement page for the practice educator and the tutor.
The dashboard's queries do not grow with the days or the evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Capability, DomainRating, Placement, PlacementDay
from placements.progress import DONE, DUE, NOT_YET, OVERDUE, TO_DO, WAITING
from portal.accounts.roles import Role
from supervision.models import Observation
from tests.factories import user_with_role
from tests.placements.factories import (
    EvidenceItemFactory,
    MidpointReviewFactory,
    PlacementFactory,
    StudentProfileFactory,
)
from tests.placements.support import (
    SECTIONS,
    confirm_days,
    detail_url,
    make_cast,
    sign_agreement,
    text,
)
from tests.supervision.factories import ObservationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/portal/"
S = Placement.Status


def student_panel(response):
    return next(p for p in response.context["panels"] if p.role == Role.STUDENT)


def steps_of(progress) -> dict[str, str]:
    """{title: state} of what is next."""
    return {step.title: step.state for step in progress.next_steps}


def pcf(number: int) -> Capability:
    return Capability.objects.get(
        version__framework__code="pcf", version__is_current=True, number=number
    )


# --- the student's dashboard ----------------------------------------------------------------


def test_the_students_dashboard_shows_days_evidence_and_what_is_next(client):
    cast = make_cast(status=S.ACTIVE, starts_on=timezone.localdate() - timedelta(days=28))
    placement = cast.placement
    confirm_days(placement, 5)
    PlacementDay.objects.create(
        placement=placement,
        date=timezone.localdate() - timedelta(days=1),
        kind=PlacementDay.Kind.PLACEMENT,
        hours=7,
    )
    EvidenceItemFactory(placement=placement, capabilities=[pcf(1), pcf(3)])
    EvidenceItemFactory(placement=placement, capabilities=[pcf(1)])
    DomainRating.objects.create(
        placement=placement, capability=pcf(1), rating="progressing", rated_by=cast.educator
    )
    client.force_login(cast.student)

    response = client.get(DASHBOARD)

    [progress] = student_panel(response).context["placements_progress"]
    assert (progress.ledger.required, progress.ledger.confirmed, progress.ledger.pending) == (
        70,
        5,
        1,
    )
    assert [d.evidence for d in progress.coverage] == [2, 0, 1, 0, 0, 0, 0, 0, 0]
    assert progress.coverage[0].rating.rating == "progressing"
    page = text(response)
    assert "will also be listed here" not in page
    assert "Your progress" in page
    assert "Confirmed days 5" in page and "Waiting for confirmation 1" in page
    assert "Remaining 65" in page
    assert "1. Professionalism 2 Progressing" in page
    assert "7 domains without evidence yet" in page
    # What is next: the agreement is not written yet, the midpoint is ahead, and the
    # direct observations come from supervision's registered source.
    steps = steps_of(progress)
    assert steps["Practice learning agreement"] == WAITING
    assert steps["Midpoint review"] == NOT_YET
    assert any(title.startswith("Direct observations") for title in steps)
    assert "What is next" in page
    assert reverse("placements:ledger", args=[placement.pk]) in response.content.decode()


def test_the_student_is_warned_when_behind_schedule(client):
    placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=60))
    client.force_login(placement.student)

    response = client.get(DASHBOARD)

    [progress] = student_panel(response).context["placements_progress"]
    assert progress.ledger.behind
    assert f"You are {progress.ledger.days_behind} days behind the expected pace" in text(response)


def test_a_student_without_a_placement_is_told_so_without_tables(client):
    student = StudentProfileFactory().user
    PlacementFactory(student=student, status=S.PASSED)  # finished: not current
    client.force_login(student)

    response = client.get(DASHBOARD)

    assert student_panel(response).context["placements_progress"] == []
    page = text(response)
    assert "When you have a placement, your placement days, your capability evidence" in page
    assert "govuk-task-list" not in response.content.decode()
    assert "PCF domain" not in page


def test_the_agreement_is_the_students_to_sign_then_signed(client):
    from placements.services.agreement import agreement_save

    cast = make_cast(status=S.ACTIVE)
    agreement_save(placement=cast.placement, by=cast.educator, **SECTIONS)
    client.force_login(cast.student)

    [progress] = student_panel(client.get(DASHBOARD)).context["placements_progress"]
    assert steps_of(progress)["Sign the practice learning agreement"] == TO_DO
    assert "Sign the practice learning agreement" in text(client.get(DASHBOARD))

    # The tutor, who has not signed either, sees it as theirs on the placement page.
    client.force_login(cast.tutor)
    progress = client.get(detail_url(cast.placement)).context["progress"]
    assert steps_of(progress)["Sign the practice learning agreement"] == TO_DO


def test_a_signed_agreement_and_a_held_review_are_done(client):
    cast = make_cast(status=S.MIDPOINT_REVIEWED)
    sign_agreement(cast.placement)
    MidpointReviewFactory(placement=cast.placement)
    client.force_login(cast.student)

    [progress] = student_panel(client.get(DASHBOARD)).context["placements_progress"]

    steps = steps_of(progress)
    assert steps["Practice learning agreement"] == DONE
    assert steps["Midpoint review"] == DONE


def test_an_overdue_midpoint_review_and_observations_are_marked(client):
    today = timezone.localdate()
    placement = PlacementFactory(
        starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=20)
    )
    client.force_login(placement.student)

    [progress] = student_panel(client.get(DASHBOARD)).context["placements_progress"]

    steps = steps_of(progress)
    assert steps["Midpoint review"] == OVERDUE
    observation_states = {s for t, s in steps.items() if t.startswith("Direct observations")}
    assert OVERDUE in observation_states  # the one before the midpoint
    assert DUE in observation_states  # the rest, due by the end


def test_observations_done_show_as_done(client):
    placement = PlacementFactory()
    course = placement.course
    for n in range(course.observations_total):
        ObservationFactory(
            placement=placement,
            date=placement.starts_on + timedelta(days=n + 1),
            observer=placement.practice_educator,
            status=Observation.Status.LOCKED,
        )
    client.force_login(placement.student)

    [progress] = student_panel(client.get(DASHBOARD)).context["placements_progress"]

    assert steps_of(progress)["Direct observations"] == DONE


def _fill(placement, count: int) -> None:
    confirm_days(placement, count)
    for _ in range(count):
        EvidenceItemFactory(placement=placement, capabilities=[pcf(1), pcf(2)])
    ObservationFactory(placement=placement)
    sign_agreement(placement)


def test_the_dashboards_queries_do_not_grow_with_days_or_evidence(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for count in (5, 50):
        placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=100))
        _fill(placement, count)
        client.force_login(placement.student)
        client.get(DASHBOARD)  # warm the content type cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(DASHBOARD)
        [progress] = student_panel(response).context["placements_progress"]
        assert progress.ledger.confirmed == count
        assert progress.coverage[0].evidence == count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- the placement page: the same panel for the practice educator and the tutor --------------


@pytest.mark.parametrize("who", ["educator", "tutor", "student"])
def test_the_placement_page_shows_the_same_panel(client, who):
    cast = make_cast(status=S.ACTIVE)
    confirm_days(cast.placement, 3)
    EvidenceItemFactory(placement=cast.placement)
    client.force_login(getattr(cast, who))

    response = client.get(detail_url(cast.placement))

    assert response.status_code == 200
    assert "placements/progress/panel.html" in [t.name for t in response.templates]
    progress = response.context["progress"]
    assert progress.ledger.confirmed == 3
    page = text(response)
    assert "Progress Placement days" in page
    assert "Confirmed days 3" in page
    assert "What is next" in page


def test_a_tutor_of_another_university_does_not_see_the_progress(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.extras()["other_tutor"])

    response = client.get(detail_url(cast.placement))

    assert response.status_code == 404
    assert b"Confirmed days" not in response.content


def test_a_colleague_tutor_is_not_asked_to_sign(client):
    from placements.services.agreement import agreement_save

    cast = make_cast(status=S.ACTIVE)
    agreement_save(placement=cast.placement, by=cast.educator, **SECTIONS)
    # A co-ordinator of the host sees the placement but signs nothing.
    client.force_login(cast.host_coordinator)

    progress = client.get(detail_url(cast.placement)).context["progress"]

    assert steps_of(progress)["Practice learning agreement"] == WAITING
    agreement_step = progress.next_steps[0]
    assert agreement_step.hint == (
        "Waiting for the student, the practice educator, the on-site supervisor, "
        "the university tutor"
    )


def test_a_finished_placement_has_nothing_next(client):
    cast = make_cast(status=S.PASSED)
    client.force_login(cast.tutor)

    response = client.get(detail_url(cast.placement))

    assert response.context["progress"].next_steps == []
    assert "Nothing is next: this placement has finished." in text(response)


def test_only_the_student_holds_the_role_needed(client):
    """A user with no placement role is not shown a student's progress panel."""
    user = user_with_role(Role.LIFESTORY_WORKER)
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert not any(p.role == Role.STUDENT for p in response.context["panels"])
