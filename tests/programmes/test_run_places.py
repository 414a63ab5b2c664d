"""The waiting list and places on a run (issue 19, requirement 3): families are
invited to a planned run checked on its first day (ages, sobriety, treatment),
places are counted and never overfilled, a family moves between runs or
declines with a reason, and every refusal changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from placements.programmes.models import Referral, Run, RunPlace
from placements.programmes.services.interest import InterestChild, interest_register
from placements.programmes.services.runs import (
    run_invite,
    run_place_decline,
    run_place_move,
)
from portal.audit.models import AccessEvent
from portal.models import EmailOutbox

from .people import programme_worker, provider_coordinator
from .support import pocar

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)


@pytest.fixture
def run(programme):
    return Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=4)


@pytest.fixture
def later(programme):
    return Run.objects.create(
        programme=programme, starts_on=date(2027, 6, 7), venue="Sjövik", places=4
    )


def family(programme, *children, sober_days=90, stage="aftercare", name="Vera Testberg"):
    """A registration; `children` are (first name, date of birth)."""
    return interest_register(
        programme=programme,
        details={
            "parent_name": name,
            "parent_email": "vera@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": stage,
            "sober_since": TODAY - timedelta(days=sober_days),
            "parent_consent": True,
        },
        children=[
            InterestChild(n, first, born, "none")
            for n, (first, born) in enumerate(children or [("Idun", date(2018, 5, 1))], start=1)
        ],
    )


def test_a_family_is_invited_and_told_in_their_language(programme, run, worker):
    made = family(programme, ("Idun", date(2018, 5, 1)), ("Ask", date(2015, 1, 1)))
    EmailOutbox.objects.all().delete()
    place = run_invite(run=run, referral=made, by=worker)
    assert place.status == RunPlace.Status.INVITED and place.children_count == 2
    assert place.sober_since == made.sober_since and place.invited_on == TODAY
    (email,) = EmailOutbox.objects.all()
    assert "12 april 2027" in email.message and "15 april 2027" in email.message
    assert made.reference in email.subject and "Idun" not in email.message


def test_only_the_children_who_are_seven_to_twelve_on_the_first_day_take_places(
    programme, run, worker
):
    too_young = FIRST_DAY.replace(year=2020) + timedelta(days=1)
    made = family(programme, ("Idun", date(2018, 5, 1)), ("Tove", too_young))
    assert run_invite(run=run, referral=made, by=worker).children_count == 1


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"sober_days": 10}, "sober for 43 days on 12 April 2027; 30 are needed"),
        ({"stage": "in_treatment"}, "in primary treatment"),
    ],
)
def test_a_family_who_does_not_fit_the_first_day_is_refused_with_the_reason(
    programme, run, worker, changes, words
):
    made = family(programme, **changes) if "stage" in changes else None
    if made is None:
        # Sober 10 days before today: 43 days on the first day, so make the rule 60.
        programme.min_sober_days = 60
        programme.save()
        made = family(programme, sober_days=10)
        words = "sober for 43 days on 12 April 2027; 60 are needed"
    with pytest.raises(ValidationError, match=words):
        run_invite(run=run, referral=made, by=worker)
    assert not RunPlace.objects.exists()


def test_no_child_of_age_is_refused_naming_their_ages(programme, run, worker):
    made = family(programme, ("Liv", date(2021, 1, 1)))
    refusal = "no child is 7 to 12 on 12 April 2027 \\(Liv is 6\\)"
    with pytest.raises(ValidationError, match=refusal):
        run_invite(run=run, referral=made, by=worker)


def test_a_full_run_is_never_overfilled(programme, run, worker):
    first = family(programme, *[(n, date(2017, 1, 1)) for n in ("A", "B", "C")])
    run_invite(run=run, referral=first, by=worker)
    second = family(programme, ("D", date(2017, 1, 1)), ("E", date(2017, 1, 1)), name="Bo")
    with pytest.raises(ValidationError, match="has 1 place left; this family needs 2"):
        run_invite(run=run, referral=second, by=worker)
    assert RunPlace.objects.count() == 1


def test_a_run_that_has_started_or_was_cancelled_takes_no_invitations(
    programme, run, worker, clock
):
    made = family(programme)
    run.status = Run.Status.CANCELLED
    run.save()
    with pytest.raises(ValidationError, match="planned run that has not started"):
        run_invite(run=run, referral=made, by=worker)
    assert not RunPlace.objects.exists()


def test_a_family_with_a_place_is_moved_not_invited_again(programme, run, later, worker):
    made = family(programme)
    place = run_invite(run=run, referral=made, by=worker)
    with pytest.raises(ValidationError, match="already has a place"):
        run_invite(run=later, referral=made, by=worker)
    with pytest.raises(ValidationError, match="Enter why"):
        run_place_move(place=place, to_run=later, reason=" ", by=worker)
    moved = run_place_move(place=place, to_run=later, reason="School camp that week", by=worker)
    place.refresh_from_db()
    assert place.status == RunPlace.Status.MOVED and place.moved_to == moved
    assert place.reason == "School camp that week"
    assert moved.run == later and moved.status == RunPlace.Status.INVITED


def test_a_declined_place_frees_it_and_the_family_waits_again(programme, run, worker, client):
    made = family(programme)
    place = run_invite(run=run, referral=made, by=worker)
    with pytest.raises(ValidationError):
        run_place_decline(place=place, reason="", by=worker)
    run_place_decline(place=place, reason="Not ready yet", by=worker)
    client.force_login(worker)
    page = client.get(reverse("programmes:waiting_list", args=[programme.slug])).content.decode()
    assert made.reference in page and "3 of 4 places left" not in page


def test_the_invitation_is_for_the_team_of_the_programme_only(programme, run):
    made = family(programme)
    with pytest.raises(Http404):
        run_invite(run=run, referral=made, by=programme_worker(pocar()))
    run_invite(run=run, referral=made, by=provider_coordinator(programme))
    assert RunPlace.objects.count() == 1


def test_a_pocar_referral_cannot_take_a_run_place(programme, run):
    from .people import referral as pocar_referral

    pocar_made = pocar_referral(pocar())
    worker = programme_worker(pocar_made.programme)
    with pytest.raises((ValidationError, PermissionDenied, Http404)):
        run_invite(run=run, referral=pocar_made, by=worker)
    assert not RunPlace.objects.exists()


# --- the pages ---------------------------------------------------------------------------------


def test_the_waiting_list_shows_demand_and_families_by_reference(
    programme, run, worker, client, django_assert_max_num_queries
):
    fits = family(programme)
    young = family(programme, ("Liv", date(2021, 1, 1)), name="Bo")
    client.force_login(worker)
    url = reverse("programmes:waiting_list", args=[programme.slug])
    page = client.get(url).content.decode()
    assert fits.reference in page and young.reference in page
    assert "Fits" in page and "From 1 Jan 2028" in page
    assert "Vera Testberg" not in page and "Idun" not in page  # references only
    assert "Norrby" in page and "2027-03" in page
    assert "12 April 2027 to 15 April 2027: 4 of 4 places left" in page
    for n in range(8):
        family(programme, name=f"Parent {n}")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_waiting_list_is_for_the_programmes_team(programme, run, client):
    url = reverse("programmes:waiting_list", args=[programme.slug])
    client.force_login(programme_worker(pocar()))
    assert client.get(url).status_code == 404
    client.force_login(programme_worker(programme))
    assert client.get(reverse("programmes:waiting_list", args=["pocar"])).status_code == 404


def test_a_worker_invites_from_the_registration_page(programme, run, worker, client):
    made = family(programme)
    client.force_login(worker)
    detail = client.get(reverse("programmes:referral_detail", args=[made.pk])).content.decode()
    assert "Invite to a run" in detail
    url = reverse("programmes:run_invite", args=[made.pk])
    form = client.get(url).content.decode()
    assert "12 April 2027 to 15 April 2027 (4 places left)" in form
    refused = client.post(url, {"run": ""})
    assert refused.status_code == 200 and "Select the run" in refused.content.decode()
    assert not RunPlace.objects.exists()
    response = client.post(url, {"run": str(run.pk)})
    assert response.status_code == 302
    assert RunPlace.objects.get().referral == made
    assert AccessEvent.objects.filter(user=worker).count() >= 2  # the pages that showed them
    detail = client.get(reverse("programmes:referral_detail", args=[made.pk])).content.decode()
    assert "Invite to a run" not in detail and "Invited" in detail


def test_move_and_decline_pages_refuse_without_a_reason(programme, run, later, worker, client):
    made = family(programme)
    place = run_invite(run=run, referral=made, by=worker)
    client.force_login(worker)
    move = reverse("programmes:run_place_move", args=[place.pk])
    page = client.post(move, {"run": str(later.pk), "reason": ""}).content.decode()
    assert "There is a problem" in page
    assert RunPlace.objects.get().status == RunPlace.Status.INVITED
    assert client.post(move, {"run": str(later.pk), "reason": "Camp"}).status_code == 302
    new = RunPlace.objects.get(status=RunPlace.Status.INVITED)
    decline = reverse("programmes:run_place_decline", args=[new.pk])
    assert client.post(decline, {"reason": "Moved away"}).status_code == 302
    assert Referral.objects.get().run_places.filter(status="declined").count() == 1
