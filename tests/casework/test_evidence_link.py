"""Starting a PCF evidence item from a session or an assessment (issue 6,
requirement 10): prefilled without any child's name, and the anonymisation
guard still refuses a name typed in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from placements.casework.evidence import (
    evidence_prefill_for_assessment,
    evidence_prefill_for_session,
)
from placements.casework.models import Child, DirectWorkPlan
from placements.casework.services.sessions import session_log
from placements.services.anonymisation import anonymisation_errors
from portal.accounts.roles import Role
from tests.accounts.support import page_text
from tests.casework.factories import AssessmentFactory
from tests.casework.support import a_theme, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def names(children):
    return [
        part
        for child in children
        for part in (child.first_name, child.last_name, child.preferred_name)
        if part
    ]


@pytest.fixture
def group():
    """A group of two with distinctive names, a session logged whose free text names
    one of them."""
    work = work_with(
        2,
        status=DirectWorkPlan.Status.AGREED,
        agreed=True,
        with_sessions=True,
        first_name="Zebedee",
        last_name="Quartermaine",
        preferred_name="Zeb",
    )
    session = work.sessions()[0]
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme("Online safety"),
        activities="Zebedee and his friend made posters.",
        observations="Zeb was proud.",
        attendance=[{"child": child, "attended": True} for child in work.children],
    )
    session.refresh_from_db()
    return work, session


def test_the_session_prefill_describes_the_work_without_names(group):
    work, session = group
    prefill = evidence_prefill_for_session(session)
    text = prefill["title"] + " " + prefill["reflection"]
    for name in names(work.children):
        assert name not in text
    assert "session 1 of 6" in text.lower()
    assert "group" in prefill["title"] and "Online safety" in prefill["title"]
    assert "a group of 2 children in Year 4" in prefill["reflection"]
    assert "posters" not in text  # free text is never copied
    assert not anonymisation_errors(
        placement=work.placement,
        texts={"title": prefill["title"], "reflection": prefill["reflection"]},
    )


def test_the_guard_still_refuses_a_name_typed_in(group):
    work, session = group
    prefill = evidence_prefill_for_session(session)
    errors = anonymisation_errors(
        placement=work.placement,
        texts={
            "title": prefill["title"],
            "reflection": prefill["reflection"] + " Zebedee enjoyed it.",
        },
    )
    assert "reflection" in errors


def test_the_student_goes_to_the_prefilled_evidence_form(client, group):
    work, session = group
    client.force_login(work.student)
    response = client.get(reverse("casework:evidence_from_session", args=[session.pk]))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("placements:evidence_create", args=[work.placement.pk])
    query = parse_qs(location.query)
    assert query["kind"] == ["direct_work"]
    for name in names(work.children):
        assert name not in response["Location"]
    form = page_text(client.get(response["Location"]))
    assert query["title"][0] in form
    assert "a group of 2 children in Year 4" in form
    # Typing a child's name into the prefilled form is refused by the guard.
    data = {
        "date": query["date"][0],
        "kind": "direct_work",
        "title": query["title"][0],
        "reflection": query["reflection"][0] + " Zeb liked the posters.",
    }
    refused = page_text(client.post(response["Location"], data))
    assert "Remove the name from the reflection" in refused


def test_only_the_student_on_the_work(client, group):
    work, session = group
    url = reverse("casework:evidence_from_session", args=[session.pk])
    client.force_login(work.educator)
    assert client.get(url).status_code == 403
    client.force_login(work.school_contact())
    assert client.get(url).status_code == 403
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(url).status_code == 404


def test_the_assessment_prefill_and_link(client):
    work = work_with(status=None, first_name="Zebedee", last_name="Quartermaine")
    child: Child = work.children[0]
    assessment = AssessmentFactory(child=child, student=work.student, recommendation="early_help")
    prefill = evidence_prefill_for_assessment(assessment)
    text = prefill["title"] + prefill["reflection"]
    assert "Zebedee" not in text and "Quartermaine" not in text
    assert "a child in Year 4" in text and "Early help" in text
    assert prefill["kind"] == "assessment"
    client.force_login(work.student)
    response = client.get(reverse("casework:evidence_from_assessment", args=[assessment.pk]))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse(
        "placements:evidence_create", args=[work.placement.pk]
    )
    other = user_with_role(Role.STUDENT)
    client.force_login(other)
    assert (
        client.get(reverse("casework:evidence_from_assessment", args=[assessment.pk])).status_code
        == 404
    )
