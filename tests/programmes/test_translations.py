"""Every string of the Children's Program's pages has its Swedish translation
(issue 19, requirement 8).

The strings are found as `makemessages` finds them, without GNU gettext: the
gettext calls in the programme's Python modules (read with `ast`) and the
translate tags of its public and staff templates and the shared page chrome (through
Django's own `templatize`). Each must have a Swedish entry in the compiled
catalogue: a new string without one fails here, naming it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PYTHON = sorted((ROOT / "placements" / "programmes").rglob("*.py"))
PROGRAMME_TEMPLATES = ROOT / "placements/programmes/templates/programmes"
# The programme's public pages and its staff pages (every template of each part, so
# a page added later is checked too), and the shared chrome around them.
STAFF_PARTS = ("runs", "leaders", "run_outcomes", "support_groups")
TEMPLATES = [
    *sorted((PROGRAMME_TEMPLATES / "interest").glob("*.html")),
    *sorted(path for part in STAFF_PARTS for path in (PROGRAMME_TEMPLATES / part).glob("*.html")),
    PROGRAMME_TEMPLATES / "intake/_interest_details.html",
    ROOT / "portal/templates/base.html",
    ROOT / "portal/templates/portal/includes/portal_language.html",
    ROOT / "portal/templates/portal/includes/messages.html",
    ROOT / "portal/templates/portal/includes/submit_or_cancel.html",
    ROOT / "portal/templates/portal/includes/pagination.html",
    ROOT / "portal/templates/portal/includes/error_summary.html",
    ROOT / "portal/templates/portal/forms/govuk_field.html",
    ROOT / "cms/templates/cms/includes/language_switcher.html",
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
