"""The testimonial library in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet


class TestimonialViewSet(SnippetViewSet):
    icon = "openquote"
    menu_label = _("Testimonials")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["__str__", "audience", "service", "approved"]
    list_filter = ["approved", "audience", "locale"]
    search_fields = ["quote", "speaker_role"]
    search_backend_name = None
