"""The leader register's pages (issue 19, requirement 5): who reads it and who
keeps it, its filters, counts, empty state and CSV, the add and edit form with
its refusals, and a constant number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.programmes.models import Leader
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.factories import user_with_role

from .delivery_support import coordinator_of, other_programme, worker_on
from .leaders_support import leader

pytestmark = pytest.mark.django_db

TODAY = date(2027, 5, 1)
LONG_AGO = date(2025, 1, 1)
FAR = date(2030, 1, 1)


@pytest.fixture
def programme_today():
    return TODAY


@pytest.fixture
def register(programme):
    """The demo's four: two valid, one expiring within 90 days, one expired."""
    return [
        leader(programme, "Jessica Berg", issued_on=LONG_AGO, expires_on=FAR),
        leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=FAR),
        leader(
            programme,
            "Karin Ek",
            issued_on=LONG_AGO,
            expires_on=TODAY + timedelta(days=60),
            municipality="Åby",
        ),
        leader(
            programme,
            "Lars Holm",
            issued_on=LONG_AGO,
            expires_on=TODAY - timedelta(days=20),
            municipality="Åby",
        ),
    ]


def url(programme, name="leader_list", *args) -> str:
    return reverse(f"programmes:{name}", args=[programme.slug, *args])


def form_data(**changes) -> dict:
    data = {
        "name": "Sara Lind",
        "organisation": "Västerby kommun",
        "municipality": "Västerby",
        "job_title": "Socionom",
        "certificate_number": "CP-SE-0120",
        "issued_by": "Children's Program Sverige",
        "issued_on": "2027-04-01",
        "expires_on": "2030-03-31",
    }
    data.update(changes)
    return data


def names(response) -> list[str]:
    return [leader.name for leader in response.context["page_obj"]]


# --- who may do what --------------------------------------------------------------------------


def test_the_team_reads_the_register_without_an_access_log(client, programme, register):
    assert url(programme) == "/portal/programmes/programmes/childrens-program/leaders/"
    worker = worker_on(programme)
    client.force_login(worker)
    response = client.get(url(programme))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Karin Ek", "Familjebehandlare", "Program Sverige", "Expired"):
        assert text in page
    assert register[0].certificate_number in page
    assert "Add a leader" not in page
    assert url(programme, "leader_edit", register[0].pk) not in page
    assert not AccessEvent.objects.filter(user=worker).exists()


def test_a_worker_may_not_add_or_edit_a_leader(client, programme, register):
    client.force_login(worker_on(programme))
    assert client.get(url(programme, "leader_add")).status_code == 403
    assert client.post(url(programme, "leader_add"), form_data()).status_code == 403
    edit = url(programme, "leader_edit", register[0].pk)
    assert client.post(edit, form_data(name="Changed")).status_code == 403
    assert Leader.objects.count() == 4
    assert not Leader.objects.filter(name="Changed").exists()


@pytest.mark.parametrize("page", ["leader_list", "leader_export", "leader_add"])
def test_outsiders_see_nothing(client, programme, register, page):
    for outsider in (
        worker_on(other_programme()),
        user_with_role(Role.COORDINATOR),
        user_with_role(Role.STUDENT),
        user_with_role(Role.PRACTICE_EDUCATOR),
    ):
        client.force_login(outsider)
        assert client.get(url(programme, page)).status_code == 404
    client.logout()
    assert client.get(url(programme, page)).status_code == 302  # to sign in


def test_an_unknown_programme_or_a_leader_of_another_is_not_found(client, programme, register):
    client.force_login(coordinator_of(programme))
    assert client.get(reverse("programmes:leader_list", args=["nope"])).status_code == 404
    theirs = leader(other_programme(), "Ali Other", issued_on=LONG_AGO, expires_on=FAR)
    assert client.get(url(programme, "leader_edit", theirs.pk)).status_code == 404


# --- the list ---------------------------------------------------------------------------------


def test_statuses_counts_and_filters(client, programme, register):
    client.force_login(worker_on(programme))
    response = client.get(url(programme))
    assert names(response) == ["Jessica Berg", "Karin Ek", "Lars Holm", "Omar Haddad"]
    statuses = {leader.name: leader.status_label for leader in response.context["page_obj"]}
    assert statuses == {
        "Jessica Berg": "Valid",
        "Karin Ek": "Expires within 90 days",
        "Lars Holm": "Expired",
        "Omar Haddad": "Valid",
    }
    counts = [(c.municipality, c.valid, c.expiring, c.expired) for c in response.context["counts"]]
    assert counts == [("Norrby", 2, 0, 0), ("Åby", 0, 1, 1)]
    assert names(client.get(url(programme), {"municipality": "Åby"})) == ["Karin Ek", "Lars Holm"]
    assert names(client.get(url(programme), {"status": "expiring"})) == ["Karin Ek"]
    assert names(client.get(url(programme), {"status": "valid", "municipality": "Åby"})) == []
    nothing = client.get(url(programme), {"status": "expired", "municipality": "Norrby"})
    assert "No leader matches" in nothing.content.decode()


def test_an_empty_register_says_so(client, programme):
    client.force_login(coordinator_of(programme))
    page = client.get(url(programme)).content.decode()
    assert "No certified leaders are in the register yet." in page
    assert "Add a leader" in page


def test_the_register_is_paginated(client, programme):
    for n in range(30):
        leader(programme, f"Leader {n:02d}", issued_on=LONG_AGO, expires_on=FAR)
    client.force_login(worker_on(programme))
    assert len(names(client.get(url(programme)))) == 25
    assert names(client.get(url(programme), {"page": 2})) == [f"Leader {n}" for n in range(25, 30)]


def test_the_csv_export(client, programme, register):
    client.force_login(worker_on(programme))
    response = client.get(url(programme, "leader_export"), {"municipality": "Åby"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "childrens-program-leaders-2027-05-01.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == [
        "Name",
        "Organisation",
        "Municipality",
        "Job title",
        "Certificate number",
    ]
    assert [(r[0], r[7], r[8]) for r in rows[1:]] == [
        ("Karin Ek", "2027-06-30", "Expires within 90 days"),
        ("Lars Holm", "2027-04-11", "Expired"),
    ]


@pytest.mark.parametrize("leaders", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(
    client, programme, django_assert_max_num_queries, leaders
):
    for n in range(leaders):
        leader(
            programme,
            f"Leader {n}",
            issued_on=LONG_AGO,
            expires_on=TODAY + timedelta(days=n * 10),
            municipality=f"Kommun {n % 7}",
        )
    client.force_login(coordinator_of(programme))
    with django_assert_max_num_queries(12):
        response = client.get(url(programme))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == leaders
    with django_assert_max_num_queries(12):
        assert client.get(url(programme, "leader_export")).status_code == 200


# --- adding and editing ----------------------------------------------------------------------


def test_a_coordinator_adds_a_leader(client, programme):
    client.force_login(coordinator_of(programme))
    assert client.get(url(programme, "leader_add")).status_code == 200
    response = client.post(url(programme, "leader_add"), form_data())
    assert response.status_code == 302 and response["Location"] == url(programme)
    added = Leader.objects.get()
    assert (added.programme, added.name, added.expires_on) == (
        programme,
        "Sara Lind",
        date(2030, 3, 31),
    )
    assert (
        "Sara Lind (CP-SE-0120) added to the register"
        in client.get(url(programme)).content.decode()
    )


def test_a_coordinator_edits_a_leader(client, programme, register):
    client.force_login(coordinator_of(programme))
    edit = url(programme, "leader_edit", register[2].pk)
    page = client.get(edit)
    assert page.status_code == 200 and "Edit Karin Ek" in page.content.decode()
    data = form_data(name="Karin Ek", certificate_number=register[2].certificate_number)
    assert client.post(edit, data).status_code == 302
    assert Leader.objects.get(pk=register[2].pk).expires_on == date(2030, 3, 31)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"expires_on": "2027-03-01"},
            "expires_on",
            "The certificate must expire after the day it was issued.",
        ),
        ({"certificate_number": "TAKEN"}, "certificate_number", "Another leader in this register"),
        ({"issued_on": "2027-05-02"}, "issued_on", "The issue date cannot be in the future."),
        ({"name": ""}, "name", "Enter the leader's full name."),
        ({"expires_on": "31/03/2030"}, "expires_on", "Date the certificate expires"),
    ],
)
def test_a_refused_form_says_why_and_changes_nothing(
    client, programme, register, changes, field, message
):
    Leader.objects.filter(pk=register[0].pk).update(certificate_number="TAKEN")
    client.force_login(coordinator_of(programme))
    response = client.post(url(programme, "leader_add"), form_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert Leader.objects.count() == 4
    assert 'class="govuk-error-summary"' in response.content.decode()
