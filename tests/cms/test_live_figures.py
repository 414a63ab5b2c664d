"""A live figure in a service page's key facts (issue 19, requirement 5): editors
show how many certified Children's Program leaders there are, and the page keeps
up when the register changes, in English and Swedish."""

from __future__ import annotations

from datetime import date

import pytest
from wagtail.blocks import StructBlockValidationError

from cms.blocks import KeyFactBlock
from cms.facts import figure_choices, forget_figures
from cms.models import ServicePage
from tests.cms.public_site_fixtures import build_public_site, publish
from tests.programmes.leaders_support import leader
from tests.programmes.support import childrens_program

pytestmark = pytest.mark.django_db

TODAY = date(2027, 5, 1)
FIGURE = "programmes.certified_leaders"


def contact():
    return [("contact_details", {"name": "Öppenvården", "email": "cp@example.org"})]


def service_page(parent, title, slug, value):
    page = ServicePage(
        title=title,
        slug=slug,
        summary="Four days for children aged 7 to 12.",
        audiences=["parents"],
        key_facts=[("fact", {"label": "Leaders", "value": value, "figure": FIGURE})],
        contact=contact(),
    )
    parent.add_child(instance=page)
    return publish(page)


@pytest.fixture
def programme(clock):
    clock.today_is(TODAY)
    forget_figures()
    found = childrens_program()
    leader(found, "Jessica Berg", issued_on=date(2025, 6, 1), expires_on=date(2028, 6, 1))
    leader(found, "Omar Haddad", issued_on=date(2025, 6, 1), expires_on=date(2027, 5, 1))
    leader(found, "Lars Holm", issued_on=date(2023, 1, 1), expires_on=date(2027, 4, 30))
    leader(found, "Nora Sund", issued_on=date(2027, 5, 2), expires_on=date(2030, 5, 2))
    return found


def test_editors_can_choose_the_certified_leaders_figure():
    assert (FIGURE, "Certified Children's Program leaders (valid today)") in figure_choices()


def test_the_page_shows_the_leaders_certified_today_and_keeps_up(client, programme):
    site = build_public_site()
    page = service_page(site.home, "Children's Program", "childrens-program", "{figure} leaders")

    # Valid today: Berg, and Haddad on his last day; Holm expired yesterday and
    # Sund's certificate starts tomorrow.
    first = client.get(page.url)
    assert "2 leaders" in first.content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    leader(programme, "Karin Ek", issued_on=date(2026, 1, 1), expires_on=date(2028, 1, 1))

    again = client.get(page.url)
    assert again["X-Page-Cache"] == "miss"
    assert "3 leaders" in again.content.decode()


def test_the_swedish_page_shows_the_figure_in_its_own_words(client, programme):
    site = build_public_site()
    page = service_page(
        site.home_sv, "Children's Program", "childrens-program", "{figure} certifierade ledare"
    )

    assert "2 certifierade ledare" in client.get(page.url).content.decode()


def test_the_number_alone_when_the_fact_is_left_empty(client, programme):
    site = build_public_site()
    page = service_page(site.home, "Children's Program", "childrens-program", "")

    body = client.get(page.url).content.decode()
    assert '<dd class="govuk-summary-list__value">2</dd>' in body


@pytest.mark.parametrize(
    "value, figure, message",
    [
        ("", "", "Enter the fact, or choose a live figure."),
        ("{figure} leaders", "", "Choose the live figure that {figure} stands for."),
        ("Certified leaders", FIGURE, "Write {figure} where the number goes"),
    ],
)
def test_a_fact_that_cannot_be_shown_is_refused(value, figure, message):
    block = KeyFactBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"label": "Leaders", "value": value, "figure": figure}))
    assert message in str(refused.value.block_errors["value"])
