"""Causes for concern: the steps, their refusals, notifications and the pages."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from placements.models import Concern, Placement
from placements.services.concern import concern_raise, concern_step
from portal.accounts.roles import Role
from portal.models import Notification
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

S = Placement.Status
CS = Concern.Status


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


@pytest.fixture
def cast():
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    placement = PlacementFactory(onsite_supervisor=supervisor, status=S.ACTIVE)
    return placement, {
        "student": placement.student,
        "practice_educator": placement.practice_educator,
        "onsite_supervisor": supervisor,
        "tutor": placement.tutor,
        "coordinator": user_with_role(Role.COORDINATOR, placement.host),
        "outsider": user_with_role(Role.PRACTICE_EDUCATOR),
    }


def raised(placement, by=None) -> Concern:
    return concern_raise(
        placement=placement,
        by=by or placement.practice_educator,
        summary="Missed three visits without telling the team",
        action_plan="Weekly check-in with the PE; diary shared every Friday",
    )


def refresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- raising ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["student", "practice_educator", "onsite_supervisor", "tutor", "coordinator"]
)
def test_anyone_on_the_placement_or_a_coordinator_raises_a_concern_at_stage_1(cast, who):
    placement, people = cast
    concern = raised(placement, by=people[who])
    assert (concern.stage, concern.status) == (Concern.Stage.PRACTICE, CS.OPEN)
    assert concern.raised_by == people[who]
    assert concern.history.count() == 1


def test_an_outsider_cannot_raise_a_concern(cast):
    placement, people = cast
    with pytest.raises(PermissionDenied):
        raised(placement, by=people["outsider"])
    assert not Concern.objects.exists()


def test_a_concern_needs_a_summary_and_an_action_plan(cast):
    placement, _ = cast
    with pytest.raises(ValidationError) as refused:
        concern_raise(
            placement=placement, by=placement.practice_educator, summary=" ", action_plan=""
        )
    assert set(refused.value.message_dict) == {"summary", "action_plan"}
    assert not Concern.objects.exists()
    assert not Notification.objects.exists()


def test_raising_tells_everyone_on_the_placement_but_the_person_raising(cast):
    placement, people = cast
    raised(placement)
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {people[w].pk for w in ("student", "onsite_supervisor", "tutor")}


# --- escalating and resolving ------------------------------------------------------


def test_escalating_moves_to_stage_2_and_tells_the_tutor(cast):
    placement, people = cast
    concern = raised(placement)
    Notification.objects.all().delete()
    concern = concern_step(concern=concern, name="escalate", by=people["practice_educator"])
    assert (concern.stage, concern.status) == (Concern.Stage.TUTOR, CS.OPEN)
    tutor_note = Notification.objects.get(user=people["tutor"])
    assert "stage 2" in tutor_note.title
    assert not Notification.objects.filter(user=people["practice_educator"]).exists()


@pytest.mark.parametrize("who", ["student", "tutor", "onsite_supervisor", "outsider"])
def test_only_the_educator_or_a_coordinator_escalates(cast, who):
    placement, people = cast
    concern = raised(placement)
    with pytest.raises(PermissionDenied):
        concern_step(concern=concern, name="escalate", by=people[who])
    assert refresh(concern).stage == Concern.Stage.PRACTICE


def test_a_coordinator_escalates(cast):
    placement, people = cast
    concern = concern_step(concern=raised(placement), name="escalate", by=people["coordinator"])
    assert concern.stage == Concern.Stage.TUTOR


def test_escalating_twice_is_refused(cast):
    placement, people = cast
    concern = concern_step(concern=raised(placement), name="escalate", by=people["coordinator"])
    with pytest.raises(ValidationError, match="already at stage 2"):
        concern_step(concern=concern, name="escalate", by=people["coordinator"])


@pytest.mark.parametrize("who", ["practice_educator", "tutor", "coordinator"])
def test_resolving_records_the_outcome(cast, who):
    placement, people = cast
    concern = concern_step(
        concern=raised(placement), name="resolve", by=people[who], outcome="Visits back on track"
    )
    assert concern.status == CS.RESOLVED
    assert concern.outcome == "Visits back on track"
    assert concern.resolved_at is not None


@pytest.mark.parametrize("who", ["student", "onsite_supervisor", "outsider"])
def test_others_cannot_resolve(cast, who):
    placement, people = cast
    concern = raised(placement)
    with pytest.raises(PermissionDenied):
        concern_step(concern=concern, name="resolve", by=people[who], outcome="Done")
    assert refresh(concern).status == CS.OPEN


def test_resolving_needs_an_outcome(cast):
    placement, _ = cast
    concern = raised(placement)
    with pytest.raises(ValidationError) as refused:
        concern_step(concern=concern, name="resolve", by=placement.practice_educator, outcome="")
    assert "outcome" in refused.value.message_dict
    assert refresh(concern).status == CS.OPEN


@pytest.mark.parametrize("step", ["escalate", "resolve", "suspend", "end"])
def test_a_resolved_concern_takes_no_more_steps(cast, step):
    placement, people = cast
    concern = concern_step(
        concern=raised(placement), name="resolve", by=people["coordinator"], outcome="Sorted"
    )
    Notification.objects.all().delete()
    with pytest.raises(ValidationError, match="resolved"):
        concern_step(concern=concern, name=step, by=people["coordinator"], outcome="Again")
    assert refresh(concern).outcome == "Sorted"
    assert refresh(placement).status == S.ACTIVE
    assert not Notification.objects.exists()


# --- closing through the placement's lifecycle ------------------------------------


def test_suspending_suspends_the_placement(cast):
    placement, people = cast
    concern = concern_step(
        concern=raised(placement), name="suspend", by=people["tutor"], outcome="Pause for review"
    )
    assert concern.status == CS.PLACEMENT_SUSPENDED
    assert refresh(placement).status == S.SUSPENDED
    # The concern stays unresolved; it can still be resolved or end the placement.
    concern = concern_step(
        concern=concern, name="end", by=people["coordinator"], outcome="Not safe to continue"
    )
    assert concern.status == CS.PLACEMENT_ENDED
    placement = refresh(placement)
    assert placement.status == S.ENDED_EARLY
    assert placement.ended_reason == "Not safe to continue"


def test_ending_ends_the_placement_early_with_the_outcome_as_reason(cast):
    placement, people = cast
    concern = concern_step(
        concern=raised(placement), name="end", by=people["coordinator"], outcome="Ended"
    )
    assert concern.status == CS.PLACEMENT_ENDED
    assert refresh(placement).ended_reason == "Ended"


def test_a_lifecycle_refusal_refuses_the_whole_step(cast):
    """A concern about a proposed placement cannot suspend it: nothing is written."""
    placement, people = cast
    concern = raised(placement)
    Placement.objects.filter(pk=placement.pk).update(status=S.PROPOSED)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):
        concern_step(concern=concern, name="suspend", by=people["tutor"], outcome="Pause")
    assert refresh(placement).status == S.PROPOSED
    concern = refresh(concern)
    assert (concern.status, concern.outcome) == (CS.OPEN, "")
    assert concern.history.count() == 1
    assert not Notification.objects.exists()


def test_the_educator_cannot_suspend_or_end(cast):
    placement, people = cast
    concern = raised(placement)
    for step in ("suspend", "end"):
        with pytest.raises(PermissionDenied):
            concern_step(concern=concern, name=step, by=people["practice_educator"], outcome="x")
    assert refresh(placement).status == S.ACTIVE
    assert refresh(concern).status == CS.OPEN


def test_each_step_tells_the_people_on_the_placement_but_the_actor(cast):
    placement, people = cast
    concern = raised(placement)
    Notification.objects.all().delete()
    concern_step(concern=concern, name="resolve", by=people["tutor"], outcome="All fine now")
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {people[w].pk for w in ("student", "practice_educator", "onsite_supervisor")}
    assert all("All fine now" in n.body for n in Notification.objects.all())


# --- pages -------------------------------------------------------------------------

LIST = {
    "student": 200,
    "practice_educator": 200,
    "onsite_supervisor": 200,
    "tutor": 200,
    "coordinator": 200,
    "outsider": 404,
}
RAISE = LIST
ESCALATE = {**LIST, "student": 403, "onsite_supervisor": 403, "tutor": 403}
RESOLVE = {**LIST, "student": 403, "onsite_supervisor": 403}
SUSPEND = {**LIST, "student": 403, "onsite_supervisor": 403, "practice_educator": 403}
END = {**SUSPEND, "tutor": 403}


def step_url(concern, step):
    return reverse(
        "placements:concern_step",
        kwargs={"pk": concern.placement_id, "concern_pk": concern.pk, "step": step},
    )


@pytest.mark.parametrize("who", list(LIST))
def test_who_reaches_each_page(client, cast, who):
    placement, people = cast
    concern = raised(placement)
    client.force_login(people[who])
    expected = {
        reverse("placements:concern_list", args=[placement.pk]): LIST[who],
        reverse("placements:concern_raise", args=[placement.pk]): RAISE[who],
        step_url(concern, "escalate"): ESCALATE[who],
        step_url(concern, "resolve"): RESOLVE[who],
        step_url(concern, "suspend"): SUSPEND[who],
        step_url(concern, "end"): END[who],
    }
    got = {url: client.get(url).status_code for url in expected}
    assert got == expected


def test_an_unknown_step_or_another_placements_concern_is_404(client, cast):
    placement, people = cast
    concern = raised(placement)
    other = raised(PlacementFactory(status=S.ACTIVE))
    client.force_login(people["coordinator"])
    assert client.get(step_url(concern, "explode")).status_code == 404
    url = reverse(
        "placements:concern_step",
        kwargs={"pk": placement.pk, "concern_pk": other.pk, "step": "resolve"},
    )
    assert client.get(url).status_code == 404


def test_raising_through_the_page(client, cast):
    placement, people = cast
    client.force_login(people["student"])
    url = reverse("placements:concern_raise", args=[placement.pk])
    response = client.post(url, {"summary": "", "action_plan": ""})
    assert response.status_code == 200
    assert "Enter what the concern is." in text(response)
    assert not Concern.objects.exists()
    response = client.post(url, {"summary": "Bullying in the team", "action_plan": "Meet HR"})
    assert response.status_code == 302
    page = text(client.get(reverse("placements:concern_list", args=[placement.pk])))
    assert "Bullying in the team" in page
    assert "Stage 1" in page


def test_resolving_through_the_page(client, cast):
    placement, people = cast
    concern = raised(placement)
    client.force_login(people["tutor"])
    response = client.post(step_url(concern, "resolve"), {"outcome": ""})
    assert response.status_code == 200
    assert "Enter the outcome." in text(response)
    response = client.post(step_url(concern, "resolve"), {"outcome": "Plan worked"})
    assert response.status_code == 302
    assert refresh(concern).status == CS.RESOLVED


def test_the_placement_page_shows_open_concerns_and_the_raise_link(client, cast):
    placement, people = cast
    detail = reverse("placements:placement_detail", args=[placement.pk])
    raise_url = reverse("placements:concern_raise", args=[placement.pk])
    client.force_login(people["student"])
    page = client.get(detail).content.decode()
    assert raise_url in page
    assert "open cause for concern" not in text(client.get(detail))
    raised(placement)
    assert "There is an open cause for concern (stage 1)" in text(client.get(detail))
