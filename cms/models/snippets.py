"""Snippets: testimonials (what people who used a service said about it) and
service contacts (a team's ways in, kept in one place for every page that shows them)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet

from .audience import Audience


class Testimonial(TranslatableMixin, models.Model):
    quote = models.TextField(max_length=600)
    speaker_role = models.CharField(
        _("speaker's role"),
        max_length=120,
        help_text=_(
            "Who said it, by role only, for example “Parent” or “Student social worker”. "
            "Never a name: people using these services are not named on the site."
        ),
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    service = models.ForeignKey(
        "cms.ServicePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="testimonials",
        help_text=_("The service this is about. It appears on that service's pages."),
    )
    approved = models.BooleanField(
        default=False,
        help_text=_(
            "Only approved testimonials appear on the site. Approve once the speaker "
            "has agreed to it being published."
        ),
    )

    panels = [
        FieldPanel("quote"),
        FieldPanel("speaker_role"),
        FieldPanel("audience"),
        FieldPanel("service"),
        FieldPanel("approved"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["service", "audience", "pk"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self) -> str:
        return f"{Truncator(self.quote).chars(60)} – {self.speaker_role}"


# The viewset lives in the admin layer; the string keeps admin imports out of model loading.
register_snippet(Testimonial, viewset="cms.snippet_views.TestimonialViewSet")


class ServiceContact(TranslatableMixin, models.Model):
    """A team or service's contact details (issue 19, requirement 8: the municipality's
    outpatient service for the Children's Program), edited once and shown by every
    page that chooses it, in the page's language when a translation exists."""

    name = models.CharField(
        _("team or service"),
        max_length=120,
        help_text=_("A team or service, not a person: staff change."),
    )
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("website"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name", "pk"]
        verbose_name = _("service contact")
        verbose_name_plural = _("service contacts")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not any((self.phone, self.email, self.address, self.website)):
            raise ValidationError(
                {
                    "phone": ValidationError(
                        _(
                            "Give at least one way to get in touch: phone, email, address "
                            "or website."
                        ),
                        code="no_way_in",
                    )
                }
            )


register_snippet(ServiceContact)
