"""The evaluation report (issue 18, requirement 7): which enrolments and checks
count, the CP-plan reduction, the other figures, small groups suppressed, and
the page with its range, chart, table and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.programmes.models import Enrolment, OutcomeCheck
from placements.programmes.selectors.evaluation import percent, programme_evaluation
from portal.accounts.roles import Role
from tests.factories import user_with_role

from .delivery_support import coordinator_of, other_programme, worker_on
from .outcomes_support import family, goals, rosenberg
from .support import pocar

pytestmark = pytest.mark.django_db

P = OutcomeCheck.Point
ENDED = date(2025, 3, 10)


@pytest.fixture
def pocar_programme():
    return pocar()


def recorded(completion, three, twelve):
    return {P.COMPLETION: (completion,), P.THREE_MONTHS: (three,), P.TWELVE_MONTHS: (twelve,)}


@pytest.fixture
def cohort(pocar_programme):
    """Eight children on a plan at referral and two in need, all followed up."""
    paths = [
        ("cp", "cp", "cp", "cp"),
        ("cp", "cp", "cp", "cin"),
        ("cp", "cp", "cp", "none"),
        ("cp", "cp", "cin", "none"),
        ("cp", "cin", "cin", "none"),
        ("cp", "cin", "cin", "none"),
        ("cp", "cp", "cp", "lac"),
        ("cp", "cin", "none", "none"),
        ("cin", "cin", "cp", "cp"),  # a new plan after the programme counts against it
        ("cin", "cin", "cin", "none"),
    ]
    by = coordinator_of(pocar_programme)
    return [
        family(
            pocar_programme, statuses=(first,), ended_on=ENDED, by=by, follow_ups=recorded(*rest)
        )
        for first, *rest in paths
    ]


def test_percentages_are_whole_numbers_with_halves_rounded_up():
    assert percent(21, 40) == 53  # 52.5: NEF's 53%
    assert percent(34, 40) == 85
    assert percent(33, 40) == 83  # 82.5
    assert percent(1, 3) == 33
    assert percent(0, 0) is None


def test_the_cp_figures_compare_plans_at_referral_with_plans_at_3_and_12_months(
    pocar_programme, cohort
):
    evaluation = programme_evaluation(pocar_programme)
    assert evaluation.enrolments == 10 and evaluation.n_children == 10
    assert evaluation.value("cp_plans_baseline") == 8
    assert evaluation.value("cp_plans_3m") == 5  # four of the eight, and the new plan
    assert evaluation.value("cp_reduction_3m") == percent(8 - 5, 8) == 38  # 37.5
    assert evaluation.value("cp_plans_12m") == 2
    assert evaluation.value("cp_reduction_12m") == 75
    assert evaluation.figures["cp_reduction_12m"].n == 8
    assert evaluation.suppressed == ["goal_change", "rosenberg_change"]  # none scored: n = 0


def test_looked_after_status_changes_goals_and_self_esteem(pocar_programme, cohort):
    for enrolment in cohort[:5]:
        goals(enrolment, (2, 6), (3, 5), (4, None))  # the unfinished goal is left out
        rosenberg(enrolment, 12, 18)
    rosenberg(cohort[5], 10, None)  # no end score: left out
    evaluation = programme_evaluation(pocar_programme)
    assert evaluation.value("looked_after_12m") == 10  # 1 of 10
    # completion → 3 months: cin→cp, cp→cin, cin→none
    assert evaluation.value("status_changes_3m") == 3
    assert evaluation.figures["status_changes_3m"].n == 10
    assert evaluation.value("goal_change") == 3.0
    assert evaluation.figures["goal_change"].n == 10
    assert evaluation.value("rosenberg_change") == 6.0
    assert evaluation.figures["rosenberg_change"].n == 5


def test_only_completed_enrolments_ending_in_the_range_count(pocar_programme, cohort):
    by = coordinator_of(pocar_programme)
    family(pocar_programme, ended_on=ENDED, enrolment_status=Enrolment.Status.NOT_COMPLETED, by=by)
    family(pocar_programme, ended_on=ENDED, enrolment_status=Enrolment.Status.LEFT, by=by)
    family(pocar_programme, ended_on=date(2024, 1, 5), by=by)
    assert programme_evaluation(pocar_programme).enrolments == 11
    in_range = programme_evaluation(
        pocar_programme, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    )
    assert in_range.enrolments == 10
    assert programme_evaluation(pocar_programme, date_to=date(2024, 12, 31)).enrolments == 1
    assert programme_evaluation(pocar_programme, date_from=ENDED + timedelta(1)).enrolments == 0


def test_a_check_still_due_counts_on_neither_side_and_is_reported(pocar_programme, cohort):
    by = coordinator_of(pocar_programme)
    for _ in range(3):  # on a plan at referral, 3 and 12 months not recorded
        family(pocar_programme, ended_on=ENDED, by=by, follow_ups={P.COMPLETION: ("cp",)})
    evaluation = programme_evaluation(pocar_programme, today=date(2026, 1, 1))
    assert evaluation.value("cp_plans_baseline") == 11
    assert evaluation.value("cp_reduction_12m") == 75  # still over the 8 followed up
    assert evaluation.still_due[P.THREE_MONTHS] == (3, 3)
    assert evaluation.still_due[P.TWELVE_MONTHS] == (3, 0)
    assert evaluation.checks_still_due == 6


def test_a_figure_about_fewer_than_5_is_suppressed(pocar_programme):
    by = coordinator_of(pocar_programme)
    for _ in range(4):
        family(pocar_programme, ended_on=ENDED, by=by, follow_ups=recorded("cp", "cp", "none"))
    evaluation = programme_evaluation(pocar_programme)
    figure = evaluation.figures["cp_reduction_12m"]
    assert (figure.n, figure.value, figure.suppressed, figure.shown) == (4, 100, True, None)
    assert figure.display == "fewer than 5"
    assert "cp_plans_baseline" in evaluation.suppressed
    family(pocar_programme, ended_on=ENDED, by=by, follow_ups=recorded("cp", "cp", "cp"))
    assert programme_evaluation(pocar_programme).value("cp_reduction_12m") == 80


# --- the page ---------------------------------------------------------------------------------


def url_of(programme, **query) -> str:
    url = reverse("programmes:programme_evaluation", args=[programme.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_team_member_sees_the_figures_chart_and_table(client, pocar_programme, cohort):
    client.force_login(worker_on(pocar_programme))
    response = client.get(url_of(pocar_programme, **{"from": "2025-01-01", "to": "2025-12-31"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="img"' in page and 'aria-label="Children on a child protection plan' in page
    assert 'data-testid="cp-table"' in page
    assert '<tr class="govuk-table__row" data-figure="cp_reduction_12m">' in page
    assert "75%" in page
    assert "10 parents completed the programme" in page


def test_the_chart_and_table_say_fewer_than_5_instead_of_a_small_number(client, pocar_programme):
    by = coordinator_of(pocar_programme)
    for _ in range(3):
        family(pocar_programme, ended_on=ENDED, by=by, follow_ups=recorded("cp", "cp", "none"))
    client.force_login(by)
    page = client.get(url_of(pocar_programme)).content.decode()
    assert "fewer than 5" in page
    assert "<rect" not in page


def test_a_start_after_the_end_is_an_error_and_shows_no_figures(client, pocar_programme, cohort):
    client.force_login(worker_on(pocar_programme))
    response = client.get(url_of(pocar_programme, **{"from": "2025-12-31", "to": "2025-01-01"}))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "to": ["The end of the range must be on or after its start."]
    }
    assert response.context["evaluation"] is None
    assert "govuk-error-summary" in response.content.decode()


def test_a_date_that_is_not_a_date_is_an_error(client, pocar_programme):
    client.force_login(worker_on(pocar_programme))
    response = client.get(url_of(pocar_programme, **{"from": "31-02-2025"}))
    assert "from" in response.context["form"].errors
    csv_response = client.get(url_of(pocar_programme, **{"from": "nonsense", "format": "csv"}))
    assert "Content-Disposition" not in csv_response


def test_the_csv_has_a_row_per_figure_with_n_and_suppressed(client, pocar_programme, cohort):
    client.force_login(worker_on(pocar_programme))
    response = client.get(url_of(pocar_programme, **{"from": "2025-01-01", "format": "csv"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_figure = {row["figure"]: row for row in rows}
    assert len(rows) == len(by_figure) == 9
    assert by_figure["cp_reduction_12m"]["value"] == "75"
    assert by_figure["cp_reduction_12m"]["n"] == "8"
    assert by_figure["cp_reduction_12m"]["suppressed"] == "no"
    assert by_figure["rosenberg_change"]["value"] == ""
    assert by_figure["rosenberg_change"]["suppressed"] == "yes"
    assert {row["from"] for row in rows} == {"2025-01-01"}


def test_someone_outside_the_programme_does_not_find_the_page(client, pocar_programme):
    client.force_login(worker_on(other_programme()))
    assert client.get(url_of(pocar_programme)).status_code == 404
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(url_of(pocar_programme)).status_code == 404
    client.logout()
    assert client.get(url_of(pocar_programme)).status_code == 302


@pytest.mark.parametrize("families", [5, 50])
def test_the_page_makes_a_constant_number_of_queries(
    client, pocar_programme, django_assert_max_num_queries, families
):
    by = coordinator_of(pocar_programme)
    for index in range(families):
        enrolment = family(
            pocar_programme,
            statuses=("cp", "cin"),
            ended_on=ENDED,
            by=by,
            follow_ups={
                P.COMPLETION: ("cp", "cin"),
                P.THREE_MONTHS: ("cp", "none"),
                P.TWELVE_MONTHS: ("none" if index % 2 else "cp", "none"),
            },
        )
        goals(enrolment, (2, 5), (3, 4))
        rosenberg(enrolment, 10, 15)
    client.force_login(by)
    with django_assert_max_num_queries(14):
        response = client.get(url_of(pocar_programme))
    assert response.context["evaluation"].n_children == families * 2
    with django_assert_max_num_queries(14):
        assert client.get(url_of(pocar_programme, format="csv")).status_code == 200
