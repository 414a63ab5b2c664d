"""A service's contact kept as a snippet (issue 19, requirement 8): editors change
the municipality's outpatient service once and every page that shows it follows,
each language's page choosing the contact in its own language."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from cms.models import ServiceContact, ServicePage
from tests.cms.public_site_fixtures import build_public_site, publish

pytestmark = pytest.mark.django_db

KEY = uuid.uuid4()


def contact(locale, **fields):
    return ServiceContact.objects.create(translation_key=KEY, locale=locale, **fields)


def page_with(parent, contact_snippet, slug="childrens-program"):
    page = ServicePage(
        title="Children's Program",
        slug=slug,
        summary="Four days for children aged 7 to 12.",
        audiences=["parents"],
        contact=[("service_contact", contact_snippet)],
    )
    parent.add_child(instance=page)
    return publish(page)


@pytest.fixture
def site():
    return build_public_site()


def test_each_language_shows_its_own_contact_and_an_edit_shows_at_once(client, site):
    english = contact(
        site.home.locale, name="Outpatient team, Norrby", email="cp@example.org", phone="012-34"
    )
    swedish_contact = contact(
        Locale.objects.get(language_code="sv"), name="Öppenvården Norrby", phone="012-34"
    )
    page = page_with(site.home, english)
    page_sv = page.copy_for_translation(site.home_sv.locale)
    page_sv.contact = [("service_contact", swedish_contact)]
    publish(page_sv)

    assert "Outpatient team, Norrby" in client.get(page.url).content.decode()
    swedish = client.get(page_sv.url).content.decode()
    assert "Öppenvården Norrby" in swedish and "Outpatient team" not in swedish

    english.phone = "012-99 88 77"
    english.save()

    again = client.get(page.url)
    assert again["X-Page-Cache"] == "miss"
    assert 'href="tel:0129988' in again.content.decode()


def test_a_contact_removed_from_the_library_leaves_the_page_working(client, site):
    gone = contact(site.home.locale, name="Outpatient team", email="cp@example.org")
    page = page_with(site.home, gone)
    assert "Outpatient team" in client.get(page.url).content.decode()

    gone.delete()

    again = client.get(page.url)
    assert again.status_code == 200 and "Outpatient team" not in again.content.decode()


def test_a_contact_needs_a_way_to_get_in_touch(site):
    with pytest.raises(ValidationError) as refused:
        ServiceContact(locale=site.home.locale, name="Outpatient team").full_clean()
    assert [e.code for e in refused.value.error_dict["phone"]] == ["no_way_in"]
