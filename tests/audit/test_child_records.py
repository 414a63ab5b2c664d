"""Every model linked to a child declares that it holds a child's record (issue 13).

The walk follows foreign keys (and many-to-many fields) forward from every model
in the app registry; a model that reaches the child model and has no
`child_record = ChildRecord(...)` fails, as does a declaration whose path does
not lead to the child or that names a field or permission that does not exist.
"""

from __future__ import annotations

import rules
from django.apps import apps
from django.db.models import ForeignObjectRel

from placements.casework.models import (
    Carer,
    Child,
    ChildMerge,
    DirectWorkSession,
    PlanGoal,
    SafeguardingAddendum,
    SupportRequest,
    Theme,
)
from placements.programmes.models import ReferredChild
from portal.accounts.models import Organisation
from portal.audit.records import child_record_models, child_record_of
from tests.casework.factories import (
    ChildFactory,
    SessionFactory,
    SupportRequestFactory,
    plan_with_children,
)


def _linked(model) -> list:
    """The models `model` points at through its own relation fields."""
    return [
        field.related_model
        for field in model._meta.get_fields()
        if field.is_relation
        and field.related_model is not None
        and not field.auto_created
        and not isinstance(field, ForeignObjectRel)
    ]


def reaches_child(model) -> bool:
    seen, waiting = {model}, [model]
    while waiting:
        for target in _linked(waiting.pop()):
            if target is Child:
                return True
            if target not in seen:
                seen.add(target)
                waiting.append(target)
    return False


def is_historical(model) -> bool:
    """simple-history's copy of a model (the history of a declared record)."""
    return hasattr(model, "instance_type")


def test_the_walk_follows_paths_of_any_length():
    assert reaches_child(Carer)
    assert reaches_child(PlanGoal)  # goal -> child on the plan -> child
    assert reaches_child(SafeguardingAddendum)  # addendum -> concern -> child
    assert reaches_child(DirectWorkSession)  # session -> plan -> children
    assert not reaches_child(Theme)
    assert not reaches_child(Organisation)


def test_every_model_with_a_path_to_a_child_declares_it():
    undeclared = sorted(
        model._meta.label
        for model in apps.get_models()
        if model is Child or (not is_historical(model) and reaches_child(model))
        if child_record_of(model) is None
    )
    assert undeclared == [], (
        "These models hold part of a child's record: add child_record = ChildRecord(...) "
        "(portal/audit/records.py):\n" + "\n".join(undeclared)
    )


def test_each_declaration_leads_to_the_child_and_names_real_fields_and_rules():
    declared = child_record_models()
    assert Child in declared and Carer in declared
    for model in declared:
        record = child_record_of(model)
        # A programme's children are its own records (programmes.ReferredChild).
        assert record.child_models(model) in ({Child}, {ReferredChild}), model
        names = {field.name for field in model._meta.concrete_fields}
        for restrictions in (record.restricted, record.former_values):
            for permission, fields in restrictions.items():
                assert rules.perm_exists(permission), (model, permission)
                assert set(fields) <= names, (model, set(fields) - names)


def test_a_record_knows_its_children(db):
    first, second = ChildFactory(), ChildFactory()
    ChildFactory()  # someone else
    plan = plan_with_children(first, second)
    session = SessionFactory(plan=plan)
    declared = child_record_of(DirectWorkSession)
    assert set(declared.children(session)) == {first, second}
    assert list(child_record_of(Child).children(first)) == [first]


def test_a_record_about_two_records_of_a_child_knows_both(db):
    """A request keeps the record the school entered after a merge moves it; a
    merge is about the record kept and the one merged into it."""
    entered, kept = ChildFactory(), ChildFactory()
    support_request = SupportRequestFactory(child=kept, child_as_entered=entered)
    assert set(child_record_of(SupportRequest).children(support_request)) == {entered, kept}
    merge = ChildMerge.objects.create(
        keep=kept,
        duplicate=entered,
        merged_at=support_request.submitted_at,
        merged_by=support_request.submitted_by,
    )
    assert set(child_record_of(ChildMerge).children(merge)) == {entered, kept}
