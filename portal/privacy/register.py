"""The register of personal data: whose data each model holds, which of its
fields are personal, and what its retention period may count from.

Each app declares its models once, in `<app>/personal_data.py`:

    personal_data(
        "casework.Carer",
        whose=(Whose.CARER,),
        fields=("name", "phone", "email", "address"),
        counts_from={"child_birth": "child__date_of_birth"},
        people={Whose.CARER: "", Whose.CHILD: "child"},
    )
    not_personal("placements.Framework", why="Reference data: the PCF as published.")

- `fields` are the values anonymising replaces with a marker (history included).
- `counts_from` names the dates a retention schedule may count its period from,
  each a lookup from the model to a date or date-time field; the schedule (data,
  edited by admins) picks one. A lookup through a many relation counts from the
  latest of the dates (a group plan is kept until its youngest child's date);
  "a|b" counts from b where a is empty (the last sign-in, or joining).
- `people` gives, for each kind of person the record is about, the lookup (or
  lookups) from the model to that person (empty: the record is the person), so a
  subject access export finds every record about one person.

A test walks the app registry and fails on a model with a personal field (a name,
a date of birth, contact details, free text, a file) or a link to a person that
is not declared, or whose declaration misses one of those fields: a new app
cannot forget its records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps
from django.db import models


class Whose(StrEnum):
    CHILD = "child"
    CARER = "carer"
    PARENT = "parent"
    STUDENT = "student"
    EDUCATOR = "educator"
    PROFESSIONAL = "professional"  # tutors, co-ordinators, school contacts, social workers
    REFERRER = "referrer"
    CONTRIBUTOR = "contributor"
    VISITOR = "visitor"  # someone using the public site


@dataclass(frozen=True)
class PersonalRecord:
    label: str
    whose: tuple[Whose, ...]
    fields: tuple[str, ...]
    counts_from: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[Whose, tuple[str, ...]] = field(default_factory=dict)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


@dataclass(frozen=True)
class NotPersonal:
    label: str
    why: str


_REGISTER: dict[str, PersonalRecord | NotPersonal] = {}


def _add(entry: PersonalRecord | NotPersonal) -> None:
    if entry.label in _REGISTER and _REGISTER[entry.label] != entry:
        raise ValueError(f"{entry.label} is declared twice in the register of personal data")
    _REGISTER[entry.label] = entry


def personal_data(
    label: str,
    *,
    whose: tuple[Whose, ...],
    fields: tuple[str, ...],
    counts_from: Mapping[str, str] | None = None,
    people: Mapping[Whose, str | tuple[str, ...]] | None = None,
) -> PersonalRecord:
    paths = {
        kind: (path,) if isinstance(path, str) else tuple(path)
        for kind, path in (people or {}).items()
    }
    entry = PersonalRecord(label, tuple(whose), tuple(fields), dict(counts_from or {}), paths)
    _add(entry)
    return entry


def not_personal(label: str, *, why: str) -> NotPersonal:
    entry = NotPersonal(label, why)
    _add(entry)
    return entry


@dataclass(frozen=True)
class KeptWhile:
    """Records of `label` are kept while a record of `keeper` that points at them
    through `link` is itself kept (a child's identity stays with their adoption
    record, whatever the schedule of children's records says)."""

    label: str
    keeper: str
    link: str
    why: str


_KEPT_WHILE: list[KeptWhile] = []


def kept_while(label: str, *, keeper: str, link: str, why: str) -> KeptWhile:
    rule = KeptWhile(label, keeper, link, why)
    if rule not in _KEPT_WHILE:
        _KEPT_WHILE.append(rule)
    return rule


def keepers_of(label: str) -> list[KeptWhile]:
    return [rule for rule in _KEPT_WHILE if rule.label == label]


def declarations() -> dict[str, PersonalRecord | NotPersonal]:
    return dict(_REGISTER)


def personal_records() -> dict[str, PersonalRecord]:
    return {label: e for label, e in _REGISTER.items() if isinstance(e, PersonalRecord)}


def record_type(label: str) -> PersonalRecord:
    entry = _REGISTER.get(label)
    if not isinstance(entry, PersonalRecord):
        raise LookupError(f"{label} is not a record type in the register of personal data")
    return entry


# --- what the walk counts as personal ------------------------------------------------

# Words in a field's name that make a short text or a date personal.
PERSONAL_NAME_PARTS = ("name", "email", "phone", "birth", "address", "postcode")
PERSON_MODELS = ("accounts.User", "casework.Child", "casework.Carer")


FREE_TEXT_AND_FILES = (models.TextField, models.FileField, models.JSONField, models.EmailField)


def _is_personal(f: models.Field) -> bool:
    if isinstance(f, FREE_TEXT_AND_FILES):
        return True
    if isinstance(f, models.CharField):
        # A typed-in "..._by" (who gave consent, who agreed) is a person's name.
        return f.name.endswith("_by") or any(part in f.name for part in PERSONAL_NAME_PARTS)
    return isinstance(f, models.DateField) and "birth" in f.name


def personal_fields(model: type[models.Model]) -> list[str]:
    """The fields of `model` the register must list: names, dates of birth, contact
    details, free text (JSON included) and files."""
    return [f.name for f in model._meta.concrete_fields if _is_personal(f)]


def links_to_a_person(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.related_model is not None
        and f.related_model._meta.label in PERSON_MODELS
    ]


def date_field_at(model: type[models.Model], path: str) -> models.Field:
    target = model
    parts = path.split("__")
    for name in parts[:-1]:
        target = target._meta.get_field(name).related_model
    return target._meta.get_field(parts[-1])


def resolves_to_date(model: type[models.Model], spec: str) -> bool:
    """Whether every alternative of `spec` ("a|b": a, or b where a is empty) leads to
    a date, all of one kind (dates, or date-times)."""
    fields = [date_field_at(model, path) for path in spec.split("|")]
    kinds = {isinstance(f, models.DateTimeField) for f in fields}
    return all(isinstance(f, models.DateField) for f in fields) and len(kinds) == 1
