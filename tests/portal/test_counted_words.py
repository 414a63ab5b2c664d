"""Counts read as English at one and at two: "the 1 placement", never "all 1
placement" or "1 placements"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placements.casework.models import DirectWorkPlan
from portal.accounts.roles import Role
from tests.accounts.support import visible_text
from tests.casework.support import work_with
from tests.factories import user_with_role
from tests.placements.factories import CourseFactory, UniversityFactory
from tests.placements.support import LIST_URL, placement_for

pytestmark = pytest.mark.django_db


def main_text(response) -> str:
    return visible_text(response).split("Skip to main content", 1)[-1]


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "Make a file of the 1 placement shown"), (2, "Make a file of the 2 placements shown")],
)
def test_the_export_offer_counts_the_placements(client, n, words):
    northgate = UniversityFactory(name="Northgate University")
    course = CourseFactory(university=northgate)
    tutor = user_with_role(Role.TUTOR, northgate)
    for _ in range(n):
        placement_for(course, tutor=tutor)
    client.force_login(tutor)

    text = main_text(client.get(LIST_URL))

    assert words in text
    assert "all 1 " not in text and "1 placements" not in text


@pytest.mark.parametrize(
    ("planned", "words"), [(1, "0 of 1 session logged"), (2, "0 of 2 sessions logged")]
)
def test_a_plan_counts_its_sessions_on_the_childs_page(client, planned, words):
    work = work_with(
        status=DirectWorkPlan.Status.AGREED,
        agreed=True,
        with_sessions=True,
        planned_sessions=planned,
    )
    client.force_login(work.student)

    text = main_text(client.get(reverse("casework:child_detail", args=[work.children[0].pk])))

    assert words in text
