"""The shared intake pages, the header and the leader reminders in Swedish (issue 19,
requirement 8).

The Children's Program's worker reads the referrals list and a registration's page
every day: with the language cookie set to Swedish they are Swedish throughout (the
header's sections, the filters, the status labels, the steps and their messages);
an English browser gets them in English. A leader certificate reminder is written
in the language of the leader's programme, whoever receives it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from placements.programmes.models import ContactAttempt, Referral
from placements.programmes.services.leaders import leader_certificates_remind
from portal.models import Notification
from portal.services import notification_email_text

from .delivery_support import coordinator_of
from .leaders_support import leader
from .people import programme_worker
from .support import pocar
from .test_staff_swedish import family

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)
COOKIE = settings.LANGUAGE_COOKIE_NAME
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture(autouse=True)
def _english_afterwards():
    # A Swedish request leaves Swedish active in this thread: the next test starts in English.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def main(page: str) -> str:
    return page.split('id="main-content"', 1)[1]


NAV = re.compile(r'<nav [^>]*govuk-service-navigation__wrapper">.*?</nav>', re.S)


def header(page: str) -> str:
    return NAV.search(page).group(0)


def in_swedish(client):
    client.cookies[COOKIE] = "sv"
    return client


def test_the_referrals_list_is_swedish_for_the_childrens_program_worker(programme, worker, client):
    made = family(programme)
    client.force_login(worker)
    page = in_swedish(client).get(reverse("programmes:referral_list")).content.decode()
    assert lang(page) == "sv"
    body = main(page)
    assert '<h1 class="govuk-heading-l">Remisser till programmen</h1>' in body
    assert "1 remiss" in body and made.reference in body
    assert "Mottagen" in body and "Inte fördelad" in body  # status label, no co-ordinator yet
    assert "Hittar remissen oavsett status." in body and "Filtrera" in body
    assert "Öppna (mottagna eller fördelade)" in body and "Kontakt senast" in body
    assert "väntelista och efterfrågan" in body
    assert "10 mar 2027" in body and "24 mar 2027" in body  # received, and contact by
    for english in ("Programme referrals", "Received", "Not allocated", ">Filter<", "Reference"):
        assert english not in body
    # The header's sections and portal's own links are Swedish too.
    nav = header(page)
    assert ">Program<" in nav and ">Översikt<" in nav and ">Ditt konto<" in nav
    assert "Programmes" not in nav and "Dashboard" not in nav

    english = client_in_english(client).get(reverse("programmes:referral_list"))
    english_page = english.content.decode()
    assert lang(english_page) == "en-gb"
    assert "Programme referrals" in main(english_page) and "Received" in main(english_page)
    assert ">Programmes<" in header(english_page) and ">Dashboard<" in header(english_page)


def client_in_english(client):
    del client.cookies[COOKIE]
    client.defaults.update(ENGLISH_BROWSER)
    return client


def test_a_filter_that_matches_nothing_says_so_in_swedish(programme, worker, client):
    family(programme)
    client.force_login(worker)
    url = reverse("programmes:referral_list")
    page = in_swedish(client).get(url, {"reference": "NOPE"}).content.decode()
    assert "Inga remisser matchar filtren." in main(page)
    assert "No referrals match" not in page


def test_a_registrations_page_is_swedish_for_the_worker(programme, worker, client):
    made = family(programme)
    client.force_login(worker)
    url = reverse("programmes:referral_detail", args=[made.pk])
    page = in_swedish(client).get(url).content.decode()
    assert lang(page) == "sv"
    body = main(page)
    assert f"Children&#x27;s Program · remiss {made.reference}" in body
    assert "Mottagen 10 mars 2027 (för 0 dagar sedan)." in body
    assert "Föräldern ska kontaktas senast" in body
    assert "Kontakt med föräldern" in body and "Ingen kontakt är registrerad ännu." in body
    assert "Barnen" in body and "Ändringshistorik" in body
    assert "Tillbaka till remisserna" in page
    for english in ("Contact with the parent", "Received 10 March", "Change history"):
        assert english not in page

    english = client_in_english(client).get(url).content.decode()
    assert lang(english) == "en-gb"
    assert "Received 10 March 2027 (0 days ago)." in main(english)
    assert "Contact with the parent" in main(english)


def test_a_coordinator_allocates_in_swedish_and_is_told_in_swedish(programme, client):
    made = family(programme)
    coordinator = coordinator_of(programme)
    worker = programme_worker(programme, name="Sara Lind")
    client.force_login(coordinator)
    in_swedish(client)
    detail = client.get(reverse("programmes:referral_detail", args=[made.pk])).content.decode()
    assert "Fördela till en ansvarig handläggare" in main(detail)  # the step's button
    assert "Inte lämplig" in main(detail)

    url = reverse("programmes:referral_allocate", args=[made.pk])
    step = client.get(url).content.decode()
    assert '<h1 class="govuk-heading-l">Fördela till en ansvarig handläggare</h1>' in step
    assert "Den ansvariga handläggaren kontaktar föräldern" in step
    assert "Ansvarig handläggare" in step and "Avbryt" in step

    refused = client.post(url, {"care_coordinator": ""}).content.decode()
    assert "Det finns ett problem" in refused
    assert Referral.objects.get(pk=made.pk).care_coordinator is None

    done = client.post(url, {"care_coordinator": str(worker.pk)}, follow=True)
    page = done.content.decode()
    assert f"Remiss {made.reference} är fördelad till Sara Lind." in page
    assert "Fördelad" in main(page) and "Fördela om" in main(page)
    assert Referral.objects.get(pk=made.pk).status == Referral.Status.ALLOCATED
    # The care co-ordinator is told in the programme's language.
    [told] = Notification.objects.filter(user=worker)
    assert told.title == f"Remiss {made.reference} är fördelad till dig"
    assert told.body == "Kontakta föräldern senast 24 mars 2027."


def test_an_english_programmes_care_coordinator_is_told_in_english(clock, client):
    from placements.programmes.services.intake import referral_allocate

    from .people import referral

    clock.today_is(TODAY)
    made = referral(pocar())
    worker = programme_worker(made.programme)
    referral_allocate(referral=made, care_coordinator=worker, by=coordinator_of(made.programme))
    [told] = Notification.objects.filter(user=worker)
    assert told.title == f"Referral {made.reference} is allocated to you"
    assert told.body.startswith("Contact the parent by ") and "March 2027" in told.body


def test_a_decision_without_its_reason_is_refused_in_swedish(programme, client):
    made = family(programme)
    client.force_login(coordinator_of(programme))
    url = reverse("programmes:referral_not_suitable", args=[made.pk])
    page = in_swedish(client).post(url, {"reason": ""}).content.decode()
    assert "Det finns ett problem" in page and "Skriv skälet." in page
    assert "Varför är programmet inte lämpligt?" in page
    assert "Enter the reason" not in page
    assert Referral.objects.get(pk=made.pk).status == Referral.Status.RECEIVED


def test_contact_is_refused_in_swedish_before_allocation(programme, worker, client):
    made = family(programme)
    client.force_login(coordinator_of(programme))
    url = reverse("programmes:referral_contact", args=[made.pk])
    page = in_swedish(client).get(url, follow=True).content.decode()
    assert "Kontakt registreras när remissen har fördelats" in page
    assert not ContactAttempt.objects.exists()


def test_a_step_the_user_may_not_take_is_refused(programme, worker, client):
    made = family(programme)
    client.force_login(worker)  # a programme worker does not allocate
    response = in_swedish(client).get(reverse("programmes:referral_allocate", args=[made.pk]))
    assert response.status_code == 403
    assert Referral.objects.get(pk=made.pk).status == Referral.Status.RECEIVED


# --- leader certificate reminders --------------------------------------------------------

EXPIRES = TODAY + timedelta(days=90)  # 8 June 2027


def test_a_reminder_for_a_childrens_program_leader_is_in_swedish(
    programme, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = coordinator_of(programme)
    karin = leader(programme, issued_on=date(2025, 1, 1), expires_on=EXPIRES)
    with django_capture_on_commit_callbacks(execute=True):
        assert leader_certificates_remind() == 1
    [told] = Notification.objects.filter(user=coordinator)
    assert told.title == (
        f"Ledarcertifikatet {karin.certificate_number} för Karin Ek upphör inom 90 dagar, "
        "den 8 juni 2027"
    )
    assert "är certifierad ledare i Children's Program" in told.body
    [email] = mailoutbox
    # The whole email is Swedish, not only the title inside it.
    assert email.subject == f"[Praktikportalen] {told.title}"
    assert "Logga in på praktikportalen för att läsa det:" in email.body
    assert "Sign in" not in email.body


def test_a_reminder_for_an_english_programmes_leader_is_in_english(clock):
    clock.today_is(TODAY)
    english = pocar()
    assert english.language == "en-gb"
    coordinator = coordinator_of(english)
    omar = leader(english, "Omar Haddad", issued_on=date(2025, 1, 1), expires_on=EXPIRES)
    assert leader_certificates_remind() == 1
    [told] = Notification.objects.filter(user=coordinator)
    assert told.title == (
        f"Omar Haddad's leader certificate {omar.certificate_number} expires within 90 days, "
        "on 8 June 2027"
    )
    assert "is a certified leader of" in told.body
    subject, message = notification_email_text(told)
    assert subject == f"[Practice portal] {told.title}"
    assert "Sign in to the practice portal to read it:" in message
