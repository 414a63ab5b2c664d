from django import template
from django.utils.safestring import mark_safe

from ..writing import to_html

register = template.Library()


@register.filter
def chapter_html(text: str) -> str:
    """A chapter's text as sanitised HTML (lifestory.writing: nh3 decides what stays)."""
    return mark_safe(to_html(text))  # noqa: S308  (sanitised by nh3 in to_html)
