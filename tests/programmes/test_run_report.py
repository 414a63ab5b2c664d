"""The run report (issue 19, requirement 7 and the report of 6): per run and per
year, the mean ratings before and after over the children (or parents) rated at
both, the share who improved, the follow-up with its own n, the children's
support-group paths; every figure under 5 suppressed, on the page and in the CSV;
the same number of queries whatever the number of runs."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.programmes.models import Run, SupportGroupStep
from placements.programmes.services.run_outcomes import child_rating_record, parent_rating_record
from portal.accounts.roles import Role
from portal.dates import add_months
from tests.factories import user_with_role

from .delivery_support import other_programme
from .people import programme_worker
from .test_run_outcomes import FIRST_DAY, TODAY, arrived

pytestmark = pytest.mark.django_db

SUPPRESSED = "fewer than 5"


@pytest.fixture
def programme_today():
    return TODAY


def make_run(programme, starts_on=FIRST_DAY):
    return Run.objects.create(programme=programme, starts_on=starts_on, venue="Sjövik", places=20)


def rated(run, by, *, home, talking=(3, 3), follow_up=None, parent=None, support_group="none"):
    """An arrived family with one child rated (before, after) on home and talking,
    optionally at the follow-up (home, talking), and the parent (before, after)."""
    place = arrived(run, by=by, support_group=support_group)
    child = place.referral.children.get()
    points = [("before", run.starts_on, home[0], talking[0])]
    points.append(("after", run.ends_on, home[1], talking[1]))
    if follow_up:
        points.append(("follow_up", add_months(run.ends_on, 3), *follow_up))
    for point, day, h, t in points:
        child_rating_record(
            place=place, child=child, point=point, home=h, talking=t, recorded_on=day, by=by
        )
    for point, day, score in zip(
        ("before", "after"), (run.starts_on, run.ends_on), parent or (), strict=False
    ):
        parent_rating_record(place=place, point=point, relationship=score, recorded_on=day, by=by)
    return place


def report_of(client, user, programme, **query):
    client.force_login(user)
    return client.get(reverse("programmes:run_report", args=[programme.slug]), query)


def measure(response, group, key):
    found = {
        g.key: g for g in [*response.context["report"].runs, *response.context["report"].years]
    }
    return next(m for m in found[group].measures if m["key"] == key)


def test_four_children_are_suppressed_and_five_are_shown(client, programme, worker):
    run = make_run(programme)
    for _ in range(4):
        rated(run, worker, home=(3, 4))
    response = report_of(client, worker, programme)
    home = measure(response, f"run-{run.pk}", "home")
    assert home["n"] == 4 and home["before"].suppressed and home["before"].shown is None
    assert SUPPRESSED in response.content.decode()
    rated(run, worker, home=(3, 4))
    home = measure(report_of(client, worker, programme), f"run-{run.pk}", "home")
    assert home["n"] == 5 and (home["before"].shown, home["after"].shown) == (3.0, 4.0)


def test_the_means_n_and_the_share_who_improved(client, programme, worker):
    run = make_run(programme)
    for before, after, parent in ((1, 2, 2), (2, 2, 2), (3, 4, 2), (4, 5, 2), (5, 5, 2)):
        rated(run, worker, home=(before, after), parent=(parent, 3 if before < 5 else 2))
    response = report_of(client, worker, programme)
    home = measure(response, f"run-{run.pk}", "home")
    assert (home["n"], home["before"].shown, home["after"].shown) == (5, 3.0, 3.6)
    assert home["improved"].shown == 60
    talking = measure(response, f"run-{run.pk}", "talking")
    assert (talking["before"].shown, talking["after"].shown, talking["improved"].shown) == (
        3.0,
        3.0,
        0,
    )
    relationship = measure(response, f"run-{run.pk}", "relationship")
    assert (relationship["n"], relationship["before"].shown, relationship["after"].shown) == (
        5,
        2.0,
        2.8,
    )
    assert relationship["improved"].shown == 80
    body = response.content.decode()
    assert "3.6" in body and "60 %" in body
    assert "Parent Testsson" not in body and "Barn" not in body  # no names in the report


def test_the_follow_up_has_its_own_n(client, programme, worker):
    run = make_run(programme)
    for n in range(6):
        rated(run, worker, home=(2, 3), follow_up=(4, 4) if n < 3 else None)
    home = measure(report_of(client, worker, programme), f"run-{run.pk}", "home")
    assert (home["n"], home["n_follow_up"]) == (6, 3)
    assert home["after"].shown == 3.0 and home["follow_up"].suppressed
    for _ in range(2):
        rated(run, worker, home=(2, 3), follow_up=(4, 1))
    home = measure(report_of(client, worker, programme), f"run-{run.pk}", "home")
    assert (home["n"], home["n_follow_up"]) == (8, 5)
    assert home["follow_up"].shown == 4.0 and home["improved_follow_up"].shown == 100


def test_runs_add_up_per_year_and_the_filters_pick_them(client, programme, worker):
    spring, summer = make_run(programme), make_run(programme, date(2027, 6, 7))
    earlier = make_run(programme, date(2026, 9, 7))
    for run in (spring, summer):
        for _ in range(3):
            rated(run, worker, home=(2, 4))
    rated(earlier, worker, home=(5, 5))
    response = report_of(client, worker, programme)
    assert measure(response, f"run-{spring.pk}", "home")["after"].suppressed
    year = measure(response, "year-2027", "home")
    assert (year["n"], year["after"].shown, year["improved"].shown) == (6, 4.0, 100)
    assert measure(response, "year-2026", "home")["n"] == 1
    only = report_of(client, worker, programme, year="2026").context["report"]
    assert [g.key for g in only.years] == ["year-2026"] and len(only.runs) == 1
    one = report_of(client, worker, programme, run=str(summer.pk)).context["report"]
    assert [g.key for g in one.runs] == [f"run-{summer.pk}"]
    bad = report_of(client, worker, programme, year="1999")
    assert bad.status_code == 200 and bad.context["report"] is None


def test_the_csv_matches_the_page_and_is_suppressed(client, programme, worker):
    run = make_run(programme)
    for n in range(5):
        rated(run, worker, home=(2, 3 + n % 2), follow_up=(4, 4) if n < 2 else None)
    page = report_of(client, worker, programme)
    response = report_of(client, worker, programme, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["group", "run or year", "what", "figure", "value", "n", "suppressed"]
    home = measure(page, f"run-{run.pk}", "home")
    label = str(home["label"])
    by_figure = {(r[0], r[3]): r for r in rows[1:] if r[2] == label}
    assert by_figure[("run", "mean before")][4:] == ["2.0", "5", "no"]
    assert by_figure[("run", "mean after")][4:] == [str(home["after"].shown), "5", "no"]
    assert by_figure[("run", "share improved after, per cent")][4:] == [
        str(home["improved"].shown),
        "5",
        "no",
    ]
    assert by_figure[("run", "mean at 3 months")][4:] == ["", "2", "yes"]
    assert by_figure[("year", "mean at 3 months")][4:] == ["", "2", "yes"]
    assert not any("Testsson" in cell or "Barn" in cell for row in rows for cell in row)


def test_the_two_paths_are_counted_and_suppressed_under_5(client, programme, worker):
    run = make_run(programme)
    for group, families in (("queued", 5), ("attending", 4), ("none", 5)):
        for _ in range(families):
            place = rated(run, worker, home=(3, 3), support_group=group)
    # The last "none" child started a support group before the run: after one.
    SupportGroupStep.objects.create(
        child=place.referral.children.get(),
        status="attending",
        on=date(2026, 1, 5),
        recorded_by=worker,
    )
    response = report_of(client, worker, programme)
    group = response.context["report"].runs[0]
    paths = {f.key: (f.n, f.shown) for f in group.paths}
    assert paths == {"path_before": (5, 5), "path_after": (5, 5), "path_none": (4, None)}
    assert "Run before a support group" in response.content.decode()


def test_the_report_takes_the_same_queries_for_one_run_and_three(
    client, programme, worker, django_assert_max_num_queries
):
    rated(make_run(programme), worker, home=(2, 3), parent=(2, 3))
    client.force_login(worker)
    url = reverse("programmes:run_report", args=[programme.slug])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for starts_on in (date(2027, 5, 3), date(2026, 5, 4)):
        run = make_run(programme, starts_on)
        for _ in range(3):
            rated(run, worker, home=(2, 3), parent=(2, 3), support_group="queued")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url, {"format": "csv"}).status_code == 200


def test_another_providers_worker_and_a_student_get_not_found(client, programme, worker):
    rated(make_run(programme), worker, home=(2, 3))
    for outsider in (programme_worker(other_programme()), user_with_role(Role.STUDENT)):
        assert report_of(client, outsider, programme).status_code == 404
        assert report_of(client, outsider, programme, format="csv").status_code == 404
