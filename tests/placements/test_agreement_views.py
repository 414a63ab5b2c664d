"""Pages of the practice learning agreement: who reaches them, and what they show."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.models import LearningAgreement
from placements.services.agreement import agreement_save, agreement_sign
from portal import signatures
from portal.accounts.roles import Role
from portal.models import Signature
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "learning_needs": "Assessment skills and report writing",
    "learning_opportunities": "Child in need visits; duty desk",
    "supervision_day": LearningAgreement.Weekday.TUESDAY,
    "supervision_time": time(14, 0),
    "supervision_arrangements": "With the PE in the team room",
    "reasonable_adjustments": "",
    "induction": "Two weeks of shadowing",
}
FORM = {
    **SECTIONS,
    "supervision_day": str(int(LearningAgreement.Weekday.TUESDAY)),
    "supervision_time": "14:00",
}


@pytest.fixture
def people():
    """A placement with an on-site supervisor, and one person in every role around it."""
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    placement = PlacementFactory(onsite_supervisor=supervisor)
    return placement, {
        "student": placement.student,
        "practice_educator": placement.practice_educator,
        "onsite_supervisor": supervisor,
        "tutor": placement.tutor,
        "coordinator": user_with_role(Role.COORDINATOR, placement.host),
        "outsider": user_with_role(Role.PRACTICE_EDUCATOR),
        "admin": user_with_role(Role.ADMIN),
    }


def write(placement):
    return agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)


def url(name, placement):
    return reverse(f"placements:{name}", args=[placement.pk])


READ = {
    "student": 200,
    "practice_educator": 200,
    "onsite_supervisor": 200,
    "tutor": 200,
    "coordinator": 200,
    "outsider": 404,
    "admin": 200,
}
EDIT = {**READ, "student": 403, "onsite_supervisor": 403, "tutor": 403}
SIGN = {**READ, "coordinator": 403, "admin": 403}


@pytest.mark.parametrize("who", list(READ))
def test_permission_matrix(client, people, who):
    placement, users = people
    write(placement)
    client.force_login(users[who])
    assert client.get(url("agreement", placement)).status_code == READ[who]
    assert client.get(url("agreement_edit", placement)).status_code == EDIT[who]
    assert client.get(url("agreement_sign", placement)).status_code == SIGN[who]


@pytest.mark.parametrize("who", ["student", "onsite_supervisor", "tutor", "outsider"])
def test_a_refused_edit_changes_nothing(client, people, who):
    placement, users = people
    write(placement)
    client.force_login(users[who])
    response = client.post(url("agreement_edit", placement), {**FORM, "induction": "Mine"})
    assert response.status_code == (404 if who == "outsider" else 403)
    assert LearningAgreement.objects.get().induction == SECTIONS["induction"]


@pytest.mark.parametrize("who", ["coordinator", "admin", "outsider"])
def test_a_refused_signature_changes_nothing(client, people, who):
    placement, users = people
    write(placement)
    client.force_login(users[who])
    response = client.post(url("agreement_sign", placement))
    assert response.status_code == (404 if who == "outsider" else 403)
    assert not Signature.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, people):
    placement, _ = people
    response = client.get(url("agreement", placement))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_no_agreement_yet_shows_an_empty_state_and_lets_editors_start(client, people):
    placement, users = people
    client.force_login(users["practice_educator"])
    page = client.get(url("agreement", placement)).content.decode()
    assert "has not been written yet" in page
    assert "Start the agreement" in page
    client.force_login(users["student"])
    page = client.get(url("agreement", placement)).content.decode()
    assert "has not been written yet" in page
    assert "Start the agreement" not in page


def test_the_practice_educator_writes_it_through_the_form(client, people):
    placement, users = people
    client.force_login(users["practice_educator"])
    response = client.post(url("agreement_edit", placement), FORM, follow=True)
    assert response.redirect_chain[-1][0] == url("agreement", placement)
    page = response.content.decode()
    assert "The practice learning agreement was saved." in page
    assert "Two weeks of shadowing" in page
    assert "Tuesday" in page and "14:00" in page
    assert page.count("Not signed yet") == 4
    assert (
        LearningAgreement.objects.get().history.latest().history_user == users["practice_educator"]
    )


def test_a_form_with_missing_sections_says_what_to_enter(client, people):
    placement, users = people
    client.force_login(users["practice_educator"])
    response = client.post(
        url("agreement_edit", placement), {**FORM, "learning_needs": "", "supervision_time": "2pm"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 errors:" in page
    assert "Enter the student&#x27;s learning needs" in page
    assert "Enter the time as hours and minutes, for example 14:00" in page
    assert not LearningAgreement.objects.exists()


def test_signing_through_the_confirmation_page(client, people):
    placement, users = people
    write(placement)
    client.force_login(users["student"])
    page = client.get(url("agreement", placement)).content.decode()
    assert "Sign the agreement" in page
    confirm = client.get(url("agreement_sign", placement)).content.decode()
    assert "You are signing as Student." in confirm
    assert "you agree to its learning needs" in confirm
    response = client.post(url("agreement_sign", placement), follow=True)
    page = response.content.decode()
    assert "You signed the practice learning agreement." in page
    assert page.count("Not signed yet") == 3
    assert "Awaiting signatures" in page
    assert ">Sign the agreement<" not in page
    # Signing again: sent back to the agreement, told why, nothing stored twice.
    response = client.post(url("agreement_sign", placement), follow=True)
    assert "You have already signed this agreement." in response.content.decode()
    assert Signature.objects.count() == 1


def test_signing_before_the_agreement_is_written_is_explained(client, people):
    placement, users = people
    client.force_login(users["student"])
    response = client.post(url("agreement_sign", placement), follow=True)
    assert "has not been written yet, so it cannot be signed" in response.content.decode()
    assert not Signature.objects.exists()


def test_an_edit_after_signing_warns_clears_and_shows_what_changed(client, people):
    placement, users = people
    agreement = write(placement)
    for who in ("student", "practice_educator", "onsite_supervisor", "tutor"):
        agreement_sign(agreement=agreement, by=users[who])
    client.force_login(users["practice_educator"])
    page = client.get(url("agreement", placement)).content.decode()
    assert "Signed" in page and "Not signed yet" not in page
    form_page = client.get(url("agreement_edit", placement)).content.decode()
    assert "govuk-warning-text" in form_page
    assert "Saving a change clears all signatures" in form_page

    response = client.post(
        url("agreement_edit", placement), {**FORM, "induction": "One week, then duty"}, follow=True
    )
    page = response.content.decode()
    assert "All signatures were cleared: everyone must sign again." in page
    assert page.count("Not signed yet") == 4
    assert "What changed since it was signed" in page
    assert "Two weeks of shadowing" in page and "One week, then duty" in page
    assert signatures.signatures_for(agreement) == []


def test_the_edit_page_has_no_warning_before_anyone_signs(client, people):
    placement, users = people
    write(placement)
    client.force_login(users["practice_educator"])
    page = client.get(url("agreement_edit", placement)).content.decode()
    assert "Saving a change clears all signatures" not in page


@pytest.mark.parametrize(
    ("days_ago", "sign_all", "warned"), [(9, False, False), (10, False, True), (10, True, False)]
)
def test_the_page_warns_when_unsigned_ten_days_after_the_start(client, days_ago, sign_all, warned):
    placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=days_ago))
    agreement = write(placement)
    if sign_all:
        for person in (placement.student, placement.practice_educator, placement.tutor):
            agreement_sign(agreement=agreement, by=person)
    client.force_login(placement.tutor)
    page = client.get(url("agreement", placement)).content.decode()
    assert ("It should be signed within 10 days of the start." in page) is warned


def test_the_page_makes_the_same_number_of_queries_however_many_have_signed(client, people):
    placement, users = people
    agreement = write(placement)
    client.force_login(users["tutor"])
    client.get(url("agreement", placement))  # warm caches (content types, sessions)
    counts = []
    for who in ("student", "practice_educator", "onsite_supervisor"):
        agreement_sign(agreement=agreement, by=users[who])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("agreement", placement)).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 20
