"""Subject access: everything the portal holds about one person, in one ZIP.

The register of personal data (portal.privacy.register) says, for each record
type, the lookups from a record to the people it is about. `subject_records`
follows them from one person (an account, a child or a carer) and
`subject_access_zip` writes:

- `manifest.json`: who it is about, when it was made, what is included (counts
  per record type), and what was left out or redacted, and why;
- `records/<app>.<model>.json`: one file per record type;
- `history.json`: every change to those records (simple-history);
- `access-log.json`: who read them, when and why (by role and organisation);
- `summary.pdf`: the same, readable, through the one PDF renderer.

Other people's data stays out: a link to another person is given as
"another person", and the free text of a record about more than one child (a
group session) is withheld, with a note in the manifest.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from portal.audit.models import AccessEvent
from portal.pdf import render_pdf

from .register import PersonalRecord, Whose, personal_fields, personal_records

ANOTHER_PERSON = "another person"
WITHHELD = "[withheld: this record is also about another child]"

# What each kind of person is, and which of the register's kinds they can be.
PERSON_KINDS = {
    "user": ("accounts.User", (Whose.STUDENT, Whose.EDUCATOR, Whose.PROFESSIONAL, Whose.REFERRER)),
    "child": ("casework.Child", (Whose.CHILD,)),
    "carer": ("casework.Carer", (Whose.CARER, Whose.PARENT)),
}
PERSON_LABELS = {label for label, _ in PERSON_KINDS.values()}


def person_for(kind: str, pk: int) -> models.Model:
    """The person `kind:pk` names; LookupError if there is no such kind or person."""
    if kind not in PERSON_KINDS:
        raise LookupError(f"A person is one of {', '.join(PERSON_KINDS)}, not {kind!r}.")
    model = apps.get_model(PERSON_KINDS[kind][0])
    person = model._base_manager.filter(pk=pk).first()
    if person is None:
        raise LookupError(f"There is no {kind} with id {pk}.")
    return person


def kind_of(person: models.Model) -> str:
    for kind, (label, _) in PERSON_KINDS.items():
        if person._meta.label == label:
            return kind
    raise LookupError(f"{person._meta.label} is not a kind of person.")


# --- finding the records -------------------------------------------------------------------


def _paths_to(entry: PersonalRecord, kinds: tuple[Whose, ...]) -> list[str]:
    paths: list[str] = []
    for kind in kinds:
        for path in entry.people.get(kind, ()):
            if path not in paths:
                paths.append(path)
    return paths


def _leads_to(model, path: str, label: str) -> bool:
    target = model
    for part in filter(None, path.split("__")):
        target = target._meta.get_field(part).related_model
    return target._meta.label == label


def subject_records(person: models.Model) -> dict[str, list[models.Model]]:
    """Every record about `person`, by record type (`app.Model`)."""
    label, kinds = PERSON_KINDS[kind_of(person)]
    found: dict[str, list[models.Model]] = {}
    for record_type, entry in sorted(personal_records().items()):
        model = entry.model
        query = models.Q()
        for path in _paths_to(entry, kinds):
            if not _leads_to(model, path, label):
                continue
            query |= models.Q(pk=person.pk) if not path else models.Q(**{path: person.pk})
        if not query:
            continue
        records = list(model._base_manager.filter(query).distinct().order_by("pk"))
        if records:
            found[record_type] = records
    return found


# --- writing a record out --------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


@dataclass
class Redactions:
    notes: list[str] = field(default_factory=list)

    def add(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)


def _children_on(record: models.Model, entry: PersonalRecord) -> set[int]:
    ids: set[int] = set()
    for path in entry.people.get(Whose.CHILD, ()):
        if not path:
            ids.add(record.pk)
            continue
        ids.update(
            record._meta.model._base_manager.filter(pk=record.pk)
            .exclude(**{f"{path}__isnull": True})
            .values_list(path, flat=True)
        )
    return ids


def _fields_of(values: dict, model, person, withheld: set[str]) -> dict:
    out = {}
    for f in model._meta.concrete_fields:
        if f.name.startswith("history_") or f.name in {"history_id"}:
            continue
        value = values.get(f.attname)
        if f.is_relation and f.related_model is not None:
            related = f.related_model._meta.label
            if related in PERSON_LABELS:
                if value is None:
                    out[f.name] = None
                elif related == person._meta.label and value == person.pk:
                    out[f.name] = "you"
                else:
                    out[f.name] = ANOTHER_PERSON
            else:
                out[f.name] = value
            continue
        out[f.name] = WITHHELD if f.name in withheld else _plain(value)
    return out


def _withheld_fields(record, entry: PersonalRecord, person, redactions: Redactions) -> set[str]:
    """The fields of `record` left out of `person`'s export: a child's record in an
    adult's export (a student's session notes, the child an officer registered) is
    listed without its content, which is the child's; a record about several
    children is left without its free text in each child's export."""
    everything = set(personal_fields(entry.model)) | set(entry.fields)
    if record._meta.label == person._meta.label and record.pk == person.pk:
        return set()
    if person._meta.label != "casework.Child":
        if Whose.CHILD not in entry.whose:
            return set()
        redactions.add(
            f"{entry.label}: records about children this person worked with are listed "
            "without their content, which belongs to the children."
        )
        return everything
    if Whose.CHILD not in entry.people:
        return set()
    others = _children_on(record, entry) - {person.pk}
    if not others:
        return set()
    redactions.add(
        f"{entry.label}: the free text of records about more than one child (a group "
        "session or plan) is withheld, as it may be about the other children."
    )
    return everything


def _values(record: models.Model) -> dict:
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}


@dataclass
class SubjectAccess:
    person: models.Model
    records: dict[str, list[dict]]
    history: list[dict]
    access_log: list[dict]
    manifest: dict


def subject_access(person: models.Model, *, made_by=None) -> SubjectAccess:
    found = subject_records(person)
    redactions = Redactions()
    registry = personal_records()
    records: dict[str, list[dict]] = {}
    history: list[dict] = []
    keys_by_type: dict[int, list[int]] = defaultdict(list)
    for record_type, items in found.items():
        entry = registry[record_type]
        model = entry.model
        content_type = ContentType.objects.get_for_model(model)
        withheld_by_pk = {r.pk: _withheld_fields(r, entry, person, redactions) for r in items}
        records[record_type] = [
            _fields_of(_values(r), model, person, withheld_by_pk[r.pk]) for r in items
        ]
        keys_by_type[content_type.pk] = [r.pk for r in items]
        historical = getattr(getattr(model, "history", None), "model", None)
        if historical is None:
            continue
        rows = historical._base_manager.filter(
            **{f"{model._meta.pk.attname}__in": [r.pk for r in items]}
        ).order_by("history_date", "history_id")
        for row in rows:
            values = {f.attname: getattr(row, f.attname) for f in historical._meta.concrete_fields}
            pk = values[model._meta.pk.attname]
            history.append(
                {
                    "record_type": record_type,
                    "record_id": pk,
                    "when": _plain(row.history_date),
                    "change": {"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
                    "by": (
                        None
                        if row.history_user_id is None
                        else "you"
                        if person._meta.label == "accounts.User"
                        and row.history_user_id == person.pk
                        else ANOTHER_PERSON
                    ),
                    "values": _fields_of(values, model, person, withheld_by_pk.get(pk, set())),
                }
            )
    access_log = []
    query = models.Q()
    for content_type_id, ids in keys_by_type.items():
        query |= models.Q(content_type_id=content_type_id, object_id__in=ids)
    if query:
        events = (
            AccessEvent.objects.filter(query)
            .select_related("content_type", "user")
            .order_by("at", "pk")
        )
        for event in events:
            access_log.append(
                {
                    "when": _plain(event.at),
                    "record_type": f"{event.content_type.app_label}.{event.content_type.model}",
                    "record_id": event.object_id,
                    "why": event.purpose,
                    "who": "you"
                    if person._meta.label == "accounts.User" and event.user_id == person.pk
                    else _reader(event.user),
                }
            )
    if access_log:
        redactions.add(
            "access-log.json: the people who read the records are given by their role and "
            "organisation, not by name."
        )
    manifest = {
        "about": {"kind": kind_of(person), "id": person.pk},
        "made_at": _plain(timezone.now()),
        "made_by": _reader(made_by) if made_by is not None else "the portal",
        "record_types": {label: len(items) for label, items in records.items()},
        "history_entries": len(history),
        "access_log_entries": len(access_log),
        "files": [
            "manifest.json",
            *[f"records/{label}.json" for label in records],
            "history.json",
            "access-log.json",
            "summary.pdf",
        ],
        "left_out_or_redacted": redactions.notes
        + [
            "Links to other people (the practice educator, a carer, another child) are given "
            "as 'another person'.",
        ],
    }
    return SubjectAccess(person, records, history, access_log, manifest)


def _reader(user) -> str:
    if user is None:
        return "someone whose account no longer exists"
    memberships = getattr(user, "memberships", None)
    if memberships is None:
        return "a portal user"
    current = [
        f"{m.get_role_display().lower()} at {m.organisation.name}"
        for m in memberships.select_related("organisation")
    ]
    return "; ".join(current) or "a portal user"


def _json(value) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str).encode("utf-8")


def subject_access_zip(person: models.Model, *, made_by=None) -> tuple[str, bytes]:
    """(file name, ZIP bytes) of everything held about `person`."""
    data = subject_access(person, made_by=made_by)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(data.manifest))
        for label, rows in data.records.items():
            archive.writestr(f"records/{label}.json", _json(rows))
        archive.writestr("history.json", _json(data.history))
        archive.writestr("access-log.json", _json(data.access_log))
        archive.writestr(
            "summary.pdf",
            render_pdf(
                "pdf/subject_access.html",
                {
                    "manifest": data.manifest,
                    "records": data.records,
                    "history": data.history,
                    "access_log": data.access_log,
                },
            ),
        )
    kind = data.manifest["about"]["kind"]
    return f"subject-access-{kind}-{person.pk}.zip", buffer.getvalue()
