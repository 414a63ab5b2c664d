"""Public page types.

The tree editors may build is fixed here: a home page per language, service
pages under it, audience pages under a service, an index of standard pages
(about, accessibility, privacy). Every page has a plain-text summary: it is
the lead paragraph, the text on listing cards and, unless the promote tab
gives a search description, the meta and Open Graph description.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms import selectors
from cms.blocks import (
    IMAGE_RENDITION,
    BodyBlock,
    CallToActionBlock,
    ContactDetailsBlock,
    KeyFactBlock,
    ServiceContactBlock,
)

from .audience import Audience, AudienceListField

INDEX_PAGE_SIZE = 10
# Audiences who use the signed-in portal: their pages link to sign-in.
SIGN_IN_AUDIENCES = {Audience.STUDENT_SOCIAL_WORKERS, Audience.DEGREE_COURSES}


class PublicPage(Page):
    summary = models.CharField(
        max_length=300,
        default="",
        help_text=_(
            "One or two plain sentences saying what the page is about. Shown under the "
            "title, on listings and in search results."
        ),
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary

    def social_image(self, request) -> dict | None:
        """The first image in the body, for og:image (None when there is none)."""
        for block in self.body:
            if block.block_type == "image" and block.value["image"] is not None:
                rendition = block.value["image"].get_rendition(IMAGE_RENDITION)
                return {
                    "url": request.build_absolute_uri(rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                    "alt": block.value["alt_text"],
                }
        return None

    @cached_property
    def page_family(self) -> selectors.PageFamily:
        return selectors.page_family(self)

    def get_view_restrictions(self):
        """Wagtail's check, with the ancestors this page loads anyway for its
        breadcrumbs (one query fewer on every request). An alias uses its source
        page's restrictions, as in Wagtail."""
        page_ids = {page.alias_of_id or page.pk for page in [self, *self.page_family.ancestors]}
        return PageViewRestriction.objects.filter(page_id__in=page_ids)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        family = self.page_family
        context["breadcrumbs"] = selectors.breadcrumbs_for(family, request, gettext("Home"))
        links = selectors.language_links(self, family, request)
        context["language_links"] = links
        current = next((link for link in links if link.is_current), None)
        context["og_locale"] = selectors.OG_LOCALES.get(
            current.language_code if current else settings.LANGUAGE_CODE, ""
        )
        context["og_alternate_locales"] = [
            selectors.OG_LOCALES[link.language_code]
            for link in links
            if link.is_translation and not link.is_current
        ]
        context["alternate_links"] = [
            {"language_code": link.language_code, "url": request.build_absolute_uri(link.url)}
            for link in links
            if link.is_translation
        ]
        context["canonical_url"] = request.build_absolute_uri(self.get_url(request))
        context["og_image"] = self.social_image(request)
        return context


class HomePage(PublicPage):
    """One per language. Lists the live service pages below it."""

    # One home page for each content language (the Swedish one is a translation).
    max_count = len(settings.WAGTAIL_CONTENT_LANGUAGES)
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ServicePage", "cms.IndexPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = selectors.public_children(self, ServicePage)
        return context

    def route(self, request, path_components):
        """Find the page for an address in one query rather than one per level.

        No page type below the home page routes on its own (none uses
        RoutablePageMixin), so the address is the page's url_path.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = (
            Page.objects.filter(
                path__startswith=self.path,
                depth=self.depth + len(path_components),
                slug=path_components[-1],
                url_path=url_path,
            )
            .only("id", "content_type_id")
            .first()
        )
        if page is None:
            raise Http404
        return page.specific.route(request, [])


class ServicePage(PublicPage):
    """One of the services: Positive Outcomes Project, POCAR, Children's Program."""

    audiences = AudienceListField(
        blank=True,
        verbose_name=_("audiences"),
        help_text=_("Who the service is for. Approved testimonials from these audiences appear."),
    )
    entry_point = StreamField(
        [("call_to_action", CallToActionBlock())],
        max_num=1,
        verbose_name=_("how to get help"),
        help_text=_("The main route in for the people this service is for."),
    )
    key_facts = StreamField(
        [("fact", KeyFactBlock())],
        blank=True,
        help_text=_("Short facts such as length, days and times, ages."),
    )
    contact = StreamField(
        [("contact_details", ContactDetailsBlock()), ("service_contact", ServiceContactBlock())],
        max_num=1,
        verbose_name=_("who to contact"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audiences"),
        FieldPanel("entry_point"),
        FieldPanel("key_facts"),
        FieldPanel("contact"),
        FieldPanel("body"),
    ]
    search_fields = [
        *PublicPage.search_fields,
        index.SearchField("key_facts"),
        index.SearchField("contact"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AudiencePage"]

    class Meta:
        verbose_name = _("service page")

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels[value] for value in self.audiences if value in labels]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["audience_pages"] = selectors.public_children(self, AudiencePage)
        context["testimonials"] = selectors.approved_testimonials(
            service=self, audiences=self.audiences
        )
        context["key_facts"] = [child.value for child in self.key_facts]
        return context


class AudiencePageForm(WagtailAdminPageForm):
    """One page per audience under a service: a second "Professionals" page
    would split what professionals need to read."""

    def clean(self):
        cleaned_data = super().clean()
        audience = cleaned_data.get("audience")
        if audience and self.parent_page is not None:
            siblings = AudiencePage.objects.child_of(self.parent_page).filter(audience=audience)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("audience", _("This service already has a page for this audience."))
        return cleaned_data


class AudiencePage(PublicPage):
    """What a service means for one audience, for example professionals."""

    audience = models.CharField(max_length=20, choices=Audience.choices)

    content_panels = [
        *Page.content_panels,
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*PublicPage.search_fields, index.FilterField("audience")]
    parent_page_types = ["cms.ServicePage"]
    subpage_types: list[str] = []
    base_form_class = AudiencePageForm

    class Meta:
        verbose_name = _("audience page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        service = self.page_family.ancestors[-1]
        context["service"] = service
        context["testimonials"] = selectors.approved_testimonials(
            service=service, audiences=[self.audience]
        )
        context["other_audience_pages"] = selectors.public_children(service, AudiencePage).exclude(
            pk=self.pk
        )
        context["show_sign_in"] = self.audience in SIGN_IN_AUDIENCES
        return context


class StandardPage(PublicPage):
    """A page of text: about us, accessibility statement, privacy notice."""

    parent_page_types = ["cms.HomePage", "cms.IndexPage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # numchild is on the page already: no query for a page without children.
        context["child_pages"] = (
            selectors.public_children(self, StandardPage) if self.numchild else []
        )
        return context


class IndexPage(PublicPage):
    """Lists its child pages, newest position last, ten to a page."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = selectors.public_children(self, StandardPage)
        paginator = Paginator(children, INDEX_PAGE_SIZE)
        try:
            context["page_obj"] = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            context["page_obj"] = paginator.page(1)
        return context
