"""StreamField blocks for public pages, each rendered with a GOV.UK Frontend pattern.

Every block has its own template in cms/templates/cms/blocks/. Blocks that
link somewhere take either a page or an address, never both, so an editor
cannot publish a call to action that goes nowhere.
"""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import facts

# Public copy is short and plain: no headings inside rich text (the heading
# block gives the page a predictable outline), no embeds or images.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

# Renditions are made at this width; the template asks for the same filter so
# the prefetch below is used.
IMAGE_RENDITION = "width-800"


FRAGMENT = re.compile(r"^#[A-Za-z][\w-]*$")
TELEPHONE = re.compile(r"^tel:\+?[0-9 ]{6,20}$")
# A page of this site outside Wagtail (a programme's referral form): /a/path/.
SITE_PATH = re.compile(r"^/(?!/)[\w\-./]*$")


def validate_link(value: str) -> None:
    """A web address, an email or telephone link, a page of this site outside
    Wagtail (a programme's referral form), or a section of the same page."""
    if value.startswith("mailto:"):
        validate_email(value.removeprefix("mailto:"))
    elif value.startswith("tel:"):
        if not TELEPHONE.match(value):
            raise ValidationError(_("Write a telephone link as tel: followed by the number."))
    elif value.startswith("/"):
        if not SITE_PATH.match(value):
            raise ValidationError(_("Write a page of this site as /path/ (letters, digits, -)."))
    elif value.startswith("#"):
        if not FRAGMENT.match(value):
            raise ValidationError(_("Write a section link as # followed by the section's id."))
    else:
        URLValidator(schemes=["https", "http"])(value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    size = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Sub-heading (h3)"))],
        default="h2",
        help_text=_("Use a section heading first; sub-headings go under a section heading."),
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(
        required=False, help_text=_("One or two sentences: who this is for and what happens next.")
    )
    link_text = blocks.CharBlock(
        max_length=60, help_text=_("Say what the link does, for example “Ask your school”.")
    )
    page = blocks.PageChooserBlock(required=False, help_text=_("A page on this site, or…"))
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        label=_("Address"),
        validators=[validate_link],
        help_text=_(
            "…an address: https://…, mailto:team@example.org, tel:01234567890 or #contact "
            "(a section of this page)."
        ),
    )

    class Meta:
        icon = "link"
        template = "cms/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or give an address (one of the two).")
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value


class RenditionImageChooserBlock(ImageChooserBlock):
    """Fetches the chosen images with their renditions in one go, so a page
    with several images still renders in a fixed number of queries."""

    def bulk_to_python(self, values):
        objects = self.model_class.objects.prefetch_renditions(IMAGE_RENDITION).in_bulk(values)
        return [objects.get(pk) for pk in values]


class FigureBlock(blocks.StructBlock):
    image = RenditionImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_(
            "Describe what the image shows for someone who cannot see it. Required: "
            "this site has no decorative images."
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/figure.html"


class QuoteBlock(SnippetChooserBlock):
    """A testimonial chosen from the snippet library. Shown only while it is approved."""

    def __init__(self, **kwargs):
        super().__init__("cms.Testimonial", **kwargs)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class ServiceContactBlock(SnippetChooserBlock):
    """A service contact from the snippet library (each language's page chooses the
    contact in its own language).

    The chosen contacts are kept in the cache (Redis in production, shared by every
    process) and dropped when a contact changes, so an uncached page showing one
    costs no extra query once any page has shown it."""

    def __init__(self, **kwargs):
        super().__init__("cms.ServiceContact", **kwargs)

    def bulk_to_python(self, values):
        from .models import ServiceContact

        ids = [value for value in values if value is not None]
        found = {
            int(key.rsplit(":", 1)[1]): contact
            for key, contact in cache.get_many([contact_cache_key(pk) for pk in ids]).items()
        }
        missing = [pk for pk in ids if int(pk) not in found]
        if missing:
            fetched = ServiceContact.objects.in_bulk(missing)
            cache.set_many({contact_cache_key(pk): contact for pk, contact in fetched.items()})
            found.update(fetched)
        return [None if value is None else found.get(int(value)) for value in values]

    class Meta:
        icon = "mail"
        template = "cms/blocks/contact_details.html"


def contact_cache_key(pk) -> str:
    return f"cms:service-contact:{int(pk)}"


def forget_service_contact(sender, instance=None, **kwargs) -> None:
    if instance is not None and instance.pk is not None:
        cache.delete(contact_cache_key(instance.pk))


def warm_service_contacts() -> None:
    """Keep every contact in the cache (as a server has after its first pages)."""
    from .models import ServiceContact

    cache.set_many({contact_cache_key(c.pk): c for c in ServiceContact.objects.all()})


class KeyFactValue(blocks.StructValue):
    def shown(self) -> str:
        """The value, with the live figure in place of {figure} when one is chosen."""
        if self.get("figure"):
            return facts.shown(self["figure"], self.get("value") or "")
        return self.get("value") or ""


class KeyFactBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text=_("For example “Length”."))
    value = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text=_(
            "For example “16 weeks”. With a live figure, write {figure} where the number "
            "goes, or leave this empty to show the number alone."
        ),
    )
    figure = blocks.ChoiceBlock(
        choices=facts.figure_choices,
        required=False,
        label=_("live figure"),
        help_text=_("A number the portal keeps up to date, such as the certified leaders."),
    )

    class Meta:
        icon = "list-ul"
        value_class = KeyFactValue

    def clean(self, value):
        value = super().clean(value)
        text, figure = value.get("value") or "", value.get("figure")
        message = None
        if not figure and not text:
            message = _("Enter the fact, or choose a live figure.")
        elif not figure and facts.PLACEHOLDER in text:
            message = _("Choose the live figure that {figure} stands for.")
        elif figure and text and facts.PLACEHOLDER not in text:
            message = _("Write {figure} where the number goes, or leave the fact empty.")
        if message:
            raise blocks.StructBlockValidationError(
                block_errors={"value": ErrorList([ValidationError(message)])}
            )
        return value


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/key_facts.html"


class ContactDetailsBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=120,
        label=_("Team or service"),
        help_text=_("A team or service, not a person: staff change."),
    )
    phone = blocks.CharBlock(required=False, max_length=40)
    email = blocks.EmailBlock(required=False)
    address = blocks.TextBlock(required=False)
    opening_hours = blocks.CharBlock(required=False, max_length=120)
    website = blocks.URLBlock(required=False)

    class Meta:
        icon = "mail"
        template = "cms/blocks/contact_details.html"

    def clean(self, value):
        value = super().clean(value)
        if not any(value.get(part) for part in ("phone", "email", "address", "website")):
            message = _("Give at least one way to get in touch: phone, email, address or website.")
            raise blocks.StructBlockValidationError(
                block_errors={"phone": ErrorList([ValidationError(message)])}
            )
        return value


class AccordionSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"


class AccordionBlock(blocks.StructBlock):
    sections = blocks.ListBlock(AccordionSectionBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/accordion.html"


class InsetTextBlock(blocks.TextBlock):
    class Meta:
        icon = "doc-empty"
        template = "cms/blocks/inset_text.html"


class WarningTextBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        super().__init__(max_length=300, **kwargs)

    class Meta:
        icon = "warning"
        template = "cms/blocks/warning_text.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="cms/blocks/paragraph.html", icon="pilcrow"
    )
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    key_facts = KeyFactsBlock()
    contact_details = ContactDetailsBlock()
    accordion = AccordionBlock()
    image = FigureBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
