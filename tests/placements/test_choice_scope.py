"""Choices are scoped (issue 13, requirement 6): a form offers, and a refusal names,
only people and organisations the acting user may see.

Here: assigning a practice educator from the co-ordinator's allocation page, and a
walk of every form class for a user or organisation choice that offers everyone.
"""

from __future__ import annotations

import html
import re

import pytest
from django import forms
from django.urls import reverse

from placements.forms.allocation import AssignEducatorForm
from placements.models import Placement
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.portal.support import portal_form_classes

pytestmark = pytest.mark.django_db

# Reference data every co-ordinator chooses from, whichever organisation they are
# in: the universities a student can study at (with their courses).
REFERENCE_CHOICES = {("StudentProfileForm", "university")}


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return html.unescape(body)


def test_no_form_declares_a_choice_of_every_user_or_organisation():
    """A user or organisation choice starts empty and is filled in the form's
    __init__ from the acting user's scope (or from the record it is about)."""
    offering_everyone = []
    for cls in portal_form_classes():
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            if field.queryset.model not in (User, Organisation):
                continue
            if (cls.__name__, name) in REFERENCE_CHOICES:
                continue
            if not field.queryset.query.is_empty():
                offering_everyone.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert offering_everyone == []


def test_the_assign_form_offers_only_the_coordinators_educators():
    host = OrganisationFactory(name="Westmoor Council")
    coordinator = user_with_role(Role.COORDINATOR, host)
    mine = EducatorProfileFactory(organisation=host).user
    theirs = EducatorProfileFactory(organisation=OrganisationFactory()).user

    offered = set(AssignEducatorForm(user=coordinator).fields["practice_educator"].queryset)

    assert mine in offered and theirs not in offered


def test_assigning_another_organisations_educator_is_refused_without_their_name(client):
    host = OrganisationFactory(name="Westmoor Council")
    coordinator = user_with_role(Role.COORDINATOR, host)
    placement = PlacementFactory(
        host=host, practice_educator=None, status=Placement.Status.PROPOSED
    )
    elsewhere = OrganisationFactory(name="Eastfield Trust")
    theirs = EducatorProfileFactory(organisation=elsewhere).user
    theirs.name = "Ottilie Outsider"
    theirs.save(update_fields=["name"])
    client.force_login(coordinator)

    response = client.post(
        reverse("placements:allocation_assign", args=[placement.pk]),
        {"practice_educator": theirs.pk},
        follow=True,
    )

    page = text(response)
    assert "Choose a practice educator from the list." in page
    assert "Ottilie Outsider" not in page
    placement.refresh_from_db()
    assert placement.practice_educator is None
