"""The parent's Rosenberg self-esteem total at the start and the end (issue 18,
requirement 6): recording, correcting, refusals and the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from placements.programmes.models import SelfEsteemScore
from placements.programmes.services.outcomes import self_esteem_record
from portal.audit.models import AccessEvent

from .delivery_support import other_programme, worker_on
from .outcomes_support import family
from .support import pocar

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def pocar_programme():
    return pocar()


@pytest.fixture
def keyworker(pocar_programme):
    return worker_on(pocar_programme)


@pytest.fixture
def enrolment(pocar_programme, keyworker):
    return family(pocar_programme, care_coordinator=keyworker, ended_on=TODAY() - timedelta(days=3))


def record(enrolment, by, **changes):
    kwargs = {"point": "start", "score": 12, "recorded_on": TODAY(), **changes}
    return self_esteem_record(enrolment=enrolment, by=by, **kwargs)


def test_the_care_coordinator_records_start_and_end_and_corrects_with_history(enrolment, keyworker):
    record(enrolment, keyworker, point="start", score=11)
    record(enrolment, keyworker, point="end", score=19)
    corrected = record(enrolment, keyworker, point="end", score=20)
    assert SelfEsteemScore.objects.filter(enrolment=enrolment).count() == 2
    assert corrected.score == 20
    assert list(corrected.history.order_by("history_id").values_list("score", flat=True)) == [
        19,
        20,
    ]
    assert corrected.history.latest().history_user == keyworker


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"score": 31}, "score"),
        ({"score": -1}, "score"),
        ({"score": None}, "score"),
        ({"point": "middle"}, "point"),
        ({"recorded_on": None}, "recorded_on"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(enrolment, keyworker, changes, field):
    with pytest.raises(ValidationError) as caught:
        record(enrolment, keyworker, **changes)
    assert field in caught.value.message_dict
    assert not SelfEsteemScore.objects.exists()


def test_a_date_in_the_future_is_refused(enrolment, keyworker):
    with pytest.raises(ValidationError) as caught:
        record(enrolment, keyworker, recorded_on=TODAY() + timedelta(days=1))
    assert caught.value.message_dict == {"recorded_on": ["The date cannot be in the future."]}


def test_another_team_member_is_refused_and_another_programme_does_not_find_it(
    pocar_programme, enrolment
):
    with pytest.raises(PermissionDenied):
        record(enrolment, worker_on(pocar_programme))
    with pytest.raises(Http404):
        record(enrolment, worker_on(other_programme()))
    assert not SelfEsteemScore.objects.exists()


def test_the_page_shows_the_scores_logs_the_read_and_records(client, enrolment, keyworker):
    record(enrolment, keyworker, point="start", score=10)
    url = reverse("programmes:self_esteem_record", args=[enrolment.pk])
    client.force_login(keyworker)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["point"] == "end"
    assert AccessEvent.objects.filter(user=keyworker, object_id=str(enrolment.referral_id)).exists()
    response = client.post(url, {"point": "end", "score": "17", "recorded_on": TODAY().isoformat()})
    assert response.status_code == 302
    shown = client.get(url).content.decode()
    assert "+7" in shown


def test_the_page_shows_an_out_of_range_score_as_an_error(client, enrolment, keyworker):
    client.force_login(keyworker)
    response = client.post(
        reverse("programmes:self_esteem_record", args=[enrolment.pk]),
        {"point": "start", "score": "40", "recorded_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"score": ["A Rosenberg score is between 0 and 30."]}
    assert not SelfEsteemScore.objects.exists()


def test_the_page_is_403_for_another_team_member_and_404_for_another_programme(
    client, pocar_programme, enrolment
):
    url = reverse("programmes:self_esteem_record", args=[enrolment.pk])
    client.force_login(worker_on(pocar_programme))
    assert client.get(url).status_code == 403
    client.force_login(worker_on(other_programme()))
    assert client.get(url).status_code == 404
    assert client.get(reverse("programmes:self_esteem_record", args=[999999])).status_code == 404
