"""PDF exports of supervision for the portfolio: one record, a placement's log."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from placements.models import Capability
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.models import DocumentExport
from portal.pdf import local_only_fetcher, render_pdf
from supervision.compliance import Compliance, ComplianceWeek
from supervision.models import SupervisionSession
from supervision.services.sessions import session_amend, session_record_save, session_reflect
from supervision.services.workflow import apply_transition, sign_record
from supervision.views.exports import placement_log_context, session_context
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionActionFactory, SupervisionSessionFactory
from tests.supervision.support import locked

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status


def _html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def test_the_shared_renderer_makes_a_pdf():
    body = render_pdf("supervision/pdf/session.html", session_context(locked()))
    assert body.startswith(b"%PDF")


def test_the_renderer_fetches_nothing_remote_or_outside_the_static_files():
    fetcher = local_only_fetcher()
    for url in ("http://example.org/x.css", "https://example.org/y.png", "ftp://example.org/z"):
        with pytest.raises(ValueError):
            fetcher(url)
    with pytest.raises(ValueError):
        fetcher("file:///etc/passwd")
    assert fetcher("data:text/plain,hello").read() == b"hello"


def test_a_remote_image_in_the_html_does_not_stop_rendering():
    # A value a user typed could hold a URL; it is refused and the PDF still renders.
    session = SupervisionSessionFactory(notes='<img src="http://example.org/track.png">')
    body = render_pdf("supervision/pdf/session.html", session_context(session))
    assert body.startswith(b"%PDF")


def test_one_record_downloads_as_an_attachment(client):
    session = locked(placement=make_cast(status="active").placement)
    client.force_login(session.placement.student)

    response = client.get(reverse("supervision:session_pdf", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="supervision-{session.date:%Y-%m-%d}-sam-student.pdf"' in disposition


def test_the_record_shows_its_content_signatures_and_actions():
    session = SupervisionSessionFactory(agenda_learning="Worked on PCF 6, critical reflection.")
    educator = session.placement.practice_educator
    domain = Capability.objects.filter(version__framework__code="pcf").order_by("number")[5]
    session_record_save(session=session, by=educator, domains=[domain])
    SupervisionActionFactory(session=session, description="Draft the reflective log")
    session = apply_transition(record=session, name="send_to_student", by=educator)
    session_reflect(session=session, by=session.placement.student, reflection="Slow down.")
    session = sign_record(record=session, by=session.placement.student)
    sign_record(record=session, by=educator)
    session.refresh_from_db()

    html = _html("supervision/pdf/session.html", session_context(session))

    assert "Worked on PCF 6, critical reflection." in html
    assert domain.title in html
    assert "Draft the reflective log" in html
    assert "Slow down." in html
    assert "Signed and locked" in html
    assert "Student" in html and "Practice educator" in html
    # Names may hold an apostrophe (O'Connor), which the template escapes.
    assert escape(str(session.placement.student)) in html
    assert escape(str(educator)) in html


def test_the_log_holds_held_sessions_in_their_current_version_with_the_amendment_noted():
    placement = PlacementFactory()
    first = locked(placement=placement, date=placement.starts_on + timedelta(days=1))
    correction = session_amend(
        session=first, by=placement.practice_educator, reason="The duration was wrong."
    )
    session_record_save(
        session=correction,
        by=placement.practice_educator,
        notes="Corrected notes: ninety minutes, not sixty.",
    )
    SupervisionSessionFactory(
        placement=placement, date=placement.starts_on + timedelta(days=8), notes="Second week."
    )
    SupervisionSessionFactory(
        placement=placement,
        status=S.SCHEDULED,
        date=placement.starts_on + timedelta(days=15),
        notes="Not held yet.",
    )
    SupervisionSessionFactory(
        placement=placement,
        status=S.CANCELLED,
        date=placement.starts_on + timedelta(days=9),
        notes="Cancelled one.",
    )

    context = placement_log_context(placement)
    html = _html("supervision/pdf/placement_log.html", context)

    assert [s.pk for s in context["sessions"]] == [correction.pk, context["sessions"][1].pk]
    assert "Corrected notes: ninety minutes, not sixty." in html
    assert "The duration was wrong." in html
    assert "Second week." in html
    assert "Not held yet." not in html
    assert "Cancelled one." not in html
    assert context["total_minutes"] == 180


def test_the_log_shows_the_compliance_percentage_or_says_it_is_not_worked_out():
    placement = PlacementFactory()
    context = placement_log_context(placement)

    context["compliance"] = Compliance(minimum=90, weeks=(), percentage=None)
    assert "Not worked out yet" in _html("supervision/pdf/placement_log.html", context)

    week = ComplianceWeek(
        monday=placement.starts_on,
        placement_days=3,
        minutes=60,
        minimum=90,
        counted=True,
        met=False,
    )
    context["compliance"] = Compliance(minimum=90, weeks=(week,), percentage=67)
    context["counted_weeks"] = [week]
    html = _html("supervision/pdf/placement_log.html", context)
    assert "67%" in html
    assert "90 minutes a week" in html
    assert f"{placement.starts_on:%-d %b %Y}" in html


def test_the_log_is_made_in_the_background_and_downloads_for_a_tutor(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # A whole log takes seconds to render: the page asks for it, the worker
    # makes it (eagerly here), and the tutor downloads the file it kept.
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast(status="active")
    SupervisionSessionFactory(placement=cast.placement)
    client.force_login(cast.tutor)
    page = reverse("supervision:placement_supervision_pdf", args=[cast.placement.pk])

    response = client.get(page)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Create PDF" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page).status_code == 302
    export = DocumentExport.objects.get(requested_by=cast.tutor)
    assert export.status == DocumentExport.Status.DONE

    download = client.get(reverse("portal:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="supervision-log-sam-student-' in download["Content-Disposition"]


def test_people_outside_the_placement_get_404(client):
    session = SupervisionSessionFactory()
    outsider = PlacementFactory().practice_educator
    client.force_login(outsider)

    assert client.get(reverse("supervision:session_pdf", args=[session.pk])).status_code == 404
    log = reverse("supervision:placement_supervision_pdf", args=[session.placement.pk])
    assert client.get(log).status_code == 404
    assert client.get(reverse("supervision:session_pdf", args=[999999])).status_code == 404


def test_a_school_contact_gets_404(client):
    session = SupervisionSessionFactory()
    client.force_login(
        user_with_role(Role.SCHOOL_CONTACT, OrganisationFactory(kind=Organisation.Kind.SCHOOL))
    )
    assert client.get(reverse("supervision:session_pdf", args=[session.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    session = SupervisionSessionFactory()
    for url in (
        reverse("supervision:session_pdf", args=[session.pk]),
        reverse("supervision:placement_supervision_pdf", args=[session.placement.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
