"""The anonymisation guard: no child's or carer's name in what a university reads.

DOMAIN.md: portfolio evidence about children and families is anonymised. The
university reads more than the evidence: supervision records (the case
discussion above all), direct observations, the midpoint review, the final
report and concerns, and they go into its PDFs. Every service writing one of
those calls `refuse_child_names` with each free-text field it saves, so the
rule and its message live here only.

The names checked are those of the children, and of their carers, on the
allocated work of the placement's student and of its practice educator. Casework
holds those records, and placements never imports casework (docs/architecture.md),
so casework registers its `names_on_work` here at start-up (`protected_names_source`,
called from placements/casework/apps.py). A text naming one is refused with a
ValidationError on the field, and nothing is saved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model

from ..models import Placement

# What a field holds: one text, or several (progress comments, action descriptions...).
Texts = Mapping[str, str | Iterable[str] | None]

# function(*, student, practice_educator) -> the names no text the university reads
# may contain; filled at start-up by the apps that hold children's records.
NamesSource = Callable[..., set[str]]
_names_sources: list[NamesSource] = []


def protected_names_source(source: NamesSource) -> NamesSource:
    """Register a function(*, student, practice_educator) -> set of names (a child's or
    a carer's) that the guard refuses in what the university reads."""
    if source not in _names_sources:
        _names_sources.append(source)
    return source


def _protected_names(placement: Placement) -> set[str]:
    names: set[str] = set()
    for source in _names_sources:
        names |= source(student=placement.student, practice_educator=placement.practice_educator)
    return names


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, so “Zoë” matches “zoe” and ’ matches '."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_parts(names: Iterable[str]) -> set[str]:
    """Each name as separate words (a double-barrelled name also by its parts),
    keeping those of two letters or more: a single initial is anonymised."""
    parts: set[str] = set()
    for name in names:
        for word in (name or "").split():
            for candidate in {word, *word.split("-")}:
                candidate = candidate.strip("'.,")
                if sum(ch.isalpha() for ch in candidate) >= 2:
                    parts.add(_fold(candidate))
    return parts


def child_names_in(text: str, names: Iterable[str]) -> bool:
    """Whether `text` contains any of `names` as a whole word, ignoring case.

    Whole words only, so a child called Ann does not block “annual” or
    “planning”, but does block “Ann's”, “ANN” or “Ann-Marie”.
    """
    folded = _fold(text or "")
    return any(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", folded) for part in _name_parts(names))


def message(label: str) -> str:
    """The one refusal. It does not repeat the name: error text can end up in logs
    and screenshots, and the point is that the name is written nowhere."""
    return (
        f"Remove the name from the {label}: what the university reads is anonymised, and "
        "this names a child or carer on the student's or practice educator's work. Describe "
        "the person instead, for example “the younger sibling”, “a 9-year-old boy” or "
        "“the foster carer”."
    )


def _label(field: str, model: type[Model] | None, labels: Mapping[str, str]) -> str:
    if field in labels:
        return labels[field]
    if model is not None:
        try:
            return str(model._meta.get_field(field).verbose_name).removeprefix("the ")
        except FieldDoesNotExist:
            pass
    return field.replace("_", " ")


def _joined(value: str | Iterable[str] | None) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return "\n".join(text or "" for text in value)


def anonymisation_errors(
    *,
    placement: Placement,
    texts: Texts,
    model: type[Model] | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """{field: message} for each of `texts` naming a child or carer on the work of
    `placement`'s student or practice educator. A field is labelled from `labels`,
    else from `model`'s verbose name, else from its own name."""
    written = {field: _joined(value) for field, value in texts.items()}
    if not any(text.strip() for text in written.values()):
        return {}
    names = _protected_names(placement)
    if not names:
        return {}
    return {
        field: message(_label(field, model, labels or {}))
        for field, text in written.items()
        if child_names_in(text, names)
    }


def refuse_child_names(
    *,
    placement: Placement,
    texts: Texts,
    model: type[Model] | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Raise a ValidationError on every field of `texts` that names a child or carer
    (see `anonymisation_errors`). Call it before anything is saved."""
    errors = anonymisation_errors(placement=placement, texts=texts, model=model, labels=labels)
    if errors:
        raise ValidationError(errors)
