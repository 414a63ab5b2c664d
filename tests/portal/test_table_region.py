"""Tables fit a phone (issue 22, requirement 1): each sits in {% table_region %},
a region named after its caption that scrolls sideways and a keyboard can focus.
The browser walk at 390 px is tests/e2e/test_phone_width.py."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.base import Origin

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "placements", "supervision", "lifestory", "cms")
# Printed documents (never a page on a screen), and allauth's table element (its
# region is named in the element itself: test below).
NOT_PAGES = re.compile(r"/pdf/|pdf\.html$|/allauth/")


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_region_is_named_after_the_tables_caption_and_can_be_focused():
    html = render(
        "{% table_region %}<table class='govuk-table'>"
        "<caption class='govuk-table__caption'>{{ count }} placements &amp; <b>offers</b>\n"
        "  this year</caption><tr><td>x</td></tr></table>{% endtable_region %}",
        count=12,
    )
    assert html.startswith(
        '<div class="app-table-scroll" role="region" '
        'aria-label="12 placements &amp; offers this year" tabindex="0"><table'
    )
    assert html.endswith("</table></div>")


def test_a_caption_is_escaped_once_in_the_label():
    html = render(
        "{% table_region %}<table><caption>{{ name }}</caption></table>{% endtable_region %}",
        name='Sam "Jo" <O\'Neil>',
    )
    assert 'aria-label="Sam &quot;Jo&quot; &lt;O&#x27;Neil&gt;"' in html


@pytest.mark.parametrize(
    "table",
    ["<table><tr><td>x</td></tr></table>", "<table><caption> </caption></table>"],
)
def test_a_table_without_a_caption_is_refused(table):
    with pytest.raises(TemplateSyntaxError, match="caption"):
        render("{% table_region %}" + table + "{% endtable_region %}")


def test_every_table_on_a_portal_page_sits_in_a_table_region():
    unwrapped = []
    templates = (p for app in APPS for p in (ROOT / app).glob("**/templates/**/*.html"))
    for path in sorted(templates):
        relative = path.relative_to(ROOT).as_posix()
        if NOT_PAGES.search(relative):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<table class="govuk-table', text):
            if not text[: match.start()].endswith("{% table_region %}"):
                line = text.count("\n", 0, match.start()) + 1
                unwrapped.append(f"{relative}:{line}")
    assert unwrapped == [], "Wrap these in {% table_region %}…{% endtable_region %}: " + ", ".join(
        unwrapped
    )


def render_page(source: str) -> str:
    """`source` rendered as a template file would be (allauth's elements need its name)."""
    return Template(source, origin=Origin("page.html", template_name="page.html")).render(
        Context({})
    )


def test_allauths_tables_scroll_in_a_named_region_too():
    """allauth's account pages (security keys, sessions) build tables through its
    `table` element, which the portal's own copy wraps like every other table."""
    keys = render_page("{% load allauth %}{% element table %}<tr><td>Key</td></tr>{% endelement %}")
    assert keys.startswith(
        '<div class="app-table-scroll" role="region" aria-label="Your security keys" tabindex="0">'
    )
    assert '<table class="govuk-table"><tr><td>Key</td></tr></table></div>' in keys
    sessions = render_page(
        '{% load allauth %}{% element table tags="sessions" %}<tr></tr>{% endelement %}'
    )
    assert 'aria-label="Your signed-in sessions"' in sessions
