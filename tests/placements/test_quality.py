"""The placement-quality questionnaire and the unattributed report per setting."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement, QualityFeedback, QualityFeedbackReceipt
from placements.selectors.quality import QUALITY_MIN_RESPONSES
from placements.services.quality import quality_feedback_submit
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import CourseFactory, PlacementFactory

pytestmark = pytest.mark.django_db

S = Placement.Status
REPORT = reverse("placements:quality_report")


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def answers(score: int = 4, **overrides) -> dict:
    data = {name: score for name in QualityFeedback.SCORES}
    data.update(went_well="", could_improve="")
    data.update(overrides)
    return data


def form_data(score: int = 4, **overrides) -> dict:
    return {key: str(value) for key, value in answers(score, **overrides).items()}


def url(placement) -> str:
    return reverse("placements:quality_feedback", args=[placement.pk])


def nothing_saved() -> bool:
    return not QualityFeedback.objects.exists() and not QualityFeedbackReceipt.objects.exists()


# --- Submitting -------------------------------------------------------------------------


def test_the_student_rates_an_ended_placement(client):
    placement = PlacementFactory(status=S.PASSED, team="Duty team", level="final")
    client.force_login(placement.student)
    assert "Rate your placement setting" in text(client.get(url(placement)))

    response = client.post(url(placement), form_data(5, went_well="Great induction week."))

    assert response.status_code == 302
    feedback = QualityFeedback.objects.get()
    assert (feedback.host, feedback.team, feedback.level) == (placement.host, "Duty team", "final")
    assert feedback.received_month == timezone.localdate().replace(day=1)
    assert feedback.recommend == 5 and feedback.went_well == "Great induction week."
    assert QualityFeedbackReceipt.objects.get().placement == placement
    # The answers' history names nobody and is dated to the month only.
    record = feedback.history.get()
    assert record.history_user is None
    assert record.history_date.day == 1 and record.history_date.hour == 0
    assert "sent without your name" in text(client.get(response.url))


@pytest.mark.parametrize("status", [S.FINAL_REPORT_SUBMITTED, S.PASSED, S.FAILED])
def test_each_ended_status_can_be_rated(status):
    placement = PlacementFactory(status=status)
    quality_feedback_submit(placement=placement, by=placement.student, answers=answers())
    assert QualityFeedback.objects.count() == 1


def test_a_placement_ended_early_after_it_started_can_be_rated():
    placement = PlacementFactory(status=S.ACTIVE)
    placement.status = S.ENDED_EARLY
    placement.save()
    quality_feedback_submit(placement=placement, by=placement.student, answers=answers())
    assert QualityFeedbackReceipt.objects.filter(placement=placement).exists()


def test_a_placement_ended_before_it_started_cannot_be_rated():
    placement = PlacementFactory(status=S.PROPOSED)
    placement.status = S.ENDED_EARLY
    placement.save()
    with pytest.raises(ValidationError, match="once the placement has ended"):
        quality_feedback_submit(placement=placement, by=placement.student, answers=answers())
    assert nothing_saved()


@pytest.mark.parametrize("status", [S.PROPOSED, S.ACTIVE, S.MIDPOINT_REVIEWED, S.SUSPENDED])
def test_a_placement_still_running_cannot_be_rated(client, status):
    placement = PlacementFactory(status=status)
    client.force_login(placement.student)
    assert "once the placement has ended" in text(client.get(url(placement)))
    response = client.post(url(placement), form_data())
    assert response.status_code == 200
    assert "You can rate the setting once the placement has ended" in text(response)
    assert nothing_saved()


def test_a_second_rating_is_refused_with_a_clear_message(client):
    placement = PlacementFactory(status=S.PASSED)
    client.force_login(placement.student)
    client.post(url(placement), form_data(4))

    response = client.post(url(placement), form_data(1))

    assert "You have already rated this placement's setting." in text(response)
    assert QualityFeedback.objects.get().induction == 4
    assert QualityFeedbackReceipt.objects.count() == 1
    assert "You have rated this setting" in text(client.get(url(placement)))


@pytest.mark.parametrize("bad", [0, 6, "x", None, 3.5])
def test_a_score_out_of_range_is_refused_naming_it(bad):
    placement = PlacementFactory(status=S.PASSED)
    with pytest.raises(ValidationError) as refused:
        quality_feedback_submit(
            placement=placement, by=placement.student, answers=answers(supervision=bad)
        )
    assert list(refused.value.message_dict) == ["supervision"]
    assert "Supervision was regular" in refused.value.message_dict["supervision"][0]
    assert nothing_saved()


def test_the_form_names_a_missing_or_invalid_score(client):
    placement = PlacementFactory(status=S.PASSED)
    client.force_login(placement.student)
    data = form_data(induction="9")
    del data["recommend"]
    response = client.post(url(placement), data)
    page = text(response)
    assert "Choose a score from 1 to 5 for “My induction prepared me" in page
    assert "Choose a score for “I would recommend this setting" in page
    assert nothing_saved()


def test_only_the_student_rates_the_setting(client):
    placement = PlacementFactory(status=S.PASSED)
    client.force_login(placement.practice_educator)  # sees the placement: 403
    assert client.post(url(placement), form_data()).status_code == 403
    client.force_login(user_with_role(Role.STUDENT))  # does not see it: 404
    assert client.post(url(placement), form_data()).status_code == 404
    assert client.get(url(placement)).status_code == 404
    with pytest.raises(PermissionDenied):
        quality_feedback_submit(
            placement=placement, by=placement.practice_educator, answers=answers()
        )
    assert nothing_saved()


def test_the_student_is_prompted_when_it_is_due(client):
    placement = PlacementFactory(status=S.PASSED)
    running = PlacementFactory(status=S.ACTIVE, student=placement.student)
    client.force_login(placement.student)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert url(placement) in dashboard
    assert url(running) not in dashboard
    detail = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert url(placement) in detail.content.decode()

    quality_feedback_submit(placement=placement, by=placement.student, answers=answers())

    assert url(placement) not in client.get(reverse("portal:dashboard")).content.decode()
    detail = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert url(placement) not in detail.content.decode()


def test_nobody_else_is_prompted(client):
    placement = PlacementFactory(status=S.PASSED)
    client.force_login(placement.practice_educator)
    detail = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert url(placement) not in detail.content.decode()


# --- The report ----------------------------------------------------------------------------


def rate(host, team, scores, *, comment="", course=None, name=None) -> Placement:
    fields = {"host": host, "team": team, "status": S.PASSED}
    if course is not None:
        fields["course"] = course
    placement = PlacementFactory(**fields)
    if name:
        placement.student.name = name
        placement.student.save(update_fields=["name"])
    quality_feedback_submit(
        placement=placement,
        by=placement.student,
        answers=answers(scores, went_well=comment, could_improve=""),
    )
    return placement


@pytest.fixture
def host():
    organisation = OrganisationFactory(name="Westmoor Council")
    return organisation, user_with_role(Role.COORDINATOR, organisation)


def test_a_setting_with_enough_responses_shows_averages_distribution_and_comments(client, host):
    organisation, coordinator = host
    rate(organisation, "Duty team", 5, comment="Zoe's team was kind")
    rate(organisation, "duty team", 4, comment="Clear induction")
    rate(organisation, "Duty team", 3)
    client.force_login(coordinator)

    response = client.get(REPORT)
    page = text(response)

    assert "3 responses" in page
    assert "My induction prepared me for the placement. 4.0 0 0 1 1 1" in page
    # Comments come alphabetically, not in the order (or time) they were given.
    assert page.index("Clear induction") < page.index("Zoe's team was kind")


def test_a_setting_with_too_few_responses_shows_only_that(client, host):
    organisation, coordinator = host
    rate(organisation, "Fostering", 1, comment="Something only I would write")
    rate(organisation, "Fostering", 2)
    client.force_login(coordinator)

    page = text(client.get(REPORT))

    assert f"Fewer than {QUALITY_MIN_RESPONSES} responses" in page
    assert "Something only I would write" not in page
    assert "1.5" not in page and "Scored 1" not in page
    assert f"at least {QUALITY_MIN_RESPONSES} responses" in page  # the rule is explained


def test_the_report_names_nobody(client, host):
    organisation, coordinator = host
    placements = [
        rate(organisation, "Duty team", 4, name=f"Unmistakable Name{n}", comment="Good")
        for n in range(3)
    ]
    client.force_login(coordinator)

    page = client.get(REPORT).content.decode()

    for placement in placements:
        assert placement.student.name not in page
        assert placement.student.email not in page
        assert f"/portal/placements/{placement.pk}/" not in page
    assert timezone.localdate().strftime("%-d %B") not in page  # no day, only the month
    for record in QualityFeedback.history.all():
        assert record.history_user is None
        assert record.history_date.day == 1
    # The answers carry no link to a placement or a person.
    names = {field.name for field in QualityFeedback._meta.get_fields()}
    assert not names & {"placement", "student", "user", "created_by"}


def test_coordinators_see_their_own_settings_and_universities_theirs(client, host):
    organisation, coordinator = host
    course = CourseFactory()
    elsewhere = OrganisationFactory(name="Far Away Trust")
    for _ in range(3):
        rate(organisation, "Duty team", 4)
        rate(elsewhere, "Remote team", 4, course=course)
    other_trust = OrganisationFactory(name="Unvisited Trust")
    for _ in range(3):
        rate(other_trust, "Hidden team", 4)

    client.force_login(coordinator)
    page = text(client.get(REPORT))
    assert "Duty team" in page
    assert "Remote team" not in page and "Hidden team" not in page

    university_coordinator = user_with_role(Role.COORDINATOR, course.university)
    client.force_login(university_coordinator)
    page = text(client.get(REPORT))
    assert "Remote team" in page  # hosted one of its students
    assert "Duty team" not in page and "Hidden team" not in page

    admin = user_with_role(Role.ADMIN, OrganisationFactory(kind=Organisation.Kind.SERVICE_PROVIDER))
    client.force_login(admin)
    page = text(client.get(REPORT))
    assert "Duty team" in page and "Remote team" in page and "Hidden team" in page


@pytest.mark.parametrize("role", [Role.TUTOR, Role.STUDENT, Role.PRACTICE_EDUCATOR])
def test_other_roles_cannot_open_the_report(client, role):
    client.force_login(user_with_role(role))
    assert client.get(REPORT).status_code == 403


def test_search_by_organisation_or_team(client, host):
    organisation, coordinator = host
    rate(organisation, "Duty team", 4)
    rate(organisation, "Fostering", 4)
    client.force_login(coordinator)
    page = text(client.get(REPORT, {"q": "foster"}))
    assert "Fostering" in page and "Duty team" not in page


@pytest.mark.parametrize("rows", [5, 50])
def test_the_report_makes_a_flat_number_of_queries(
    client, host, django_assert_max_num_queries, rows
):
    organisation, coordinator = host
    month = timezone.localdate().replace(day=1)
    QualityFeedback.objects.bulk_create(
        QualityFeedback(
            host=organisation,
            team=f"Team {n:03d}",
            level="first",
            received_month=month,
            went_well=f"Comment {n}",
            **{name: 1 + (n + k) % 5 for k, name in enumerate(QualityFeedback.SCORES)},
        )
        for n in range(rows)
        for _ in range(3)
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(REPORT)
    assert response.status_code == 200
    assert "Team 000" in text(response)


def test_the_csv_export_has_the_same_settings_and_threshold(client, host):
    organisation, coordinator = host
    for score in (5, 4, 3):
        rate(organisation, "Duty team", score, comment="Private words")
    rate(organisation, "=Fostering", 2)
    rate(OrganisationFactory(), "Hidden team", 1)
    client.force_login(coordinator)

    response = client.get(reverse("placements:quality_report_export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Organisation", "Team", "Responses", "Latest month"]
    body = {row[1]: row for row in rows[1:]}
    assert set(body) == {"Duty team", "'=Fostering"}  # formula-safe, scoped
    assert body["Duty team"][2:4] == ["3", f"{timezone.localdate():%Y-%m}"]
    assert body["Duty team"][4:] == ["4.0"] * 5
    assert body["'=Fostering"][2:] == ["Fewer than 3", ""]
    assert "Private words" not in response.content.decode("utf-8-sig")
    client.force_login(user_with_role(Role.TUTOR))
    assert client.get(reverse("placements:quality_report_export")).status_code == 403
