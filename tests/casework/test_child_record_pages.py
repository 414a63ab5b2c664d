"""Every page of a child's record logs its reads (issue 13, requirement 1).

The walk takes every casework URL that takes an id from the URL conf, opens it
for one child's whole record as someone who uses that page, and fails when a
page showing the child (their name, or their reference beside what the page
says of them, or a PDF of the record) wrote no access-log row.
A new id-taking URL fails the walk until it is given a visit below. The change
history of every model declared a child's record, and its Django admin change
page, are walked the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.audit.records import child_record_models
from tests.casework.support import ChildRecordWorld, child_record_world
from tests.factories import user_with_role
from tests.lifestory.support import life_story_records
from tests.programmes.records import programme_world

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Visit:
    who: str  # the ChildRecordWorld attribute naming the person who opens the page
    kwargs: Callable[[ChildRecordWorld], dict]
    status: int = 200  # 302: it sends them on; 405: it only takes a POST


def _child(w: ChildRecordWorld) -> dict:
    return {"pk": w.child.pk}


def _term(w: ChildRecordWorld) -> dict:
    """A term (with a holiday) of the child's school: the term dates pages show no child."""
    from datetime import date

    from placements.casework.models import SchoolTerm, TermHoliday

    term, _ = SchoolTerm.objects.get_or_create(
        school=w.school,
        name="Autumn term 2030",
        defaults={"starts_on": date(2030, 9, 2), "ends_on": date(2030, 12, 20)},
    )
    holiday, _ = TermHoliday.objects.get_or_create(
        term=term,
        name="INSET day",
        defaults={"starts_on": date(2030, 9, 2), "ends_on": date(2030, 9, 2)},
    )
    return {"school_pk": w.school.pk, "term_pk": term.pk, "holiday_pk": holiday.pk}


def _school_service(w: ChildRecordWorld) -> dict:
    """A link of the child's school with the service: the page shows no child."""
    from placements.casework.models import SchoolService

    link, _ = SchoolService.objects.get_or_create(
        school=w.school, service=w.service, kind="direct_work"
    )
    return {"pk": link.pk}


def _without(*names):
    return lambda w: {k: v for k, v in _term(w).items() if k not in names}


VISITS: dict[str, Visit] = {
    "school_terms": Visit("school_contact", _without("term_pk", "holiday_pk")),
    "term_create": Visit("school_contact", _without("term_pk", "holiday_pk")),
    "term_update": Visit("school_contact", _without("holiday_pk")),
    "term_delete": Visit("school_contact", _without("holiday_pk")),
    "holiday_create": Visit("school_contact", _without("holiday_pk")),
    "holiday_delete": Visit("school_contact", _term, status=405),
    "child_detail": Visit("school_contact", _child),
    "child_update": Visit("coordinator", _child),
    "carer_add": Visit("coordinator", _child),
    "carer_update": Visit("coordinator", lambda w: {"pk": w.child.pk, "carer_pk": w.carer.pk}),
    "carer_remove": Visit("coordinator", lambda w: {"pk": w.child.pk, "carer_pk": w.carer.pk}),
    "allocation_create": Visit("coordinator", _child),
    "allocation_end": Visit(
        "coordinator", lambda w: {"pk": w.child.pk, "allocation_pk": w.allocation.pk}
    ),
    "request_detail": Visit("school_contact", lambda w: {"pk": w.support_request.pk}),
    "request_accept": Visit("coordinator", lambda w: {"pk": w.support_request.pk}),
    "request_decline": Visit("coordinator", lambda w: {"pk": w.support_request.pk}),
    "request_redirect": Visit("coordinator", lambda w: {"pk": w.support_request.pk}),
    "plan_detail": Visit("school_contact", lambda w: {"pk": w.plan.pk}),
    "plan_update": Visit("educator", lambda w: {"pk": w.draft_plan.pk}),
    "plan_school_agree": Visit("school_contact", lambda w: {"pk": w.draft_plan.pk}, 405),
    "plan_agreements": Visit("educator", lambda w: {"pk": w.draft_plan.pk}),
    "plan_transition": Visit("educator", lambda w: {"pk": w.plan.pk, "name": "close_early"}),
    "session_detail": Visit("student", lambda w: {"pk": w.session.pk}),
    "session_log": Visit("student", lambda w: {"pk": w.session.pk}),
    "session_review": Visit("educator", lambda w: {"pk": w.session.pk}),
    # The world's session is logged: the move page sends the student back to it.
    "session_move": Visit("student", lambda w: {"pk": w.session.pk}, status=302),
    "session_draft": Visit("student", lambda w: {"pk": w.session.pk}, status=405),
    "session_draft_discard": Visit("student", lambda w: {"pk": w.session.pk}, status=405),
    "evidence_from_session": Visit("student", lambda w: {"pk": w.session.pk}, status=302),
    "evidence_from_assessment": Visit("student", lambda w: {"pk": w.assessment.pk}, status=302),
    "wellbeing_record": Visit("student", lambda w: {"plan_pk": w.plan.pk, "child_pk": w.child.pk}),
    "wellbeing_correct": Visit("student", lambda w: {"pk": w.measure.pk}),
    "closure_record": Visit("student", lambda w: {"pk": w.member.pk}),
    "closure_pdf": Visit("school_contact", lambda w: {"pk": w.member.pk}),
    "concern_raise": Visit("student", lambda w: {"session_pk": w.session.pk}),
    "concern_detail": Visit("school_contact", lambda w: {"pk": w.concern.pk}),
    "concern_add_addendum": Visit("school_contact", lambda w: {"pk": w.concern.pk}),
    "concern_record_outcome": Visit("educator", lambda w: {"pk": w.concern.pk}),
    "school_safeguarding": Visit("coordinator", lambda w: {"school_pk": w.school.pk}),
    "school_service_remove": Visit("coordinator", _school_service),
    "assessment_detail": Visit("social_worker", lambda w: {"pk": w.assessment.pk}),
    "assessment_edit": Visit("social_worker", lambda w: {"pk": w.assessment.pk}),
    "assessment_transition": Visit(
        "social_worker", lambda w: {"pk": w.assessment.pk, "name": "submit"}
    ),
    "merge_compare": Visit("coordinator", lambda w: {"pk": w.child.pk, "other_pk": w.duplicate.pk}),
    "merge_confirm": Visit("coordinator", lambda w: {"pk": w.duplicate.pk, "keep_pk": w.child.pk}),
    "merge_detail": Visit("admin", lambda w: {"pk": w.merge.pk}),
    "merge_undo": Visit("admin", lambda w: {"pk": w.merge.pk}),
}


def id_taking_routes(patterns, prefix: str = "", namespace: str = ""):
    """(route, "namespace:name") of every named URL with a path argument."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from id_taking_routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name and "<" in str(entry.pattern):
            yield prefix + str(entry.pattern), f"{namespace}:{entry.name}"


def casework_routes() -> dict[str, str]:
    return {
        name.removeprefix("casework:"): route
        for route, name in id_taking_routes(get_resolver().url_patterns)
        if name.startswith("casework:")
    }


def shows_the_child(response, world: ChildRecordWorld, *, by_reference: bool = True) -> bool:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return True  # the record itself, whatever the bytes look like
    body = response.content.decode(errors="replace")
    shown = (*world.names, world.child.reference) if by_reference else world.names
    return any(name in body for name in shown)


def open_as(client, user, url: str):
    """GET `url` as `user`: the response and the access-log rows it wrote."""
    client.force_login(user)
    before = AccessEvent.objects.filter(user=user).count()
    response = client.get(url)
    return response, AccessEvent.objects.filter(user=user).count() - before


def test_every_id_taking_casework_url_has_a_visit():
    routes = casework_routes()
    assert len(routes) > 20  # the walk really sees the URL conf
    unvisited = sorted(f"{name}: /{route}" for name, route in routes.items() if name not in VISITS)
    assert unvisited == [], "Give these URLs a visit in VISITS:\n" + "\n".join(unvisited)
    assert sorted(set(VISITS) - set(routes)) == [], "Visits of URLs that no longer exist"


def test_every_casework_page_showing_a_child_logs_the_read(client):
    world = child_record_world()
    unlogged, wrong_status, shown = [], [], []
    for name in sorted(set(casework_routes()) & set(VISITS)):
        visit = VISITS[name]
        url = reverse(f"casework:{name}", kwargs=visit.kwargs(world))
        response, logged = open_as(client, getattr(world, visit.who), url)
        if response.status_code != visit.status:
            wrong_status.append(f"{url} as {visit.who}: {response.status_code}")
            continue
        if shows_the_child(response, world):
            shown.append(name)
            if not logged:
                unlogged.append(f"{name}: {url}")
    assert wrong_status == [], "Pages not opened as expected:\n" + "\n".join(wrong_status)
    assert unlogged == [], "Pages showing a child with no access-log row:\n" + "\n".join(unlogged)
    # The walk really reaches the pages about the child.
    assert {"child_detail", "child_update", "carer_add", "allocation_create"} <= set(shown)


def test_the_history_of_every_child_record_is_logged(client):
    world = child_record_world()
    life_story_records(world.child, user_with_role(Role.LIFESTORY_WORKER, world.service))
    programme_world()  # a programme's family: its children are its own records
    unlogged, missing = [], []
    for model in child_record_models():
        record = model._default_manager.order_by("pk").first()
        if record is None:
            missing.append(model._meta.label)
            continue
        meta = model._meta
        url = reverse("audit:history", args=[meta.app_label, meta.model_name, record.pk])
        response, logged = open_as(client, world.admin, url)
        assert response.status_code == 200, url
        if not logged:
            unlogged.append(url)
    assert missing == [], "Add a row of these to child_record_world(): " + ", ".join(missing)
    assert unlogged == [], "History pages of a child's record not logged:\n" + "\n".join(unlogged)


def test_every_django_admin_change_page_of_a_child_record_is_logged(client):
    world = child_record_world()
    programme_world()
    unlogged, admins = [], 0
    for model in child_record_models():
        if model not in admin.site._registry:
            continue
        admins += 1
        meta = model._meta
        record = model._default_manager.order_by("pk").first()
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        response, logged = open_as(client, world.admin, url)
        assert response.status_code == 200, url
        if not logged:
            unlogged.append(url)
        # The admin's own history lists admin actions under the record's title
        # (initials and reference): nothing of the record itself, nor a name.
        history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[record.pk])
        response, logged = open_as(client, world.admin, history)
        if shows_the_child(response, world, by_reference=False) and not logged:
            unlogged.append(history)
    assert admins >= 3  # children, carers, allocations, concerns...
    assert unlogged == [], "Django admin pages not logged:\n" + "\n".join(unlogged)
