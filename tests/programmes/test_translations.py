"""Every string of the Children's Program's pages has its Swedish translation
(issue 19, requirement 8).

The strings are found as `makemessages` finds them, without GNU gettext: the
gettext calls in the programme's Python modules and the modules naming the header's
sections (read with `ast`) and the translate tags of its public and staff templates,
the shared intake pages and the shared page chrome (through Django's own
`templatize`). Each must have a Swedish entry in the compiled catalogue: a new
string without one fails here, naming it. Words written straight into those
templates, outside any translate tag, fail here too: they would stay English on a
Swedish page.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

from portal.navigation import registered_sections

ROOT = Path(settings.BASE_DIR)
# The programme's modules, and those naming the header's sections and portal's own links
# (the chrome of every page a Swedish worker opens).
NAVIGATION = [
    ROOT / "placements/apps.py",
    ROOT / "placements/casework/apps.py",
    ROOT / "placements/programmes/apps.py",
    ROOT / "lifestory/apps.py",
    ROOT / "portal/context_processors.py",
]
PYTHON = [*sorted((ROOT / "placements" / "programmes").rglob("*.py")), *NAVIGATION]
PROGRAMME_TEMPLATES = ROOT / "placements/programmes/templates/programmes"
# The programme's public pages and its staff pages (every template of each part, so
# a page added later is checked too), and the shared chrome around them.
STAFF_PARTS = ("intake", "runs", "leaders", "run_outcomes", "support_groups")
TEMPLATES = [
    *sorted((PROGRAMME_TEMPLATES / "interest").glob("*.html")),
    *sorted(path for part in STAFF_PARTS for path in (PROGRAMME_TEMPLATES / part).glob("*.html")),
    ROOT / "portal/templates/base.html",
    ROOT / "portal/templates/portal/includes/portal_language.html",
    ROOT / "portal/templates/portal/includes/messages.html",
    ROOT / "portal/templates/portal/includes/submit_or_cancel.html",
    ROOT / "portal/templates/portal/includes/filter_form.html",
    ROOT / "portal/templates/portal/includes/pagination.html",
    ROOT / "portal/templates/portal/includes/error_summary.html",
    ROOT / "portal/templates/portal/forms/govuk_field.html",
    ROOT / "cms/templates/cms/includes/language_switcher.html",
]
# Templates that must hold no words outside translate tags: the intake pages the
# Children's Program's workers use every day and the list includes around them.
NO_BARE_WORDS = [
    *sorted((PROGRAMME_TEMPLATES / "intake").glob("*.html")),
    ROOT / "portal/templates/portal/includes/filter_form.html",
    ROOT / "portal/templates/portal/includes/list_end.html",
]
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
# templatize writes gettext(u'...') / ngettext(u'...', u'...', count) with Python quoting.
QUOTED = r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
TEMPLATE_CALL = re.compile(rf"\b(n?gettext)\(u{QUOTED}(?:, u{QUOTED})?")
# A translated filter argument ({{ value|default:_("Not given") }}) stays as _("...").
FILTER_ARGUMENT = re.compile(rf"(?<![\w.])_\({QUOTED}\)")


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def strings_in_python(source: str) -> set[tuple[str, ...]]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _name(node.func)
        texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
        if name in SINGULAR and texts and isinstance(texts[0], str):
            found.add((texts[0],))
        elif name in PLURAL and len(texts) == 2:
            found.add((texts[0], texts[1]))
    return found


def strings_in_template(source: str, origin: str) -> set[tuple[str, ...]]:
    found = set()
    for match in TEMPLATE_CALL.finditer(templatize(source, origin=origin)):
        kind, singular, plural = match.groups()
        texts = tuple(ast.literal_eval(text) for text in (singular, plural) if text)
        found.add(texts if kind == "ngettext" else texts[:1])
    for match in FILTER_ARGUMENT.finditer(templatize(source, origin=origin)):
        found.add((ast.literal_eval(match.group(1)),))
    return found


def untranslated(strings: set[tuple[str, ...]]) -> list[str]:
    """The strings with no Swedish entry (a translation may equal the English, as
    "Beta" does, so the catalogue is asked whether it holds the string)."""
    catalogue = trans_real.translation("sv")._catalog
    missing = []
    for texts in sorted(strings):
        key = (texts[0], 0) if len(texts) == 2 else texts[0]
        if not catalogue.get(key):
            missing.append(texts[0])
    return missing


def all_strings() -> set[tuple[str, ...]]:
    strings = set()
    for path in PYTHON:
        strings |= strings_in_python(path.read_text(encoding="utf-8"))
    for path in TEMPLATES:
        strings |= strings_in_template(path.read_text(encoding="utf-8"), str(path))
    return strings


def test_every_string_of_the_programmes_pages_is_in_swedish():
    strings = all_strings()
    assert len(strings) > 60, "the scan found too few strings: is it reading the files?"
    missing = untranslated(strings)
    assert missing == [], "Translate these in locale/sv/LC_MESSAGES/django.po:\n" + "\n".join(
        missing
    )


def test_the_check_finds_a_string_nobody_translated():
    python = 'from django.utils.translation import gettext as _\n_("A sentence nobody translated")'
    template = (
        '{% load i18n %}{% translate "Another sentence nobody translated" %}'
        '{{ value|default:_("A default nobody translated") }}'
    )
    strings = strings_in_python(python) | strings_in_template(template, "x.html")
    assert untranslated(strings) == [
        "A default nobody translated",
        "A sentence nobody translated",
        "Another sentence nobody translated",
    ]
    known = strings_in_template('{% load i18n %}{% translate "About you" %}', "x.html")
    assert untranslated(known) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_each_template_is_read(path):
    assert strings_in_template(path.read_text(encoding="utf-8"), str(path)), path


# --- words outside translate tags ---------------------------------------------------------

TAG = re.compile(r"<[^>]*>")
# Attributes a person reads or hears (screen readers read aria-label and alt).
READ_ATTRIBUTE = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
WORD = re.compile(r"[^\W\d_]{2,}")
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "comment": "endcomment"}


# Words given to a filter or an include in quotes: {{ x|default:"None given" }},
# {% include "..." with button="Save" %} (a format such as date:"j F Y" has no words).
QUOTED_ARGUMENT = re.compile(r'(?::|\w=)"((?:[^"\\]|\\.)*)"')


def bare_words(source: str) -> list[str]:
    """The words of `source` a reader would see that no translate tag covers: the
    template's text with every tag and variable taken out (a placeholder keeps an
    attribute's quotes together), then its HTML tags, then what is left; and the
    words of quoted filter and include arguments."""
    text, quoted, closing = [], [], None
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            text.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            closing = SKIPPED_BLOCKS.get(token.contents.split()[0])
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            quoted.extend(QUOTED_ARGUMENT.findall(token.contents))
            text.append("\x00")
    html = "".join(text)
    attributes = " ".join(READ_ATTRIBUTE.findall(html))
    seen = " ".join((TAG.sub(" ", html).replace("&nbsp;", " "), attributes, *quoted))
    return WORD.findall(seen)


@pytest.mark.parametrize("path", NO_BARE_WORDS, ids=lambda p: p.name)
def test_no_words_outside_translate_tags(path):
    assert bare_words(path.read_text(encoding="utf-8")) == [], path


def test_the_check_finds_words_written_straight_into_a_template():
    template = (
        '{% load i18n %}<h1 class="govuk-heading-l">{% translate "Referrals" %}</h1>'
        "{% comment %}Not shown.{% endcomment %}{# nor this #}"
        "<p>{% blocktranslate with n=count %}{{ n }} referrals{% endblocktranslate %}</p>"
        '<a href="{% url "x" %}" aria-label="Open it">{{ name }}</a> · '
        "<td>{% if flag %}Contact due{% endif %}</td>"
        '{{ day|date:"j F Y" }}{{ phone|default:_("None given") }}{{ note|default:"Not given" }}'
        '{% include "portal/includes/submit_or_cancel.html" with button="Save" %}'
    )
    assert bare_words(template) == ["Contact", "due", "Open", "it", "Not", "given", "Save"]


# --- the header's sections ---------------------------------------------------------------


def test_every_header_section_is_named_in_swedish_when_drawn():
    """The apps register their sections at start-up, before any page has a language:
    each label stays lazy, and has its Swedish entry."""
    sections = registered_sections()
    assert len(sections) >= 10
    catalogue = trans_real.translation("sv")._catalog
    for section in sections:
        assert isinstance(section.label, Promise), section.url_name
        with translation.override("en-gb"):
            english = str(section.label)
        assert catalogue.get(english), f"Translate the header section {english!r}"
        with translation.override("sv"):
            assert str(section.label) == catalogue[english]
