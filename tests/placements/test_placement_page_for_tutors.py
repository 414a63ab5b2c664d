"""The placement page for tutors (issue 22, requirement 6): the midpoint review's
due date, the actions of its plan not done by their date, and "Suspend placement"
as a secondary action, never the main button."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement, ReviewAction
from placements.oversight import midpoint_of, midpoint_review_due
from placements.services.review import ActionItem
from portal.dates import long_date
from portal.workingdays import WorkingDays
from tests.placements.support import (
    days_ago,
    detail_url,
    make_cast,
    raise_concern,
    record_review,
    text,
)

pytestmark = pytest.mark.django_db

S = Placement.Status


def test_the_midpoint_reviews_due_date_shows_until_it_is_recorded(client):
    today = timezone.localdate()
    cast = make_cast(
        status=S.ACTIVE, starts_on=today - timedelta(days=20), ends_on=today + timedelta(days=80)
    )
    due = midpoint_review_due(cast.placement, WorkingDays())
    client.force_login(cast.tutor)
    page = text(client.get(detail_url(cast.placement)))
    assert (
        f"Midpoint review Not recorded yet. Due by {long_date(due)} "
        f"(the midpoint is {long_date(midpoint_of(cast.placement))})"
    ) in page
    assert "Overdue due by" not in page

    record_review(cast)
    page = text(client.get(detail_url(cast.placement)))
    assert "Not recorded yet" not in page
    assert "Midpoint review Held on" in page


def test_an_overdue_midpoint_review_says_so(client):
    today = timezone.localdate()
    cast = make_cast(
        status=S.ACTIVE, starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=20)
    )
    due = midpoint_review_due(cast.placement, WorkingDays())
    client.force_login(cast.tutor)
    page = text(client.get(detail_url(cast.placement)))
    assert f"Not recorded yet. Overdue due by {long_date(due)}" in page


def test_actions_of_the_midpoint_plan_not_done_by_their_date_show_on_the_placement(client):
    cast = make_cast(status=S.ACTIVE, starts_on=days_ago(40), ends_on=days_ago(-60))
    review = record_review(
        cast,
        held_on=days_ago(15),
        outcome="concerns",
        actions=[
            ActionItem("Catch up on case recording.", cast.student, days_ago(4)),
            ActionItem("Book the second observation.", cast.educator, days_ago(-7)),
            ActionItem("Read the court skills guide.", cast.student, days_ago(10)),
        ],
    )
    ReviewAction.objects.filter(review=review, description__startswith="Read").update(
        done_at=timezone.now()
    )
    for who in (cast.tutor, cast.student, cast.educator):
        client.force_login(who)
        response = client.get(detail_url(cast.placement))
        page = text(response)
        assert "Overdue actions from the midpoint review" in page
        assert f"Catch up on case recording. ({cast.student}, due {long_date(days_ago(4))})" in page
        # Not due yet, or done: not overdue.
        assert "Book the second observation." not in page
        assert "Read the court skills guide." not in page
        assert reverse("placements:midpoint_review", args=[cast.placement.pk]) in (
            response.content.decode()
        )


def test_nothing_overdue_shows_nothing(client):
    cast = make_cast(status=S.ACTIVE)
    record_review(cast, actions=[ActionItem("Keep a reflective log.", cast.student, days_ago(-3))])
    client.force_login(cast.tutor)
    assert "Overdue actions" not in text(client.get(detail_url(cast.placement)))


def button_classes(html: str, label: str) -> str:
    [classes] = re.findall(
        r'<a [^>]*class="(govuk-button[^"]*)"[^>]*>' + re.escape(label) + "</a>", html
    )
    return classes


def test_on_a_red_placement_suspending_is_a_secondary_action(client):
    cast = make_cast(status=S.ACTIVE)
    raise_concern(cast.placement, stage=2)
    for who in (cast.tutor, cast.host_coordinator):
        client.force_login(who)
        response = client.get(detail_url(cast.placement))
        assert response.context["rag"].status == "red"
        html = response.content.decode()
        assert button_classes(html, "Suspend placement") == ("govuk-button govuk-button--secondary")
    # The co-ordinator's other moves keep their look: ending early warns.
    assert button_classes(html, "End placement early") == "govuk-button govuk-button--warning"


def test_resuming_a_suspended_placement_is_the_main_button(client):
    cast = make_cast(status=S.SUSPENDED)
    client.force_login(cast.tutor)
    html = client.get(detail_url(cast.placement)).content.decode()
    assert button_classes(html, "Resume placement") == "govuk-button"
