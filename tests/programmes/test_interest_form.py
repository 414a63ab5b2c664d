"""The public registration of interest in the Children's Program (issue 19,
requirement 2): Swedish at /sv/..., English at the unprefixed address; an error
keeps every answer and saves nothing; a reference, an email in the family's
language with the reference only, and eligibility explained on the next page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone, translation

from placements.programmes.models import Referral, ReferredChild, Run
from portal.models import EmailOutbox

from .support import pocar

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)
SV = "/sv/programmes/childrens-program/interest/"
EN = "/programmes/childrens-program/interest/"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A Swedish request leaves Swedish active in this thread: reset it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def programme_with_run(programme):
    """The Children's Program (on TODAY) with a run to register interest in."""
    Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=10)
    return programme


def answers(**changes) -> dict:
    data = {
        "parent_name": "Maria Lund",
        "parent_email": "maria@example.se",
        "parent_phone": "",
        "municipality": "Norrby",
        "language": "sv",
        "treatment_stage": "aftercare",
        "sober_since": (TODAY - timedelta(days=90)).isoformat(),
        "child_rows": "1",
        "child_1_first_name": "Elsa",
        "child_1_date_of_birth": "2018-06-01",
        "child_1_support_group": "queued",
        "parent_consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def text_of(response) -> str:
    return response.content.decode()


def test_the_swedish_page_is_swedish_and_the_english_page_english(client, programme_with_run):
    swedish = text_of(client.get(SV))
    assert '<html lang="sv"' in swedish
    assert "Anmäl intresse för Children&#x27;s Program" in swedish
    assert "Ditt namn" in swedish and "Nykter sedan" in swedish
    assert 'href="/programmes/childrens-program/interest/"' in swedish  # the switcher
    english = text_of(client.get(EN))
    assert '<html lang="en-gb"' in english
    assert "Register interest in Children&#x27;s Program" in english
    assert "Your name" in english and 'href="/sv/programmes/childrens-program/interest/"' in english


def test_a_registration_is_kept_with_its_children_and_confirmed_in_swedish(
    client, programme_with_run
):
    response = client.post(SV, answers())
    assert response.status_code == 302
    assert response["Location"] == "/sv/programmes/childrens-program/interest/sent/"
    registration = Referral.objects.get()
    assert registration.route == Referral.Route.INTEREST
    assert registration.programme == programme_with_run
    assert registration.reference.startswith("CHI-")
    assert (registration.municipality, registration.language) == ("Norrby", "sv")
    assert registration.sober_since == TODAY - timedelta(days=90)
    (child,) = registration.children.all()
    assert (child.name, child.date_of_birth, child.support_group) == (
        "Elsa",
        date(2018, 6, 1),
        "queued",
    )
    (email,) = EmailOutbox.objects.all()
    assert email.recipient == "maria@example.se"
    assert registration.reference in email.subject
    assert "Vi har tagit emot er intresseanmälan" in email.message
    assert "Maria" not in email.message and "Elsa" not in email.message
    sent = text_of(client.get(response["Location"]))
    assert registration.reference in sent and "Anmälan skickad" in sent
    assert "Programmet passar er familj" in sent
    assert "Elsa är 8 år den 12 april 2027 och kan vara med." in sent


def test_a_family_choosing_english_on_the_swedish_page_is_emailed_in_english(
    client, programme_with_run
):
    client.post(SV, answers(language="en-gb"))
    (email,) = EmailOutbox.objects.all()
    assert "We have received your registration of interest" in email.message


def test_a_child_too_young_is_told_when_not_refused(client, programme_with_run):
    born = (FIRST_DAY + timedelta(days=1)).replace(year=2020)  # 7 the day after the first day
    response = client.post(EN, answers(language="en-gb", child_1_date_of_birth=born.isoformat()))
    assert Referral.objects.count() == 1  # kept: eligibility is explained, never refused
    sent = text_of(client.get(response["Location"]))
    assert "Not yet: here is why, and when" in sent
    assert "Elsa is 6 on 12 April 2027" in sent and "13 April 2027" in sent
    assert "support groups for children" in sent


def test_sobriety_under_thirty_days_is_told_the_day_it_is_long_enough(client, programme_with_run):
    Run.objects.create(
        programme=programme_with_run, starts_on=date(2027, 3, 22), venue="Sjövik", places=10
    )
    sober = date(2027, 3, 1)  # 21 days on the sooner run's first day; 30 on 31 March
    response = client.post(SV, answers(sober_since=sober.isoformat()))
    sent = text_of(client.get(response["Location"]))
    assert "Inte ännu" in sent and "31 mars 2027" in sent
    assert "Den första omgång som skulle passa börjar den 12 april 2027" in sent


def test_errors_are_in_swedish_name_each_answer_and_keep_the_rest(client, programme_with_run):
    response = client.post(
        SV, answers(parent_name="", child_1_date_of_birth="2031-01-01", parent_consent="")
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "Det finns ett problem" in page
    assert re.search(r"<title>3 fel: ", page)
    assert "Skriv ditt namn" in page
    assert "Födelsedatumet för barn 1 får inte vara senare än i dag" in page
    assert "Bekräfta att vi får spara uppgifterna" in page
    assert 'value="maria@example.se"' in page and 'value="Elsa"' in page
    assert not Referral.objects.exists() and not EmailOutbox.objects.exists()


def test_errors_on_the_english_page_are_in_english(client, programme_with_run):
    page = text_of(client.post(EN, answers(municipality="", child_1_first_name="")))
    assert "There is a problem" in page
    assert "Enter the municipality you live in" in page
    assert "Enter child 1&#x27;s first name" in page
    assert not Referral.objects.exists()


def test_a_sobriety_date_in_the_future_is_refused(client, programme_with_run):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    page = text_of(client.post(EN, answers(sober_since=tomorrow)))
    assert "The date of sobriety must be today or in the past" in page
    assert not Referral.objects.exists()


def test_add_another_child_shows_one_more_row_and_keeps_the_answers(client, programme_with_run):
    page = text_of(client.post(SV, {**answers(), "add_child": "1"}))
    assert "Barn 2: förnamn" in page and 'value="Elsa"' in page
    assert "Det finns ett problem" not in page
    assert not Referral.objects.exists()


def test_two_children_are_both_kept(client, programme_with_run):
    client.post(
        SV,
        answers(
            child_rows="2",
            child_2_first_name="Noah",
            child_2_date_of_birth="2016-02-29",
            child_2_support_group="none",
        ),
    )
    assert list(ReferredChild.objects.values_list("name", flat=True)) == ["Elsa", "Noah"]


def test_a_filled_honeypot_is_answered_as_sent_and_keeps_nothing(client, programme_with_run):
    response = client.post(SV, answers(website="http://spam.example"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Referral.objects.exists() and not EmailOutbox.objects.exists()


def test_the_eleventh_registration_from_one_client_within_an_hour_is_refused(
    client, programme_with_run
):
    for number in range(10):
        assert client.post(EN, answers()).status_code == 302, number
    refused = client.post(SV, answers())
    assert refused.status_code == 429
    assert "För många försök" in text_of(refused)
    assert Referral.objects.count() == 10


def test_a_failure_part_way_leaves_no_rows_and_no_email(client, programme_with_run):
    with (
        mock.patch.object(ReferredChild.objects, "create", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        client.post(SV, answers())
    assert not Referral.objects.exists() and not EmailOutbox.objects.exists()


def test_a_programme_not_taking_registrations_says_so_and_keeps_nothing(client, programme_with_run):
    programme_with_run.is_accepting_referrals = False
    programme_with_run.save()
    assert "tar inte emot intresseanmälningar just nu" in text_of(client.get(SV))
    client.post(SV, answers())
    assert not Referral.objects.exists()


def test_a_programme_taking_referrals_has_no_interest_page(client, programme_with_run):
    pocar()
    assert client.get("/sv/programmes/pocar/interest/").status_code == 404
    assert client.get("/programmes/nothing/interest/").status_code == 404


def test_the_page_has_csrf_no_inline_script_and_is_not_cached(client, programme_with_run):
    response = client.get(SV)
    body = text_of(response)
    assert 'name="csrfmiddlewaretoken"' in body
    assert response["Cache-Control"] == "no-store"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


def test_the_confirmation_page_without_a_registration_goes_back_to_the_form(
    client, programme_with_run
):
    response = client.get(SV + "sent/")
    assert response.status_code == 302 and response["Location"] == SV


def test_the_registration_is_received_today(client, programme_with_run):
    client.post(EN, answers())
    assert timezone.localdate(Referral.objects.get().received_at) == TODAY


def test_a_reference_drawn_twice_is_drawn_again(client, programme_with_run):
    client.post(EN, answers())
    taken = Referral.objects.get().reference
    draws = iter([taken, "CHI-2345-6789"])
    with mock.patch(
        "placements.programmes.models.referrals.new_reference", lambda prefix: next(draws)
    ):
        assert client.post(EN, answers(parent_name="Johan Strand")).status_code == 302
    assert Referral.objects.get(parent_name="Johan Strand").reference == "CHI-2345-6789"


def test_the_team_reads_the_registration_and_its_eligibility(client, programme_with_run):
    from placements.programmes.models import ProgrammeWorker
    from portal.audit.models import AccessEvent

    from .people import programme_worker

    client.post(EN, answers())
    registration = Referral.objects.get()
    worker = programme_worker(programme_with_run)
    assert ProgrammeWorker.objects.filter(programme=programme_with_run, user=worker).exists()
    client.force_login(worker)
    page = text_of(client.get(f"/portal/programmes/referrals/{registration.pk}/"))
    assert "The registration of interest" in page and "Norrby" in page
    assert "Elsa is 8 on 12 April 2027 and can take part." in page
    assert "Updates and reports" not in page and "The referrer" not in page
    assert "Enrol the parent" not in page
    assert AccessEvent.objects.filter(user=worker).count() == 1


def test_a_family_on_a_run_based_programme_is_not_enrolled_from_a_start_date(
    client, programme_with_run
):
    from django.core.exceptions import ValidationError

    from placements.programmes.models import Enrolment
    from placements.programmes.services.delivery import enrolment_create

    from .people import programme_worker

    client.post(EN, answers())
    worker = programme_worker(programme_with_run)
    Referral.objects.update(status=Referral.Status.ACCEPTED, care_coordinator=worker)
    with pytest.raises(ValidationError, match="by a place on one of its runs"):
        enrolment_create(referral=Referral.objects.get(), starts_on=TODAY, by=worker)
    assert not Enrolment.objects.exists()
