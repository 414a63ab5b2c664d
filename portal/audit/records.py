"""Which models hold a child's record, and what each reader may see of one.

A model that holds any part of a child's record says so once, on the model:

    class Carer(models.Model):
        child = models.ForeignKey(Child, ...)
        child_record = ChildRecord("child")

Each path is a lookup from the model to the child (or children) the record is
about: none on the child itself, both on a merge of two records. `restricted`
maps a permission, checked on the record, to the fields that the record's own
page shows only to holders of that permission (the page asks the same
permission); `former_values` maps a permission to fields every reader of the
page sees as they are now, but whose earlier values only holders may see (a
surname before an adoption).

What reads the declaration: the change-history page (audit.views.HistoryView)
logs each view and leaves out what the reader may not see; the Django admin's
change page logs each view (ChildRecordAdminMixin); the app's own pages log
each view with record_access (or LoggedReadMixin). A test walks the app registry
and fails on a model with a foreign-key path to a child and no declaration.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.apps import apps
from django.db import models

from .services import record_access

ATTRIBUTE = "child_record"


class ChildRecord:
    """The declaration: `ChildRecord(*paths, restricted=..., former_values=...)`."""

    def __init__(
        self,
        *paths: str,
        restricted: Mapping[str, Collection[str]] | None = None,
        former_values: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.paths = paths or ("",)
        self.restricted = dict(restricted or {})
        self.former_values = dict(former_values or {})

    def __repr__(self) -> str:
        return f"ChildRecord{self.paths!r}"

    def child_models(self, model: type[models.Model]) -> set[type[models.Model]]:
        """The models the paths lead to from `model` (the child model)."""
        found = set()
        for path in self.paths:
            target = model
            for name in filter(None, path.split("__")):
                target = target._meta.get_field(name).related_model
            found.add(target)
        return found

    def children(self, record: models.Model) -> models.QuerySet:
        """The children `record` is about (one query when evaluated)."""
        model = type(record)
        [child_model] = self.child_models(model)
        if self.paths == ("",):
            return child_model._default_manager.filter(pk=record.pk)
        this = model._default_manager.filter(pk=record.pk)
        condition = models.Q()
        for path in self.paths:
            condition |= models.Q(pk__in=this.values(f"{path}__pk"))
        return child_model._default_manager.filter(condition)

    def hidden_from(self, user, record: models.Model) -> frozenset[str]:
        """The fields of `record` whose values (now or earlier) `user` may not see."""
        hidden: set[str] = set()
        answers: dict[str, bool] = {}
        for rules_of_fields in (self.restricted, self.former_values):
            for permission, names in rules_of_fields.items():
                if permission not in answers:
                    answers[permission] = user.has_perm(permission, record)
                if not answers[permission]:
                    hidden.update(names)
        return frozenset(hidden)


def child_record_of(model_or_record) -> ChildRecord | None:
    """The declaration on a model (or a record's model), or None if it holds no child's record."""
    declared = getattr(model_or_record, ATTRIBUTE, None)
    return declared if isinstance(declared, ChildRecord) else None


def child_record_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if child_record_of(model) is not None]


class LoggedReadMixin:
    """A page of a child's record: each time it is shown, an access-log row.

    `read_purpose` says why in the log; `read_record` names the view's attribute
    holding the record shown (set by the view's dispatch). The row is written as
    the page renders (a form shown again with its errors is a read too); a
    redirect after a successful write shows nothing and logs nothing.
    """

    read_purpose: str = ""
    read_record: str = ""

    def render_to_response(self, context, **response_kwargs):
        record = getattr(self, self.read_record)
        record_access(self.request.user, record, self.read_purpose, path=self.request.path)
        return super().render_to_response(context, **response_kwargs)


class ChildRecordAdminMixin:
    """A Django admin for a child-record model: opening a record's page is logged.

    Hooked on render_change_form rather than change_view, so the admin's own
    (guarded) view stays in place and only a page actually shown is logged.
    """

    read_purpose: str = ""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            purpose = self.read_purpose or f"Viewed the {obj._meta.verbose_name} (Django admin)"
            record_access(request.user, obj, purpose, path=request.path)
        return super().render_change_form(request, context, add, change, form_url, obj)
