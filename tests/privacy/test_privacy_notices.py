"""Privacy notices: one per audience and one for children on the public site, and
a link from the forms that collect personal data and from every page's footer."""

import html
import re

from django.test import TestCase
from django.urls import reverse

from cms.seed import seed_public_site
from portal.accounts.roles import Role
from tests.casework.factories import SchoolFactory
from tests.factories import user_with_role

HUB = "/about/privacy-notice/"
NOTICES = {
    "children-and-families": "Privacy notice for children's parents and carers",
    "for-children": "Your information: a page for children",
    "students": "Privacy notice for student social workers",
    "professionals": "Privacy notice for professionals",
}


def notice_links(response) -> set[str]:
    return set(re.findall(r'data-privacy-notice="([a-z-]+)"', response.content.decode()))


class PrivacyNoticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The public site is seeded once for the class (it takes seconds).
        seed_public_site()

    def test_each_audience_has_its_notice_listed_on_the_privacy_page(self):
        hub = self.client.get(HUB).content.decode()
        for slug, title in NOTICES.items():
            assert f"{HUB}{slug}/" in hub
            page = self.client.get(f"{HUB}{slug}/")
            assert page.status_code == 200
            assert title in html.unescape(page.content.decode())

    def test_the_childrens_version_says_who_reads_it_and_what_they_can_ask(self):
        page = self.client.get(f"{HUB}for-children/").content.decode()
        assert "Who can read it?" in page and "What can I ask?" in page

    def test_the_forms_about_children_link_to_the_families_notice(self):
        self.client.force_login(user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()))
        response = self.client.get(reverse("casework:request_create"))
        assert response.status_code == 200
        assert notice_links(response) == {"children-and-families"}
        assert f'href="{HUB}for-children/"' in response.content.decode()

    def test_inviting_someone_links_to_the_professionals_notice(self):
        coordinator = user_with_role(Role.COORDINATOR)
        organisation = coordinator.memberships.get().organisation
        self.client.force_login(coordinator)
        response = self.client.get(reverse("accounts:invitation_create", args=[organisation.pk]))
        assert notice_links(response) == {"professionals"}

    def test_every_page_links_to_the_privacy_notice_in_its_footer(self):
        for url in ("/", reverse("account_login")):
            page = self.client.get(url).content.decode()
            footer = page[page.index("govuk-footer") :]
            assert f'href="{HUB}"' in footer

    def test_the_feedback_form_on_public_pages_links_to_the_notice(self):
        page = self.client.get("/pocar/").content.decode()
        feedback = page[page.index('id="feedback"') :]
        assert f'href="{HUB}"' in feedback
