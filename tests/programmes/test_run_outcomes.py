"""A run's outcomes (issue 19, requirement 7): the families who arrived with each
taking-part child and the parent, and the ratings before, after and 3 months on,
recorded on a faces scale by the programme's team; every refusal changes nothing.

`arrived` and `FIRST_DAY` are shared with test_run_report.py."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from placements.programmes.models import ChildRating, ParentRating, Run, RunPlace
from placements.programmes.services.interest import InterestChild, interest_register
from placements.programmes.services.run_outcomes import child_rating_record, parent_rating_record
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.factories import user_with_role

from .delivery_support import other_programme
from .people import programme_worker

pytestmark = pytest.mark.django_db

FIRST_DAY = date(2027, 4, 12)  # a Monday: the run's last day is 15 April
LAST_DAY = date(2027, 4, 15)
FOLLOW_UP_DUE = date(2027, 7, 15)
TODAY = date(2027, 8, 2)
_families = count(1)


def arrived(run: Run, *children, by, status=RunPlace.Status.CONFIRMED, support_group="none"):
    """A family with a place on `run` (arrived unless `status` says otherwise);
    `children` are (first name, date of birth), a 9-year-old by default."""
    number = next(_families)
    referral = interest_register(
        programme=run.programme,
        details={
            "parent_name": f"Parent Testsson{number}",
            "parent_email": f"parent{number}@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": "aftercare",
            "sober_since": run.starts_on - timedelta(days=200),
            "parent_consent": True,
        },
        children=[
            InterestChild(n, first, born, support_group)
            for n, (first, born) in enumerate(
                children or [(f"Barn{number}", date(2018, 1, 1))], start=1
            )
        ],
    )
    return RunPlace.objects.create(
        run=run,
        referral=referral,
        status=status,
        children_count=len(children or [1]),
        sober_since=run.starts_on - timedelta(days=200),
        invited_on=run.starts_on - timedelta(days=30),
        invited_by=by,
        arrived_on=run.starts_on if status == RunPlace.Status.CONFIRMED else None,
    )


@pytest.fixture
def programme_today():
    return TODAY


@pytest.fixture
def run(programme):
    return Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=10)


@pytest.fixture
def family(run, worker):
    return arrived(run, ("Idun", date(2018, 5, 1)), ("Askeladd", date(2012, 1, 1)), by=worker)


def idun(place):
    return place.referral.children.get(name="Idun")


def record_child(place, by, **changes):
    values = {
        "place": place,
        "child": changes.pop("child", None) or idun(place),
        "point": "before",
        "home": 2,
        "talking": 3,
        "recorded_on": FIRST_DAY,
        "by": by,
    }
    return child_rating_record(**{**values, **changes})


def test_the_page_lists_the_families_who_arrived_and_logs_the_reads(client, run, worker, family):
    invited = arrived(run, ("Nora", date(2017, 2, 2)), by=worker, status=RunPlace.Status.INVITED)
    record_child(family, worker)
    client.force_login(worker)
    response = client.get(reverse("programmes:run_outcomes", args=[run.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert family.referral.parent_name in body and "Idun" in body
    assert "Home 2, talking 3" in body
    assert "Askeladd" not in body  # 15 on the first day: not taking part
    assert invited.referral.parent_name not in body and "Nora" not in body
    assert "15 July 2027" in body  # the follow-up's due date
    logged = AccessEvent.objects.filter(user=worker, path__contains="/outcomes/")
    assert [e.object_id for e in logged] == [str(family.referral.pk)]


def test_a_child_rating_is_recorded_from_the_form_and_corrected_again(client, worker, family):
    client.force_login(worker)
    url = reverse("programmes:run_child_rating", args=[family.pk, idun(family).pk, "after"])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 – a very sad face" in body and "5 – a very happy face" in body
    response = client.post(url, {"home": "4", "talking": "5", "recorded_on": "2027-04-15"})
    assert response.status_code == 302
    rating = ChildRating.objects.get(place=family, point="after")
    assert (rating.home, rating.talking, rating.recorded_on) == (4, 5, LAST_DAY)
    client.post(url, {"home": "3", "talking": "5", "recorded_on": "2027-04-16"})
    rating.refresh_from_db()
    assert rating.home == 3 and rating.history.count() == 2
    assert ChildRating.objects.count() == 1


def test_a_parent_rating_is_recorded_from_the_form(client, worker, family):
    client.force_login(worker)
    url = reverse("programmes:run_parent_rating", args=[family.pk, "follow_up"])
    response = client.post(url, {"relationship": "4", "recorded_on": "2027-07-20"})
    assert response.status_code == 302
    assert ParentRating.objects.get(place=family).relationship == 4


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"home": 6}, "1 to 5"),
        ({"talking": 0}, "1 to 5"),
        ({"recorded_on": TODAY + timedelta(days=1)}, "future"),
        ({"recorded_on": None}, "Enter the date"),
        ({"point": "before", "recorded_on": FIRST_DAY + timedelta(days=1)}, "first day"),
        ({"point": "after", "recorded_on": LAST_DAY - timedelta(days=1)}, "last day"),
        ({"point": "follow_up", "recorded_on": FOLLOW_UP_DUE - timedelta(days=1)}, "15 July"),
        ({"point": "later"}, "Choose before"),
    ],
)
def test_a_rating_out_of_bounds_is_refused_and_nothing_changes(worker, family, changes, words):
    with pytest.raises(ValidationError) as refused:
        record_child(family, worker, **changes)
    assert words in " ".join(refused.value.messages)
    assert not ChildRating.objects.exists()


def test_the_follow_up_is_recorded_from_its_due_date(worker, family):
    rating = record_child(family, worker, point="follow_up", recorded_on=FOLLOW_UP_DUE)
    assert rating.point == "follow_up"


def test_a_score_of_6_posted_is_an_error_on_the_form(client, worker, family):
    client.force_login(worker)
    url = reverse("programmes:run_child_rating", args=[family.pk, idun(family).pk, "before"])
    response = client.post(url, {"home": "6", "talking": "2", "recorded_on": "2027-04-12"})
    assert response.status_code == 200
    assert "Choose a face from 1 to 5" in response.content.decode()
    assert not ChildRating.objects.exists()


def test_a_future_date_posted_is_an_error_on_the_form(client, worker, family):
    client.force_login(worker)
    url = reverse("programmes:run_parent_rating", args=[family.pk, "after"])
    response = client.post(url, {"relationship": "3", "recorded_on": "2027-08-03"})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not ParentRating.objects.exists()


def test_a_family_that_did_not_arrive_is_not_rated(client, run, worker):
    invited = arrived(run, ("Nora", date(2017, 2, 2)), by=worker, status=RunPlace.Status.INVITED)
    with pytest.raises(ValidationError, match="arrived"):
        parent_rating_record(
            place=invited, point="before", relationship=3, recorded_on=FIRST_DAY, by=worker
        )
    client.force_login(worker)
    url = reverse("programmes:run_parent_rating", args=[invited.pk, "before"])
    assert client.get(url).status_code == 302
    response = client.post(url, {"relationship": "3", "recorded_on": "2027-04-12"})
    assert response.status_code == 302
    assert not ParentRating.objects.exists()


def test_a_child_not_taking_part_is_not_rated(client, run, worker, family):
    ask = family.referral.children.get(name="Askeladd")  # 15 on the first day
    other = arrived(run, by=worker)
    for child in (ask, other.referral.children.get()):
        with pytest.raises(ValidationError, match="not taking part"):
            record_child(family, worker, child=child)
    client.force_login(worker)
    url = reverse("programmes:run_child_rating", args=[family.pk, ask.pk, "before"])
    assert client.get(url).status_code == 404
    assert not ChildRating.objects.exists()


def test_another_providers_worker_and_a_student_get_not_found(client, run, worker, family):
    outsiders = [programme_worker(other_programme()), user_with_role(Role.STUDENT)]
    urls = [
        reverse("programmes:run_outcomes", args=[run.pk]),
        reverse("programmes:run_child_rating", args=[family.pk, idun(family).pk, "before"]),
        reverse("programmes:run_parent_rating", args=[family.pk, "before"]),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, url
            assert family.referral.parent_name not in response.content.decode()
        post = client.post(urls[2], {"relationship": "3", "recorded_on": "2027-04-12"})
        assert post.status_code == 404
        with pytest.raises(Http404):
            record_child(family, outsider)
    assert not ChildRating.objects.exists() and not ParentRating.objects.exists()
    assert not AccessEvent.objects.filter(user__in=outsiders).exists()


def test_an_unknown_point_is_not_found(client, worker, family):
    client.force_login(worker)
    url = reverse("programmes:run_parent_rating", args=[family.pk, "someday"])
    assert client.get(url).status_code == 404


def test_the_page_takes_a_constant_number_of_queries(
    client, run, worker, django_assert_max_num_queries
):
    for _ in range(6):
        place = arrived(run, by=worker)
        record_child(place, worker, child=place.referral.children.get())
    client.force_login(worker)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("programmes:run_outcomes", args=[run.pk])).status_code == 200
