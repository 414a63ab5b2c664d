"""The Children's Program's staff pages in Swedish (issue 19, requirement 8).

Staff pages are not duplicated per language: they follow the language the user
chose with the portal's switcher (kept in the language cookie), else their
browser's, else English. The waiting list, the place forms and the leader
register are fully translated, with Swedish dates; refusals and messages follow
the page. Public pages keep the language of their address."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from placements.programmes.models import Leader, Run, RunPlace
from placements.programmes.services.interest import InterestChild, interest_register

from .delivery_support import coordinator_of
from .leaders_support import leader
from .people import programme_worker
from .support import pocar
from .test_translations import TEMPLATES

pytestmark = pytest.mark.django_db

SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}
TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 5, 3)  # "3 maj 2027" in Swedish
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def run(programme):
    return Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=4)


def family(programme, *, sober_days=90, born=date(2018, 5, 1)):
    return interest_register(
        programme=programme,
        details={
            "parent_name": "Vera Testberg",
            "parent_email": "vera@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": "aftercare",
            "sober_since": TODAY - timedelta(days=sober_days),
            "parent_consent": True,
        },
        children=[InterestChild(1, "Idun", born, "none")],
    )


def lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_the_waiting_list_follows_a_swedish_browser(programme, run, worker, client):
    made = family(programme)
    client.force_login(worker)
    url = reverse("programmes:waiting_list", args=[programme.slug])
    page = client.get(url, **SV).content.decode()
    assert lang(page) == "sv"
    assert "Väntelista och efterfrågan" in page and "Waiting list and demand" not in page
    assert "3 maj 2027 till 6 maj 2027: 4 av 4 platser kvar" in page
    assert made.reference in page and "Passar" in page
    assert "Efterfrågan per kommun och månad" in page and "Norrby" in page
    # The shared chrome around it is Swedish too.
    assert "Logga ut" in page and "Notiser" in page

    english = client.get(url).content.decode()
    assert lang(english) == "en-gb"
    assert "Waiting list and demand" in english and "Väntelista" not in english
    assert "3 May 2027 to 6 May 2027: 4 of 4 places left" in english
    assert "Sign out" in english


def test_the_leader_register_in_swedish_and_its_csv(programme, client):
    leader(programme, "Karin Ek", issued_on=date(2025, 1, 1), expires_on=TODAY + timedelta(days=60))
    leader(programme, "Lars Holm", issued_on=date(2025, 1, 1), expires_on=date(2030, 1, 1))
    client.force_login(coordinator_of(programme))
    url = reverse("programmes:leader_list", args=[programme.slug])
    page = client.get(url, **SV).content.decode()
    assert lang(page) == "sv"
    assert '<h1 class="govuk-heading-l">Ledarregister</h1>' in page
    assert "Upphör inom 90 dagar" in page and "Giltigt" in page
    assert "9 maj 2027" in page  # Karin Ek's expiry, in the Swedish short form
    assert "Lägg till en ledare" in page and "Leader register" not in page

    export = client.get(reverse("programmes:leader_export", args=[programme.slug]), **SV)
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Namn", "Organisation", "Kommun"]
    assert rows[1][0] == "Karin Ek" and rows[1][-1] == "Upphör inom 90 dagar"

    english = client.get(url).content.decode()
    assert "Leader register" in english and "Expires within 90 days" in english
    assert "9 May 2027" in english


def test_a_leader_form_refusal_is_in_swedish_and_saves_nothing(programme, client):
    client.force_login(coordinator_of(programme))
    url = reverse("programmes:leader_add", args=[programme.slug])
    page = client.get(url, **SV).content.decode()
    assert "Lägg till en certifierad ledare" in page and "Fullständigt namn" in page
    refused = client.post(url, {"name": ""}, **SV).content.decode()
    assert "Det finns ett problem" in refused
    assert "Skriv ledarens fullständiga namn." in refused
    assert "Skriv datumet då certifikatet upphör." in refused
    assert not Leader.objects.exists()


def test_the_place_form_opens_in_swedish(programme, run, worker, client):
    made = family(programme)
    client.force_login(worker)
    url = reverse("programmes:run_invite", args=[made.pk])
    page = client.get(url, **SV).content.decode()
    assert lang(page) == "sv"
    assert "Bjud in familjen till en omgång" in page
    assert "3 maj 2027 till 6 maj 2027 (4 platser kvar)" in page
    assert "Tillbaka till anmälan" in page and "Avbryt" in page

    english = client.get(url).content.decode()
    assert lang(english) == "en-gb"
    assert "Invite the family to a run" in english
    assert "3 May 2027 to 6 May 2027 (4 places left)" in english


def test_an_invitation_in_swedish_is_confirmed_in_swedish(programme, run, worker, client):
    made = family(programme)
    client.force_login(worker)
    url = reverse("programmes:run_invite", args=[made.pk])
    response = client.post(url, {"run": str(run.pk)}, follow=True, **SV)
    page = response.content.decode()
    assert f"{made.reference} har en plats på omgången som börjar 3 maj 2027" in page
    assert "Intresseanmälan" in page and "Inbjuden" in page  # the registration's places
    assert RunPlace.objects.get().referral == made


def test_a_refused_invitation_is_explained_in_swedish(programme, run, worker, client):
    programme.min_sober_days = 90
    programme.save()
    made = family(programme, sober_days=10)  # 64 days sober on the first day
    client.force_login(worker)
    url = reverse("programmes:run_invite", args=[made.pk])
    page = client.post(url, {"run": str(run.pk)}, **SV).content.decode()
    assert "Det finns ett problem" in page
    assert "Omgången som börjar 3 maj 2027 passar inte än" in page
    assert "föräldern har varit nykter i 64 dagar den 3 maj 2027; 90 behövs" in page
    assert "does not fit" not in page
    assert not RunPlace.objects.exists()

    empty = client.post(url, {"run": ""}, **SV).content.decode()
    assert "Välj omgången" in empty and not RunPlace.objects.exists()


def test_a_registration_that_is_not_an_interest_is_refused_in_swedish(programme, client):
    from .people import referral

    other = referral(pocar())
    client.force_login(programme_worker(other.programme))
    url = reverse("programmes:run_invite", args=[other.pk])
    page = client.get(url, follow=True, **SV).content.decode()
    assert "Bara en familj som har gjort en intresseanmälan kan delta i en omgång." in page
    assert not RunPlace.objects.exists()


# --- the switcher ----------------------------------------------------------------------


def test_the_switcher_sets_the_cookie_and_the_next_page_is_in_that_language(
    programme, run, worker, client
):
    client.force_login(worker)
    url = reverse("programmes:waiting_list", args=[programme.slug])
    page = client.get(url).content.decode()
    switcher = re.search(r'<form[^>]*data-testid="portal-language".*?</form>', page, re.S).group(0)
    assert f'action="{reverse("set_language")}"' in switcher
    assert 'name="csrfmiddlewaretoken"' in switcher
    assert f'name="next" value="{url}"' in switcher
    # Svenska first; English, the current language, is marked.
    assert switcher.index(">Svenska<") < switcher.index(">English<")
    assert re.search(r'value="en-gb"[^>]*aria-current="true"', switcher)
    assert not re.search(r'value="sv"[^>]*aria-current', switcher)

    chosen = client.post(reverse("set_language"), {"language": "sv", "next": url})
    assert chosen.status_code == 302 and chosen["Location"] == url
    assert client.cookies[COOKIE].value == "sv"
    swedish = client.get(url).content.decode()  # no Accept-Language: the cookie decides
    assert lang(swedish) == "sv" and "Väntelista och efterfrågan" in swedish
    assert re.search(r'value="sv"[^>]*aria-current="true"', swedish)

    client.post(reverse("set_language"), {"language": "en-gb", "next": url})
    assert client.cookies[COOKIE].value == "en-gb"
    english = client.get(url, **SV).content.decode()  # the choice wins over the browser
    assert lang(english) == "en-gb" and "Waiting list and demand" in english


def test_the_switcher_refuses_a_get_and_an_outside_next(programme, worker, client):
    client.force_login(worker)
    url = reverse("set_language")
    assert client.get(url, {"language": "sv"}).status_code in (302, 405)
    assert COOKIE not in client.cookies
    response = client.post(url, {"language": "sv", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/sv/"  # not elsewhere: the public home, in Swedish


def test_public_pages_keep_the_language_of_their_address(programme, worker, client):
    client.cookies[COOKIE] = "sv"
    url = reverse("programmes_interest:register", args=[programme.slug])
    page = client.get(url).content.decode()
    assert lang(page) == "en-gb"
    assert 'data-testid="portal-language"' not in page  # the switcher is for signed-in users
    client.force_login(worker)
    page = client.get(url).content.decode()
    assert lang(page) == "en-gb"
    assert 'data-testid="portal-language"' not in page  # ...on the portal's pages


def test_the_untranslated_string_check_reads_the_staff_pages():
    names = {path.name for path in TEMPLATES}
    for name in (
        "waiting_list.html",
        "place_form.html",
        "leader_list.html",
        "leader_form.html",
        "_interest_details.html",
        "portal_language.html",
    ):
        assert name in names
