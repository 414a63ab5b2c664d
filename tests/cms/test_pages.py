"""Public page types: the tree editors may build, what each page shows, and what it costs.

Most tests run against the demo site (`cms.seed.seed_public_site`), which is
the content a new user sees after `make run`.
"""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.blocks import (
    CallToActionBlock,
    ContactDetailsBlock,
    FigureBlock,
    validate_link,
    warm_service_contacts,
)
from cms.facts import warm_figures
from cms.models import (
    Audience,
    AudiencePage,
    HomePage,
    IndexPage,
    ServicePage,
    StandardPage,
)
from cms.models import Testimonial as ServiceTestimonial  # a Test* name would be collected
from cms.seed import seed_public_site

PAGE_MODELS = [HomePage, ServicePage, AudiencePage, StandardPage, IndexPage]

POP = "/positive-outcomes-project/"
POP_FAMILIES = "/positive-outcomes-project/children-young-people-and-families/"
POP_STUDENTS = "/positive-outcomes-project/student-social-workers/"
POCAR = "/pocar/"
CHILDRENS_PROGRAM = "/childrens-program/"
ABOUT = "/about/"
ABOUT_US = "/about/about-us/"
PRIVACY = "/about/privacy-notice/"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """The test client leaves the last request's language active in this thread:
    a Swedish page must not turn the next test's messages Swedish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


MEDIA_ROOT = tempfile.mkdtemp(prefix="cms-test-media-")


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class SeededSiteTestCase(TestCase):
    """The demo site, seeded once per class; each test's changes are rolled back."""

    @classmethod
    def setUpTestData(cls):
        cls.home = seed_public_site()


def page_at(url_path: str) -> Page:
    return Page.objects.get(url_path="/welcome" + url_path).specific


class HeadParser(HTMLParser):
    """Collects <meta> and <link> tags and <img> attributes from a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.images: list[dict] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "img":
            self.images.append(attributes)


def parse(response) -> HeadParser:
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


class TestPageTree(WagtailPageTestCase):
    """Editors cannot build a wrong tree."""

    @classmethod
    def setUpTestData(cls):
        from portal.accounts.models import User

        with override_settings(MEDIA_ROOT=MEDIA_ROOT):
            cls.home = seed_public_site()
        cls.admin = User.objects.create(email="cms-admin@example.org", is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {ServicePage, IndexPage, StandardPage})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ServicePage, HomePage)

    def test_one_home_page_per_language(self):
        root = Page.get_first_root_node()
        assert HomePage.objects.count() == 2  # English and its Swedish translation
        assert not HomePage.can_create_at(root)

    def test_service_page(self):
        self.assertAllowedParentPageTypes(ServicePage, {HomePage})
        self.assertAllowedSubpageTypes(ServicePage, {AudiencePage})
        for parent in (Page, ServicePage, AudiencePage, StandardPage, IndexPage):
            self.assertCanNotCreateAt(parent, ServicePage)

    def test_audience_page(self):
        self.assertAllowedParentPageTypes(AudiencePage, {ServicePage})
        self.assertAllowedSubpageTypes(AudiencePage, set())
        for parent in (HomePage, AudiencePage, StandardPage, IndexPage):
            self.assertCanNotCreateAt(parent, AudiencePage)

    def test_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, IndexPage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(ServicePage, StandardPage)
        self.assertCanNotCreateAt(AudiencePage, StandardPage)

    def test_index_page(self):
        self.assertAllowedParentPageTypes(IndexPage, {HomePage})
        self.assertAllowedSubpageTypes(IndexPage, {StandardPage})
        self.assertCanNotCreateAt(IndexPage, IndexPage)
        self.assertCanNotCreateAt(StandardPage, IndexPage)

    def test_every_demo_page_is_routable_and_renderable(self):
        pages = Page.objects.type(*PAGE_MODELS).live().specific()
        assert {type(page) for page in pages} == set(PAGE_MODELS)
        for page in pages:
            # Wagtail's helper routes from the site root without removing a language
            # prefix, so Swedish pages are routed through their /sv/ address in test_i18n.
            if page.locale.language_code == "en-gb":
                self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_an_editor_can_create_a_standard_page_with_blocks(self):
        about = IndexPage.objects.get(slug="about")
        self.assertCanCreate(
            about,
            StandardPage,
            nested_form_data(
                {
                    "title": "Cookies",
                    "slug": "cookies",
                    "summary": "The cookies this site sets.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Cookies we use", "size": "h2"}),
                            ("warning_text", "Do not share your sign-in link."),
                        ]
                    ),
                }
            ),
        )

    def test_a_second_page_for_the_same_audience_is_refused(self):
        from django.urls import reverse

        pop = ServicePage.objects.get(slug="positive-outcomes-project")
        data = nested_form_data(
            {
                "title": "More for professionals",
                "slug": "more-for-professionals",
                "audience": Audience.PROFESSIONALS,
                "summary": "A second page for professionals.",
                "body": streamfield([]),
            }
        )
        url = reverse("wagtailadmin_pages:add", args=("cms", "audiencepage", pop.pk))
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "This service already has a page for this audience." in response.content.decode()
        assert not AudiencePage.objects.filter(slug="more-for-professionals").exists()

    def test_the_service_page_editor_offers_audiences_as_checkboxes(self):
        from django.urls import reverse

        pocar = ServicePage.objects.get(slug="pocar", locale__language_code="en-gb")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[pocar.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(r'type="checkbox" name="audiences" value="parents"[^>]*checked', html)
        assert re.search(r'type="checkbox" name="audiences" value="students"(?![^>]*checked)', html)

    def test_editors_manage_testimonials_in_the_snippet_library(self):
        from django.urls import reverse

        listing = self.client.get(reverse("wagtailsnippets_cms_testimonial:list"))
        assert listing.status_code == 200
        assert "She listened properly" in listing.content.decode()
        add = self.client.get(reverse("wagtailsnippets_cms_testimonial:add"))
        assert add.status_code == 200
        assert "Never a name" in add.content.decode()


class TestBlocks:
    def test_a_call_to_action_needs_exactly_one_destination(self, db):
        block = CallToActionBlock()
        base = {"heading": "Refer", "text": "", "link_text": "Email us", "page": None}
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({**base, "url": ""}))
        home = Page.get_first_root_node()
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({**base, "page": home.pk, "url": "https://example.org"}))
        cleaned = block.clean(block.to_python({**base, "url": "mailto:pocar@example.org"}))
        assert cleaned["url"] == "mailto:pocar@example.org"

    @pytest.mark.parametrize(
        "link",
        [
            "javascript:alert(1)",
            "mailto:not-an-address",
            "tel:call-us",
            "#",
            "ftp://example.org",
            "//evil.example/x",
            "/refer/<script>",
        ],
    )
    def test_links_that_go_nowhere_safe_are_refused(self, link):
        with pytest.raises(ValidationError):
            validate_link(link)

    @pytest.mark.parametrize(
        "link",
        [
            "https://example.org/refer",
            "mailto:pop@example.org",
            "tel:01632 960123",
            "#contact",
            "/programmes/pocar/refer/",
        ],
    )
    def test_usable_links_are_accepted(self, link):
        validate_link(link)

    def test_contact_details_need_a_way_to_get_in_touch(self):
        block = ContactDetailsBlock()
        value = block.to_python({"name": "POCAR team"})
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(value)
        assert "at least one way to get in touch" in str(error.value.block_errors["phone"])


class TestServicePages(SeededSiteTestCase):
    def test_an_image_needs_alternative_text(self):
        image = get_image_model().objects.get()
        block = FigureBlock()
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))

    def test_audiences_outside_the_list_are_refused(self):
        pocar = page_at(POCAR)
        pocar.audiences = ["parents", "aliens"]
        with pytest.raises(ValidationError) as error:
            pocar.full_clean()
        assert "audiences" in error.value.message_dict

    def test_each_service_page_has_a_route_in_for_its_audience(self):
        families_url = POP_FAMILIES
        expectations = {
            POP: ("How to ask your school", f'href="{families_url}"'),
            POCAR: ("Refer a parent online", 'href="/programmes/pocar/refer/"'),
            CHILDRENS_PROGRAM: (
                "Register your interest online",
                'href="/programmes/childrens-program/interest/"',
            ),
            "/sv/childrens-program/": (
                "Anmäl intresse på webben",
                'href="/sv/programmes/childrens-program/interest/"',
            ),
        }
        for url, (link_text, href) in expectations.items():
            html = self.client.get(url).content.decode()
            call_to_action = html[html.index('data-testid="call-to-action"') :]
            call_to_action = call_to_action[: call_to_action.index("</section>")]
            assert link_text in call_to_action, url
            assert href in call_to_action, url
            # Students, practice educators and universities sign in from every service page.
            sign_in = html[html.index('data-testid="sign-in-panel"') :]
            assert 'href="/accounts/login/"' in sign_in[: sign_in.index("</aside>")], url

    def test_key_facts_and_contact_details(self):
        html = self.client.get(POCAR).content.decode()
        facts = html[html.index('data-testid="key-facts"') : html.index("</dl>")]
        assert "16 weeks" in facts
        assert "Monday and Wednesday, 10:30 to 12:00" in facts
        assert "aged 0 to 5" in facts
        assert 'id="contact"' in html
        assert 'href="tel:01632960123"' in html

    def test_only_approved_testimonials_appear(self):
        html = self.client.get(POP).content.decode()
        assert "She listened properly and helped me when I needed it." in html
        pending = ServiceTestimonial.objects.get(approved=False)
        assert pending.quote not in html
        # Approving it makes it appear (after a publish clears any cached copy).
        pending.approved = True
        pending.save()
        cache.clear()
        assert pending.quote in self.client.get(POP).content.decode()

    def test_a_quote_block_hides_a_testimonial_that_is_no_longer_approved(self):
        quote = "with my practice educator beside me"
        assert quote in self.client.get(POP_STUDENTS).content.decode()
        ServiceTestimonial.objects.filter(quote__contains=quote).update(approved=False)
        cache.clear()
        assert quote not in self.client.get(POP_STUDENTS).content.decode()

    def test_a_service_page_shows_testimonials_for_its_own_audiences_only(self):
        pocar = page_at(POCAR)
        ServiceTestimonial.objects.create(
            quote="A quote from a student about POCAR.",
            speaker_role="Student social worker",
            audience=Audience.STUDENT_SOCIAL_WORKERS,  # not one of POCAR's audiences
            service=pocar,
            approved=True,
            locale=pocar.locale,
        )
        html = self.client.get(POCAR).content.decode()
        assert "The creche meant I could make it to every group." in html
        assert "A quote from a student about POCAR." not in html
        # And never on another service's page.
        assert "The creche meant" not in self.client.get(POP).content.decode()

    def test_an_audience_page_shows_its_audience_and_links_to_the_others(self):
        html = self.client.get(POP_FAMILIES).content.decode()
        assert "She listened properly" in html  # children's testimonial
        assert "final placement" not in html  # a student's testimonial
        assert 'href="/positive-outcomes-project/professionals/"' in html
        assert (
            f'href="{POP_FAMILIES}"'
            not in html.split('id="main-content"')[1].split("More about")[1]
        )
        assert "If a child is in immediate danger, call 999." in html

    def test_students_and_courses_pages_link_to_sign_in(self):
        assert 'data-testid="sign-in-panel"' in self.client.get(POP_STUDENTS).content.decode()
        assert 'data-testid="sign-in-panel"' not in self.client.get(POP_FAMILIES).content.decode()

    def test_a_private_audience_page_is_not_listed(self):
        professionals = page_at("/positive-outcomes-project/professionals/")
        PageViewRestriction.objects.create(
            page=professionals, restriction_type=PageViewRestriction.LOGIN
        )
        cache.clear()
        html = self.client.get(POP).content.decode()
        assert "/positive-outcomes-project/professionals/" not in html
        response = self.client.get("/positive-outcomes-project/professionals/")
        assert response.status_code == 302  # Wagtail's restriction still applies


class TestFindability(SeededSiteTestCase):
    def test_title_meta_description_and_open_graph(self):
        response = self.client.get(POCAR)
        page = page_at(POCAR)
        head = parse(response)
        assert f"<title>{page.title} – Practice education portal</title>" in (
            response.content.decode()
        )
        assert head.meta["description"] == [page.summary]
        assert head.meta["og:title"] == [page.title]
        assert head.meta["og:description"] == [page.summary]
        assert head.meta["og:url"] == ["http://testserver/pocar/"]
        assert head.meta["og:type"] == ["website"]
        assert head.meta["og:locale"] == ["en_GB"]
        assert head.meta["og:locale:alternate"] == ["sv_SE"]
        assert "og:image" not in head.meta

    def test_the_search_description_wins_over_the_summary(self):
        page = page_at(PRIVACY)
        page.search_description = "How this site handles personal data."
        page.seo_title = "Privacy"
        page.save_revision().publish()
        cache.clear()
        response = self.client.get(PRIVACY)
        head = parse(response)
        assert head.meta["description"] == ["How this site handles personal data."]
        assert head.meta["og:title"] == ["Privacy"]
        assert "<title>Privacy – Practice education portal</title>" in response.content.decode()

    def test_images_are_renditions_with_their_size_and_alt_text(self):
        head = parse(self.client.get(ABOUT_US))
        [image] = head.images
        assert image["alt"] == "Drawing of a school building with a path leading to its door"
        assert image["width"] == "800"
        assert image["height"] == "400"
        assert ".width-800." in image["src"]
        assert head.meta["og:image"] == [f"http://testserver{image['src']}"]
        assert head.meta["og:image:width"] == ["800"]
        assert head.meta["og:image:alt"] == [image["alt"]]

    def test_breadcrumbs_lead_from_home_to_the_parent(self):
        html = self.client.get(POP_FAMILIES).content.decode()
        crumbs = html[html.index('class="govuk-breadcrumbs"') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert re.findall(r'href="([^"]+)">([^<]+)</a>', crumbs) == [
            ("/", "Home"),
            (POP, "Positive Outcomes Project"),
        ]
        home_html = self.client.get("/").content.decode()
        assert "govuk-breadcrumbs" not in home_html

    def test_rich_text_gets_govuk_classes(self):
        html = self.client.get("/positive-outcomes-project/professionals/").content.decode()
        assert '<ul class="govuk-list govuk-list--bullet"' in html
        assert '<p class="govuk-body"' in html

    def test_the_accordion_uses_govuk_frontend(self):
        html = self.client.get(POP).content.decode()
        assert 'data-module="govuk-accordion"' in html
        ids = re.findall(r'id="(accordion-[^"]+)"', html)
        assert len(ids) == len(set(ids)) > 3

    def test_an_index_lists_its_pages_ten_at_a_time(self):
        about = page_at(ABOUT)
        for number in range(10):
            about.add_child(
                instance=StandardPage(
                    title=f"Guide {number:02}", slug=f"guide-{number}", summary="A guide."
                )
            )
        cache.clear()
        first = self.client.get(ABOUT).content.decode()
        second = self.client.get(ABOUT + "?page=2").content.decode()
        assert "About us" in first and "Guide 06" in first and "Guide 07" not in first
        assert "Guide 07" in second and "Guide 09" in second and "About us" not in second
        assert 'aria-label="Pagination"' in first
        assert self.client.get(ABOUT + "?page=99").status_code == 200

    def test_an_empty_index_says_so(self):
        home = page_at("/")
        index = IndexPage(title="News", slug="news", summary="News from the services.")
        home.add_child(instance=index)
        index.save_revision().publish()
        html = self.client.get("/news/").content.decode()
        assert 'data-testid="empty-index"' in html


def _warm_framework_caches() -> None:
    """Start from a cold page cache but with what Wagtail and Django keep for the
    life of a process (content types, the site's root paths), as on a server
    that has served any page before."""
    cache.clear()
    Site.get_site_root_paths()
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*PAGE_MODELS, Page)
    warm_figures()  # the live key facts (cms.facts keeps them per process)
    warm_service_contacts()  # the contacts pages choose (cms.blocks keeps them in the cache)


class TestQueryCounts(SeededSiteTestCase):
    def assert_at_most_ten_queries(self, url: str) -> None:
        _warm_framework_caches()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= 10, f"{url}: {len(queries)} queries\n" + "\n".join(
            query["sql"] for query in queries.captured_queries
        )

    def test_an_uncached_public_page_costs_at_most_ten_queries(self):
        for url in [
            "/",
            POP,
            POP_FAMILIES,
            POP_STUDENTS,
            POCAR,
            CHILDRENS_PROGRAM,
            ABOUT,
            ABOUT_US,
            PRIVACY,
            "/sv/",
            "/sv/pocar/",
            "/sv/childrens-program/",
        ]:
            with self.subTest(url=url):
                self.assert_at_most_ten_queries(url)

    def test_an_index_costs_the_same_whatever_its_length(self):
        about = page_at(ABOUT)
        for children in (5, 50):
            while about.get_children().count() < children:
                number = about.get_children().count()
                about.add_child(
                    instance=StandardPage(
                        title=f"Page {number}", slug=f"page-{number}", summary="Text."
                    )
                )
                about.refresh_from_db()
            with self.subTest(children=children):
                self.assert_at_most_ten_queries(ABOUT)
                self.assert_at_most_ten_queries(ABOUT + "?page=2")


def test_seeding_twice_changes_nothing(db, media_root):
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115

    def counts():
        return {
            "pages": Page.objects.count(),
            "live": Page.objects.live().count(),
            "revisions": Revision.objects.count(),
            "testimonials": ServiceTestimonial.objects.count(),
            "images": get_image_model().objects.count(),
        }

    first = counts()
    seed_public_site()
    assert counts() == first
    assert first["testimonials"] == 11
    assert ServiceTestimonial.objects.filter(approved=False).count() == 1
