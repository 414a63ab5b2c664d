"""Choices are scoped (issue 13, requirement 6): the allocation page offers only
the students and practice educators of placements the acting user may allocate
work on, and nothing refused names anyone outside that scope.

The set-up: a child whose record Eastfield Trust (org B) holds is also allocated
on a placement that Westmoor Council (org A) hosts, so Westmoor's co-ordinator
can open the child's page. Eastfield's own student and practice educator are not
Westmoor's to see.
"""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import Allocation
from placements.casework.selectors.requests import triage_educators, triage_placements
from placements.casework.services.children import allocation_create
from portal.accounts.roles import Role
from tests.casework.factories import AllocationFactory, ChildFactory
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import EducatorProfileFactory, PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def scene():
    westmoor = OrganisationFactory(name="Westmoor Council")
    eastfield = OrganisationFactory(name="Eastfield Trust")
    child = ChildFactory(held_by=eastfield)
    AllocationFactory(child=child, placement=PlacementFactory(host=westmoor))
    theirs = PlacementFactory(
        host=eastfield,
        practice_educator=EducatorProfileFactory(organisation=eastfield).user,
    )
    theirs.student.name = "Bella Beyond"
    theirs.student.save(update_fields=["name"])
    theirs.practice_educator.name = "Boris Beyond"
    theirs.practice_educator.save(update_fields=["name"])
    return {
        "child": child,
        "theirs": theirs,
        "westmoor": user_with_role(Role.COORDINATOR, westmoor),
        "eastfield": user_with_role(Role.COORDINATOR, eastfield),
    }


def test_the_coordinator_of_org_a_is_offered_nobody_from_org_b(client, scene):
    client.force_login(scene["westmoor"])
    url = reverse("casework:allocation_create", args=[scene["child"].pk])

    page = text(client.get(url))

    assert "Bella Beyond" not in page and "Boris Beyond" not in page


def test_posting_org_bs_people_is_refused_without_naming_them(client, scene):
    client.force_login(scene["westmoor"])
    url = reverse("casework:allocation_create", args=[scene["child"].pk])
    before = Allocation.objects.count()
    theirs = scene["theirs"]

    response = client.post(
        url,
        {
            "placement": theirs.pk,
            "practice_educator": theirs.practice_educator.pk,
            "starts_on": TODAY().isoformat(),
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert "Select one of the options for student" in page
    assert "Select one of the options for practice educator overseeing" in page
    assert "Bella Beyond" not in page and "Boris Beyond" not in page
    assert Allocation.objects.count() == before


def test_the_holding_organisations_coordinator_still_sees_and_allocates_them(client, scene):
    client.force_login(scene["eastfield"])
    url = reverse("casework:allocation_create", args=[scene["child"].pk])
    theirs = scene["theirs"]

    assert "Bella Beyond" in text(client.get(url))
    response = client.post(url, {"placement": theirs.pk, "starts_on": TODAY().isoformat()})

    assert response.status_code == 302
    assert Allocation.objects.filter(child=scene["child"], student=theirs.student).exists()


def test_a_practice_educator_is_offered_only_their_own_students(scene):
    theirs = scene["theirs"]
    eastfield = theirs.host
    other = PlacementFactory(host=eastfield)

    placements = set(triage_placements(eastfield, by=theirs.practice_educator))
    educators = set(triage_educators(eastfield, by=theirs.practice_educator))

    assert placements == {theirs}
    assert educators == {theirs.practice_educator}
    assert other.practice_educator not in educators
    assert set(triage_placements(eastfield, by=scene["eastfield"])) == {theirs, other}


def test_the_service_refusal_names_no_one_outside_the_placement(scene):
    theirs = scene["theirs"]
    stranger = PlacementFactory(host=theirs.host).student
    stranger.name = "Stanley Stranger"
    stranger.save(update_fields=["name"])

    with pytest.raises(ValidationError) as refused:
        allocation_create(
            by=scene["eastfield"],
            child=scene["child"],
            student=stranger,
            placement=theirs,
            starts_on=TODAY(),
        )

    assert refused.value.message_dict["placement"] == [
        "The placement chosen is another student's: choose their own."
    ]
    assert "Stanley Stranger" not in str(refused.value)
    assert not Allocation.objects.filter(student=stranger).exists()
