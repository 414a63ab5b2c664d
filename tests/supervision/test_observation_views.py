"""The direct-observation pages: scope (404) and actions (403), booking, feedback, the
faces form, the sign-and-lock journey, the lock holding on every page, amendments,
and a list that makes the same number of queries however long it is."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.selectors.review import pcf_domains
from supervision.models import Observation, ServiceUserFeedback
from supervision.services.observations import observation_step
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.supervision.factories import ObservationFactory
from tests.supervision.support import a_day_ago, book, locked_observation, written

pytestmark = pytest.mark.django_db

O = Observation.Status  # noqa: E741


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


def as_user(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Scope and actions ------------------------------------------------------------------


def test_people_outside_the_placement_get_404_and_readers_403_on_writing_pages(client):
    placement = PlacementFactory()
    observation = written(placement)
    outsider = EducatorProfileFactory().user
    as_user(client, outsider)
    for page in (
        url("observation_list", placement.pk),
        url("observation_create", placement.pk),
        url("observation_detail", observation.pk),
        url("observation_feedback", observation.pk),
        url("observation_step", observation.pk, "send_to_student"),
    ):
        assert client.get(page).status_code == 404, page
    as_user(client, placement.tutor)
    assert client.get(url("observation_detail", observation.pk)).status_code == 200
    assert client.get(url("observation_list", placement.pk)).status_code == 200
    for page in (
        url("observation_create", placement.pk),
        url("observation_feedback", observation.pk),
        url("observation_service_user", observation.pk),
        url("observation_step", observation.pk, "send_to_student"),
        url("observation_sign", observation.pk),
        url("observation_amend", observation.pk),
    ):
        assert client.get(page).status_code == 403, page
    assert client.post(url("observation_feedback", observation.pk), {}).status_code == 403


def test_another_social_worker_observing_sees_only_their_observation(client):
    other = EducatorProfileFactory().user
    placement = PlacementFactory()
    observation = book(placement, observer=other)
    as_user(client, other)
    assert client.get(url("observation_detail", observation.pk)).status_code == 200
    assert client.get(url("observation_list", placement.pk)).status_code == 404


# --- Booking ------------------------------------------------------------------------------


def test_the_practice_educator_books_on_the_page(client):
    placement = PlacementFactory()
    as_user(client, placement.practice_educator)
    page = client.get(url("observation_create", placement.pk))
    assert page.status_code == 200
    assert "pre_observation_plan" not in page.context["form"].fields  # the student's to write
    response = client.post(
        url("observation_create", placement.pk),
        {
            "observer_choice": "practice_educator",
            "date": a_day_ago().isoformat(),
            "setting": "Family home visit",
        },
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("observation_detail", observation.pk)
    assert observation.observer == placement.practice_educator


def test_booking_errors_are_shown_and_nothing_is_booked(client):
    placement = PlacementFactory()
    as_user(client, placement.student)
    response = client.post(
        url("observation_create", placement.pk),
        {
            "observer_choice": "practice_educator",
            "date": (placement.ends_on + timedelta(days=3)).isoformat(),
            "setting": "School",
        },
    )
    assert response.status_code == 200
    assert "Choose a date within the placement" in response.content.decode()
    response = client.post(
        url("observation_create", placement.pk),
        {
            "observer_choice": "other",
            "other_email": "nobody@example.org",
            "date": a_day_ago().isoformat(),
            "setting": "School",
        },
    )
    assert "has a registered social worker profile" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Observation.objects.exists()


def test_the_student_books_another_social_worker_by_email_with_a_plan(client):
    other = EducatorProfileFactory().user
    placement = PlacementFactory()
    as_user(client, placement.student)
    client.post(
        url("observation_create", placement.pk),
        {
            "observer_choice": "other",
            "other_email": other.email.upper(),
            "date": a_day_ago().isoformat(),
            "setting": "Contact centre",
            "pre_observation_plan": "Supervised contact with the family.",
        },
    )
    observation = Observation.objects.get()
    assert observation.observer == other
    assert observation.observer_role == Observation.ObserverRole.OTHER
    assert observation.pre_observation_plan == "Supervised contact with the family."


# --- Feedback and the faces form ----------------------------------------------------------


def test_the_observer_writes_feedback_per_domain(client):
    placement = PlacementFactory()
    observation = book(placement)
    observation_step(observation=observation, by=placement.practice_educator, name="start")
    as_user(client, placement.practice_educator)
    page = client.get(url("observation_feedback", observation.pk))
    assert len(page.context["form"].domain_fields) == len(pcf_domains()) == 9
    first = pcf_domains()[0]
    response = client.post(
        url("observation_feedback", observation.pk),
        {"overall_feedback": "Well prepared.", f"domain_{first.number}": "Kept to the values."},
    )
    assert response.status_code == 302
    assert list(observation.domain_feedback.values_list("feedback", flat=True)) == [
        "Kept to the values."
    ]
    detail = client.get(url("observation_detail", observation.pk)).content.decode()
    assert "Kept to the values." in detail and first.title in detail


def test_the_faces_form_is_large_accessible_radios_without_inline_styles(client):
    placement = PlacementFactory()
    observation = book(placement)
    observation_step(observation=observation, by=placement.practice_educator, name="start")
    as_user(client, placement.practice_educator)
    html = client.get(url("observation_service_user", observation.pk) + "?kind=faces")
    html = html.content.decode()
    labels = re.findall(r'<label class="govuk-label govuk-radios__label[^"]*" for="([^"]+)">', html)
    assert len(labels) == 5
    for label_for in labels:
        assert f'id="{label_for}"' in html  # every radio has its label
    for word in ("Very unhappy", "Unhappy", "Not sure", "Happy", "Very happy"):
        assert word in html
    assert "govuk-radios--small" not in html
    assert "style=" not in html
    # A missing face is an error on the form; nothing is saved.
    response = client.post(
        url("observation_service_user", observation.pk) + "?kind=faces",
        {"given_by": "Child aged 9", "comments": "Fun"},
    )
    assert "Choose the face that shows how you felt" in response.content.decode()
    assert not ServiceUserFeedback.objects.exists()
    client.post(
        url("observation_service_user", observation.pk) + "?kind=faces",
        {"faces": "5", "given_by": "Child aged 9", "comments": "Fun"},
    )
    feedback = ServiceUserFeedback.objects.get()
    assert (feedback.kind, feedback.faces) == (ServiceUserFeedback.Kind.FACES, 5)
    detail = client.get(url("observation_detail", observation.pk)).content.decode()
    assert "Very happy" in detail and "Child aged 9" in detail


def test_the_observer_records_verbal_feedback(client):
    placement = PlacementFactory()
    observation = written(placement)
    as_user(client, placement.practice_educator)
    response = client.post(
        url("observation_service_user", observation.pk) + "?kind=verbal",
        {"given_by": "Parent", "comments": ""},
    )
    assert "Write down what they said" in response.content.decode()
    client.post(
        url("observation_service_user", observation.pk) + "?kind=verbal",
        {"given_by": "Parent", "comments": "She explained things well."},
    )
    feedback = ServiceUserFeedback.objects.get()
    assert (feedback.kind, feedback.faces) == (ServiceUserFeedback.Kind.VERBAL, None)


# --- The sign-and-lock journey -------------------------------------------------------------


def test_send_reflect_sign_and_lock_through_the_pages(client):
    placement = PlacementFactory()
    observation = written(placement)
    educator, student = placement.practice_educator, placement.student
    as_user(client, educator)
    confirm = client.get(url("observation_step", observation.pk, "send_to_student"))
    assert "Send to the student?" in confirm.content.decode()
    client.post(url("observation_step", observation.pk, "send_to_student"))
    as_user(client, student)
    client.post(url("observation_reflect", observation.pk), {"student_reflection": "I learned."})
    assert (
        "Sign the observation"
        in client.get(url("observation_sign", observation.pk)).content.decode()
    )
    client.post(url("observation_sign", observation.pk))
    as_user(client, educator)
    client.post(url("observation_sign", observation.pk))
    observation.refresh_from_db()
    assert observation.status == O.LOCKED and observation.is_locked
    detail = client.get(url("observation_detail", observation.pk)).content.decode()
    assert "Signed and locked" in detail
    assert "Start an amendment" in detail
    assert "Write the feedback" not in detail


def test_signing_out_of_turn_goes_back_to_the_observation_with_the_reason(client):
    placement = PlacementFactory()
    observation = written(placement)
    # Not yet sent to the student: nobody signs.
    response = as_user(client, placement.student).post(
        url("observation_sign", observation.pk), follow=True
    )
    assert response.redirect_chain[-1][0] == url("observation_detail", observation.pk)
    assert any("it is not waiting for a signature" in m for m in messages_of(response))
    observation_step(observation=observation, by=observation.observer, name="send_to_student")
    client.post(url("observation_reflect", observation.pk), {"student_reflection": "I learned."})
    # The student signs first: the observer's turn comes after.
    response = as_user(client, observation.observer).post(
        url("observation_sign", observation.pk), follow=True
    )
    assert response.redirect_chain[-1][0] == url("observation_detail", observation.pk)
    assert any("turn to sign" in m for m in messages_of(response))
    observation.refresh_from_db()
    assert not observation.is_locked


def test_a_reason_is_needed_to_cancel(client):
    placement = PlacementFactory()
    observation = book(placement)
    as_user(client, placement.practice_educator)
    response = client.post(url("observation_step", observation.pk, "cancel"), {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    observation.refresh_from_db()
    assert observation.status == O.PLANNED
    client.post(url("observation_step", observation.pk, "cancel"), {"reason": "Family unwell"})
    observation.refresh_from_db()
    assert (observation.status, observation.status_reason) == (O.CANCELLED, "Family unwell")


def test_the_student_cannot_take_the_observers_steps(client):
    placement = PlacementFactory()
    observation = written(placement)
    as_user(client, placement.student)
    assert (
        client.post(url("observation_step", observation.pk, "send_to_student")).status_code == 403
    )
    observation.refresh_from_db()
    assert observation.status == O.DRAFT


# --- The lock holds on every page ---------------------------------------------------------


def test_a_locked_observation_opens_no_form_and_a_post_changes_nothing(client):
    placement = PlacementFactory()
    observation = locked_observation(placement)
    before = Observation.objects.filter(pk=observation.pk).values().get()
    as_user(client, placement.practice_educator)
    for page, data in (
        (url("observation_feedback", observation.pk), {"overall_feedback": "Changed"}),
        (url("observation_service_user", observation.pk), {"given_by": "x", "faces": "1"}),
        (url("observation_edit", observation.pk), {"setting": "Changed"}),
        (url("observation_step", observation.pk, "take_back"), {"reason": "Changed"}),
    ):
        for response in (client.get(page, follow=True), client.post(page, data, follow=True)):
            assert response.redirect_chain[-1][0] == url("observation_detail", observation.pk)
            assert any("locked" in message for message in messages_of(response)), page
    as_user(client, placement.student)
    response = client.post(
        url("observation_reflect", observation.pk), {"student_reflection": "Changed"}, follow=True
    )
    assert any("locked" in message for message in messages_of(response))
    assert Observation.objects.filter(pk=observation.pk).values().get() == before


def test_an_amendment_from_the_page_links_both_versions(client):
    placement = PlacementFactory()
    original = locked_observation(placement)
    as_user(client, placement.practice_educator)
    response = client.post(url("observation_amend", original.pk), {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    response = client.post(url("observation_amend", original.pk), {"reason": "Wrong date noted"})
    correction = Observation.objects.get(amends=original)
    assert response["Location"] == url("observation_detail", correction.pk)
    detail = client.get(response["Location"]).content.decode()
    assert "Wrong date noted" in detail
    assert url("observation_detail", original.pk) in detail
    original_page = client.get(url("observation_detail", original.pk)).content.decode()
    assert url("observation_detail", correction.pk) in original_page
    assert "Start an amendment" not in original_page  # amend the newest version
    # An unlocked observation is not amended.
    response = client.get(url("observation_amend", correction.pk), follow=True)
    assert any("can still be changed" in message for message in messages_of(response))


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_the_checklist_and_every_observation(client):
    placement = PlacementFactory()
    ObservationFactory(placement=placement, status=O.LOCKED)
    ObservationFactory(placement=placement, status=O.CANCELLED, setting="Cancelled visit")
    as_user(client, placement.student)
    html = client.get(url("observation_list", placement.pk)).content.decode()
    assert "At least 2 observations by the practice educator" in html
    assert "govuk-tag--green" in html  # before the midpoint: met
    assert "Cancelled visit" in html and "Signed and locked" in html
    assert "Book a direct observation" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    placement = PlacementFactory()
    today = timezone.localdate()
    for n in range(rows):
        ObservationFactory(placement=placement, date=today - timedelta(days=n % 10))
    as_user(client, placement.practice_educator)
    with django_assert_max_num_queries(14):
        response = client.get(url("observation_list", placement.pk))
    assert response.status_code == 200


def test_the_edit_page_offers_each_person_their_own_part(client):
    placement = PlacementFactory()
    observation = book(placement)
    as_user(client, placement.student)
    form = client.get(url("observation_edit", observation.pk)).context["form"]
    assert list(form.fields) == ["pre_observation_plan"]
    client.post(
        url("observation_edit", observation.pk), {"pre_observation_plan": "Use the ecomap."}
    )
    as_user(client, placement.practice_educator)
    form = client.get(url("observation_edit", observation.pk)).context["form"]
    assert list(form.fields) == ["date", "setting"]
    response = client.post(
        url("observation_edit", observation.pk),
        {"date": (placement.starts_on - timedelta(days=1)).isoformat(), "setting": "School"},
    )
    assert "Choose a date within the placement" in response.content.decode()
    observation.refresh_from_db()
    assert (observation.pre_observation_plan, observation.setting) == (
        "Use the ecomap.",
        "Home visit",
    )
    # Once started, the plan is fixed: the page says so and sends the user back.
    observation_step(observation=observation, by=placement.practice_educator, name="start")
    response = client.get(url("observation_edit", observation.pk), follow=True)
    assert any("while the observation is planned" in m for m in messages_of(response))
