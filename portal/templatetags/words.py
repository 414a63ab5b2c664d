"""Template filters for words people wrote: `quoted` shows someone's own words (a
child's, in a goal or a session) inside one pair of quotation marks."""

from __future__ import annotations

from django import template

register = template.Library()

# Opening mark → the closing marks that pair with it.
_PAIRS = {
    '"': ('"', "”"),
    "“": ("”", '"'),
    "„": ("“", "”"),
    "'": ("'", "’"),
    "‘": ("’", "'"),
    "«": ("»",),
}


@register.filter
def quoted(text) -> str:
    """`text` between “ and ”: quotation marks the writer already typed around the
    whole text are replaced, never doubled. Returns plain text (escaped as usual)."""
    words = str(text or "").strip()
    closers = _PAIRS.get(words[:1])
    if closers and len(words) > 1 and words[-1] in closers:
        words = words[1:-1].strip()
    return f"“{words}”"
