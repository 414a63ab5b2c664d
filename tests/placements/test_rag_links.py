"""Each red or amber reason of a placement's RAG status links to the page that
explains it (issue 22, requirement 6), on the placement list, the tutor's
dashboard and the placement page; the link is built from ids already loaded."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from placements.oversight import RED, Rag, placement_rag_for
from tests.placements.factories import PlacementFactory
from tests.placements.support import (
    LIST_URL,
    answer_cannot_tell,
    confirm_days,
    detail_url,
    raise_concern,
)

pytestmark = pytest.mark.django_db

S = Placement.Status


@pytest.fixture
def behind():
    """An active placement 100 days in, with nothing recorded: every rule has a reason
    (a stage 2 concern, days behind, the agreement unsigned, the midpoint review
    overdue, weekly supervision missed, direct observations overdue)."""
    today = timezone.localdate()
    placement = PlacementFactory(
        status=S.ACTIVE,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=30),
        required_days=70,
    )
    confirm_days(placement, 5)  # a week of placement days with no supervision
    concern = raise_concern(placement, stage=2)
    return placement, concern


def links_of(rag: Rag) -> dict[str, str]:
    return dict(rag.explained)


def link_for(rag: Rag, start: str) -> str:
    [url] = [url for reason, url in rag.explained if reason.startswith(start)]
    return url


def test_every_reason_links_to_the_page_that_explains_it(behind):
    placement, concern = behind
    rag = placement_rag_for([placement])[placement.pk]
    assert rag.status == RED
    pk = placement.pk
    assert link_for(rag, "Open cause for concern (stage 2)") == (
        f"/portal/placements/{pk}/concerns/#concern-{concern.pk}"
    )
    [behind_schedule] = [r for r in rag.reasons if r.endswith("days behind schedule")]
    assert link_for(rag, behind_schedule) == f"/portal/placements/{pk}/days/"
    assert link_for(rag, "Learning agreement unsigned") == f"/portal/placements/{pk}/agreement/"
    assert link_for(rag, "Midpoint review overdue") == f"/portal/placements/{pk}/midpoint-review/"
    assert link_for(rag, "Weekly supervision missed") == reverse(
        "supervision:session_list", args=[pk]
    )
    assert link_for(rag, "Direct observation overdue") == reverse(
        "supervision:observation_list", args=[pk]
    )
    # Every reason has its page.
    assert all(links_of(rag).values())


def test_no_data_from_the_supervision_app_links_to_its_log_and_observations(monkeypatch):
    cannot_tell = answer_cannot_tell(monkeypatch)
    placement = PlacementFactory(status=S.ACTIVE, starts_on=timezone.localdate())
    cannot_tell.add(placement.pk)
    rag = placement_rag_for([placement])[placement.pk]
    assert rag.explained == [
        (
            "Weekly supervision: no data yet",
            reverse("supervision:session_list", args=[placement.pk]),
        ),
        (
            "Direct observations: no data yet",
            reverse("supervision:observation_list", args=[placement.pk]),
        ),
    ]


def test_a_suspended_placement_links_to_its_timeline():
    placement = PlacementFactory(status=S.SUSPENDED, starts_on=timezone.localdate())
    rag = placement_rag_for([placement])[placement.pk]
    assert link_for(rag, "Placement suspended") == f"{detail_url(placement)}#timeline"


def test_each_link_opens_for_the_tutor_and_shows_what_the_reason_says(client, behind):
    placement, concern = behind
    rag = placement_rag_for([placement])[placement.pk]
    client.force_login(placement.tutor)
    for reason, url in rag.explained:
        response = client.get(url)
        assert response.status_code == 200, (reason, url)
    concerns = client.get(link_for(rag, "Open cause for concern")).content.decode()
    assert f'id="concern-{concern.pk}"' in concerns


def test_the_links_do_not_change_the_status_or_its_reasons():
    # Links follow from the reasons: two statuses with the same reasons are equal,
    # and a status kept from before the links existed still lists its reasons.
    assert Rag(RED, ("a",), links=("/x/",)) == Rag(RED, ("a",))
    assert Rag(RED, ("a", "b")).explained == [("a", ""), ("b", "")]


def anchors(html: str, placement: Placement) -> list[tuple[str, str]]:
    """(href, text) of the links inside the page's main content that lead to this
    placement's pages other than its own page."""
    main = html[html.index('id="main-content"') :]
    found = re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', main)
    prefixes = (
        f"/portal/placements/{placement.pk}/",
        f"/portal/supervision/placements/{placement.pk}/",
    )
    return [(href, text) for href, text in found if href.startswith(prefixes)]


@pytest.mark.parametrize("page", ["list", "dashboard", "placement"])
def test_the_reasons_are_links_wherever_they_are_listed(client, behind, page):
    placement, concern = behind
    client.force_login(placement.tutor)
    url = {
        "list": LIST_URL,
        "dashboard": reverse("portal:dashboard"),
        "placement": detail_url(placement),
    }[page]
    links = anchors(client.get(url).content.decode(), placement)
    expected = (
        f"/portal/placements/{placement.pk}/concerns/#concern-{concern.pk}",
        "Open cause for concern (stage 2)",
    )
    assert expected in links
    assert (
        f"/portal/placements/{placement.pk}/midpoint-review/",
        next(t for _, t in links if t.startswith("Midpoint review overdue")),
    ) in links
