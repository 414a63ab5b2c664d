"""Every page of a programme's records logs its reads, and the access matrix
(issue 18, requirement 9).

The walk takes every programmes URL that takes an argument, opens it for one
family's whole record as someone who uses that page, and fails when a page
showing the parent or a child wrote no access-log row. A new URL fails the walk
until it is given a visit below. Then each page is opened by people who must not
see it: a worker of another provider's programme and roles outside programmes
get 404 (or 403 for the list pages), never the family's details.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import get_resolver, reverse

from placements.programmes.models import Leader
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.casework.test_child_record_pages import id_taking_routes
from tests.factories import user_with_role

from .delivery_support import other_programme
from .people import programme_worker
from .records import ProgrammeWorld, programme_world

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Visit:
    who: str  # the ProgrammeWorld attribute naming who opens it
    kwargs: Callable[[ProgrammeWorld], dict]
    status: int = 200
    shows_family: bool = True  # the page shows the parent's or a child's name


def _referral(w):
    return {"pk": w.referral.pk}


def _enrolment(w):
    return {"pk": w.enrolment.pk}


def _group(w):
    return {"pk": w.group_session.pk}


def _slug(w):
    return {"slug": w.programme.slug}


def _leader(w):
    """A leader of the world's programme (made on first use: the register is not a family's)."""
    leader, _ = Leader.objects.get_or_create(
        programme=w.programme,
        certificate_number="CP-TEST-1",
        defaults={
            "name": "Karin Ek",
            "organisation": "Öppenvården",
            "municipality": "Norrby",
            "job_title": "Familjebehandlare",
            "issued_by": "Children's Program Sverige",
            "issued_on": date(2025, 1, 1),
            "expires_on": date(2030, 1, 1),
        },
    )
    return {"slug": w.programme.slug, "pk": leader.pk}


VISITS: dict[str, Visit] = {
    "referral_detail": Visit("colleague", _referral),
    "referral_allocate": Visit("coordinator", _referral, status=302),  # accepted: sent back
    "referral_contact": Visit("worker", _referral, status=302),  # decided: sent back
    "referral_accept": Visit("worker", _referral, status=302),
    "referral_not_suitable": Visit("worker", _referral, status=302),
    "referral_parent_declined": Visit("worker", _referral, status=302),
    "referral_withdraw": Visit("worker", _referral, status=302),
    "enrol": Visit("worker", _referral, status=302),  # enrolled already: sent on
    "enrolment_detail": Visit("colleague", _enrolment),
    "keywork_session_record": Visit("worker", _enrolment),
    "keywork_plan_agree": Visit("worker", _enrolment, status=302),  # agreed: sent back
    "keywork_plan_review": Visit("worker", _enrolment),
    "enrolment_end": Visit("worker", _enrolment),
    "enrolment_leave": Visit("worker", _enrolment),
    "group_list": Visit("colleague", _slug, shows_family=False),
    "group_sessions_generate": Visit("coordinator", _slug, shows_family=False),
    "group_detail": Visit("colleague", _group),
    "group_session_cancel": Visit("coordinator", _group, shows_family=False),
    "cofacilitator_add": Visit("coordinator", _group, shows_family=False),
    "cofacilitator_remove": Visit(
        "coordinator", lambda w: {"pk": w.group_session.pk, "student_pk": w.student.pk}, status=405
    ),
    # Sent on to the placement's evidence form, started with no name in it.
    "evidence_from_group": Visit("student", _group, status=302, shows_family=False),
    # The Children's Program (issue 19): the waiting list names families by reference;
    # the place pages show the reference and the runs.
    "waiting_list": Visit("cp_worker", lambda w: {"slug": "childrens-program"}, shows_family=False),
    "run_invite": Visit("cp_worker", lambda w: {"pk": w.registration.pk}, shows_family=False),
    "run_place_move": Visit("cp_worker", lambda w: {"pk": w.place.pk}, shows_family=False),
    "run_place_decline": Visit("cp_worker", lambda w: {"pk": w.place.pk}, shows_family=False),
    # A child's support-group history (issue 19, R6): names the child, a logged read.
    "support_group": Visit("cp_worker", lambda w: {"pk": w.registration.children.get().pk}),
    # A run's pages (issue 19, R4): the run's page names its families (a logged read each);
    # the world's run starts in 30 days, so arrival and the register send the worker back,
    # and a run with a family's place is not cancelled. The admin stands in for a
    # co-ordinator of the Children's Program's provider.
    "run_list": Visit("cp_worker", lambda w: {"slug": "childrens-program"}, shows_family=False),
    "run_add": Visit("admin", lambda w: {"slug": "childrens-program"}, shows_family=False),
    "run_detail": Visit("cp_worker", lambda w: {"pk": w.place.run_id}),
    "run_edit": Visit("admin", lambda w: {"pk": w.place.run_id}, shows_family=False),
    "run_cancel": Visit("admin", lambda w: {"pk": w.place.run_id}, status=302),
    "run_leaders": Visit("admin", lambda w: {"pk": w.place.run_id}, shows_family=False),
    "run_place_arrival": Visit("cp_worker", lambda w: {"pk": w.place.pk}, status=302),
    "run_attendance": Visit(
        "cp_worker",
        lambda w: {"pk": w.place.run_id, "day": w.place.run.starts_on.isoformat()},
        status=302,
    ),
    # A run's outcomes (issue 19, R7): the world's family is invited, not arrived yet, so
    # the run's outcomes list no family and the rating pages send the worker back.
    "run_outcomes": Visit("cp_worker", lambda w: {"pk": w.place.run_id}, shows_family=False),
    "run_child_rating": Visit(
        "cp_worker",
        lambda w: {"pk": w.place.pk, "child": w.registration.children.get().pk, "point": "before"},
        status=302,
    ),
    "run_parent_rating": Visit(
        "cp_worker", lambda w: {"pk": w.place.pk, "point": "before"}, status=302
    ),
    "run_report": Visit("cp_worker", lambda w: {"slug": "childrens-program"}, shows_family=False),
    "creche_book": Visit("worker", _group, status=302),  # booked from the register page
    "creche_cancel": Visit("worker", lambda w: {"pk": w.booking.pk}, status=405),
    "outcome_check_record": Visit("worker", lambda w: {"pk": w.outcome.pk}),
    "self_esteem_record": Visit("worker", _enrolment),
    "programme_evaluation": Visit("colleague", _slug, shows_family=False),
    # The leader register (issue 19): professionals, no family, no access-log row.
    "leader_list": Visit("colleague", _slug, shows_family=False),
    "leader_export": Visit("colleague", _slug, shows_family=False),
    "leader_add": Visit("coordinator", _slug, shows_family=False),
    "leader_edit": Visit("coordinator", _leader, shows_family=False),
    # The reports' pages name the family by the referral's reference only.
    "referral_reports": Visit("colleague", _referral, shows_family=False),
    "report_update_request": Visit("worker", _referral, shows_family=False),
    "report_update_write": Visit("worker", _referral, shows_family=False),
    "report_completion_write": Visit("worker", _referral, status=302),  # not ended yet
    "report_send": Visit("worker", lambda w: {"pk": w.report.pk}, shows_family=False),
    "report_retry": Visit("worker", lambda w: {"pk": w.report.pk}, status=405),
    "report_download": Visit("colleague", lambda w: {"pk": w.report.pk}),
    "report_link_revoke": Visit(
        "worker", lambda w: {"pk": w.report.pk, "link": w.link.pk}, shows_family=False
    ),
}


def programme_routes() -> dict[str, str]:
    return {
        name.removeprefix("programmes:"): route
        for route, name in id_taking_routes(get_resolver().url_patterns)
        if name.startswith("programmes:")
    }


def shows_family(response, world: ProgrammeWorld) -> bool:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return True
    body = response.content.decode(errors="replace")
    return any(name in body for name in world.names)


def open_as(client, user, url: str):
    client.force_login(user)
    before = AccessEvent.objects.filter(user=user).count()
    response = client.get(url)
    return response, AccessEvent.objects.filter(user=user).count() - before


def test_every_programmes_url_taking_an_argument_has_a_visit():
    routes = programme_routes()
    assert len(routes) > 15
    unvisited = sorted(f"{name}: /{route}" for name, route in routes.items() if name not in VISITS)
    assert unvisited == [], "Give these URLs a visit in VISITS:\n" + "\n".join(unvisited)
    assert sorted(set(VISITS) - set(routes)) == [], "Visits of URLs that no longer exist"


def test_every_page_showing_the_family_logs_the_read(client):
    world = programme_world()
    unlogged, wrong_status, shown = [], [], []
    for name in sorted(set(programme_routes()) & set(VISITS)):
        visit = VISITS[name]
        url = reverse(f"programmes:{name}", kwargs=visit.kwargs(world))
        response, logged = open_as(client, getattr(world, visit.who), url)
        if response.status_code != visit.status:
            wrong_status.append(f"{url} as {visit.who}: {response.status_code}")
            continue
        if shows_family(response, world):
            shown.append(name)
            if not logged:
                unlogged.append(f"{name}: {url}")
        elif visit.shows_family and visit.status == 200:
            wrong_status.append(f"{url} as {visit.who}: the family is not on the page")
    assert wrong_status == [], "Pages not opened as expected:\n" + "\n".join(wrong_status)
    assert unlogged == [], "Pages showing the family with no access-log row:\n" + "\n".join(
        unlogged
    )
    assert {"referral_detail", "enrolment_detail", "group_detail"} <= set(shown)


OUTSIDERS = {
    "another programme's worker": lambda: programme_worker(other_programme()),
    "a placement co-ordinator": lambda: user_with_role(Role.COORDINATOR),
    "a student": lambda: user_with_role(Role.STUDENT),
    "a practice educator": lambda: user_with_role(Role.PRACTICE_EDUCATOR),
    "a university tutor": lambda: user_with_role(Role.TUTOR),
    "a life-story worker": lambda: user_with_role(Role.LIFESTORY_WORKER),
    "a school contact": lambda: user_with_role(Role.SCHOOL_CONTACT),
}


def test_people_outside_the_programme_see_nothing_of_the_family(client):
    world = programme_world()  # built once: each outsider walks every page
    seen = []
    for who, make in sorted(OUTSIDERS.items()):
        outsider = make()
        for name in sorted(set(programme_routes()) & set(VISITS)):
            url = reverse(f"programmes:{name}", kwargs=VISITS[name].kwargs(world))
            response, logged = open_as(client, outsider, url)
            if response.status_code not in (403, 404, 405) or shows_family(response, world):
                seen.append(f"{who}: {url}: {response.status_code}")
            if logged:
                seen.append(f"{who}: {url}: logged a read")
    assert seen == [], "Outsiders reached:\n" + "\n".join(seen)


def test_a_team_member_reads_the_family_but_may_not_act_for_the_care_coordinator(client):
    world = programme_world()
    for name in ("referral_detail", "enrolment_detail", "group_detail"):
        url = reverse(f"programmes:{name}", kwargs=VISITS[name].kwargs(world))
        response, logged = open_as(client, world.colleague, url)
        assert response.status_code == 200 and logged == 1
    for name in ("keywork_session_record", "enrolment_end", "enrolment_leave"):
        url = reverse(f"programmes:{name}", kwargs=VISITS[name].kwargs(world))
        response, _ = open_as(client, world.colleague, url)
        assert response.status_code == 403, url


def test_the_history_of_a_referral_is_logged_and_refused_to_outsiders(client):
    world = programme_world()
    url = reverse("audit:history", args=["programmes", "referral", world.referral.pk])
    response, logged = open_as(client, world.worker, url)
    assert response.status_code == 200 and logged == 1
    response, logged = open_as(client, programme_worker(other_programme()), url)
    assert response.status_code == 404 and logged == 0
