"""The referrer's download link (issue 18, requirement 5): the reference asked
before the PDF; a wrong answer downloads nothing; expired or revoked links 410,
unknown 404; every download logged; no caching, no referrer leaving the site."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from placements.programmes.services.reports import (
    LINK_DOWNLOAD_PURPOSE,
    report_link_revoke,
    report_send,
)
from portal.audit.models import AccessEvent

from .reports_support import TODAY, family, made_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(clock):
    clock.today_is(TODAY)
    world = family()
    report = made_report(world)
    link, raw = report_send(report=report, by=world.care_coordinator)
    return world, link, raw


def url_of(raw: str) -> str:
    return reverse("programmes_public:report_download", args=[raw])


def downloads(world) -> int:
    return AccessEvent.objects.filter(
        object_id=str(world.referral.pk), purpose=LINK_DOWNLOAD_PURPOSE
    ).count()


def test_the_page_asks_for_the_reference_and_shows_nothing_of_the_referral(sent, client):
    world, link, raw = sent
    page = client.get(url_of(raw))
    assert page.status_code == 200
    body = page.content.decode()
    assert "referral&#x27;s reference" in body or "reference" in body
    for secret in (world.referral.reference, world.referral.parent_name, link.sent_to):
        assert secret not in body
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"] == "no-store"
    assert "noindex" in page["X-Robots-Tag"]
    assert downloads(world) == 0


def test_a_wrong_reference_is_refused_and_downloads_nothing(sent, client):
    world, link, raw = sent
    response = client.post(url_of(raw), {"answer": "POC-WRONG-0000"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "does not match" in response.content.decode()
    link.refresh_from_db()
    assert link.opened_count == 0 and link.first_opened_at is None
    assert downloads(world) == 0


def test_the_right_reference_downloads_the_pdf_and_is_logged(sent, client):
    world, link, raw = sent
    typed = world.referral.reference.lower().replace("-", " ")
    for expected, answer in ((1, typed), (2, link.sent_to.upper())):
        response = client.post(url_of(raw), {"answer": answer})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "same-origin"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert downloads(world) == expected
    link.refresh_from_db()
    assert link.opened_count == 2 and link.first_opened_at is not None
    # Logged against the staff member who sent it (the referrer has no account).
    event = AccessEvent.objects.filter(purpose=LINK_DOWNLOAD_PURPOSE).last()
    assert event.user == world.care_coordinator


def test_an_expired_link_answers_410(sent, client, clock):
    world, link, raw = sent
    clock.advance(days=14, minutes=1)
    assert client.get(url_of(raw)).status_code == 410
    response = client.post(url_of(raw), {"answer": world.referral.reference})
    assert response.status_code == 410
    assert downloads(world) == 0


def test_a_revoked_link_answers_410(sent, client):
    world, link, raw = sent
    report_link_revoke(link=link, by=world.care_coordinator)
    assert client.get(url_of(raw)).status_code == 410
    response = client.post(url_of(raw), {"answer": world.referral.reference})
    assert response.status_code == 410
    assert response["Cache-Control"] == "no-store"
    assert downloads(world) == 0


def test_a_link_replaced_by_a_new_one_answers_410(sent, client):
    world, link, raw = sent
    _, fresh = report_send(report=link.report, by=world.care_coordinator)
    assert client.get(url_of(raw)).status_code == 410
    assert client.get(url_of(fresh)).status_code == 200


def test_an_unknown_link_answers_404(sent, client):
    assert client.get(url_of("not-a-real-token")).status_code == 404
    assert client.post(url_of("not-a-real-token"), {"answer": "x"}).status_code == 404


def test_answers_are_rate_limited_per_link(sent, client, settings):
    world, link, raw = sent
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "programme_report_link": "2/h/key",
    }
    for _ in range(2):
        client.post(url_of(raw), {"answer": "wrong"})
    response = client.post(url_of(raw), {"answer": world.referral.reference})
    assert response.status_code == 429
    assert downloads(world) == 0


def test_the_link_expiry_is_fourteen_days(sent):
    _, link, _ = sent
    assert link.expires_at - link.created_at == timedelta(days=14)
