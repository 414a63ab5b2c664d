from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import EducatorProfile, StudentProfile
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import CourseFactory, EducatorProfileFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def university_setup():
    course = CourseFactory(title="BA Social Work")
    university = course.university
    coordinator = user_with_role(Role.COORDINATOR, university)
    student = user_with_role(Role.STUDENT, university, name="Sam Student")
    return course, university, coordinator, student


def student_data(course, **overrides):
    data = {
        "university": course.university.pk,
        "course": course.pk,
        "cohort": "2025",
        "student_number": "S1234567",
        "dbs_checked_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_a_student_profile(client, university_setup):
    course, _, coordinator, student = university_setup
    client.force_login(coordinator)
    url = reverse("placements:student_profile", args=[student.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, student_data(course))
    assert response.status_code == 302
    profile = StudentProfile.objects.get(user=student)
    assert profile.student_number == "S1234567"
    assert profile.history.latest().history_user == coordinator
    listing = client.get(reverse("placements:people") + "?role=student").content.decode()
    assert "S1234567" in listing and "Sam Student" in listing


def test_a_future_dbs_date_is_refused(client, university_setup):
    course, _, coordinator, student = university_setup
    client.force_login(coordinator)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("placements:student_profile", args=[student.pk]),
        student_data(course, dbs_checked_on=tomorrow),
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert not StudentProfile.objects.exists()


def test_a_course_of_another_university_is_refused(client, university_setup):
    _, university, coordinator, student = university_setup
    other_course = CourseFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("placements:student_profile", args=[student.pk]),
        student_data(other_course, university=university.pk),
    )
    assert "Choose a course of the student&#x27;s university." in response.content.decode()
    assert not StudentProfile.objects.exists()


REGISTRATION_HELP = "Enter a Social Work England registration number"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("SW123456", None),
        ("sw99", None),
        ("123456", REGISTRATION_HELP),
        ("SW1234567", None),
        ("SW12345678", "must be 9 characters or fewer"),
        ("XX1", REGISTRATION_HELP),
    ],
)
def test_registration_number_format(client, number, message):
    council = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, council)
    educator = user_with_role(Role.PRACTICE_EDUCATOR, council)
    client.force_login(coordinator)
    response = client.post(
        reverse("placements:educator_profile", args=[educator.pk]),
        {
            "swe_registration": number,
            "peps_stage": "2",
            "location": "on_site",
            "max_students": "2",
            "dbs_checked_on": "",
        },
    )
    assert EducatorProfile.objects.filter(user=educator).exists() is (message is None)
    if message:
        assert message in response.content.decode()


def test_people_outside_the_coordinators_organisations_are_404(client, university_setup):
    _, _, coordinator, _ = university_setup
    stranger = user_with_role(Role.STUDENT)
    client.force_login(coordinator)
    response = client.get(reverse("placements:student_profile", args=[stranger.pk]))
    assert response.status_code == 404


def test_other_roles_cannot_edit_profiles(client, university_setup):
    course, university, _, student = university_setup
    tutor = user_with_role(Role.TUTOR, university)
    client.force_login(tutor)
    assert client.get(reverse("placements:people")).status_code == 403
    client.force_login(student)  # may see themselves, but not edit
    response = client.post(
        reverse("placements:student_profile", args=[student.pk]), student_data(course)
    )
    assert response.status_code == 403
    assert not StudentProfile.objects.exists()


def test_a_profile_of_the_wrong_kind_is_refused(client, university_setup):
    _, _, coordinator, student = university_setup
    client.force_login(coordinator)
    response = client.post(
        reverse("placements:educator_profile", args=[student.pk]),
        {"swe_registration": "SW1", "peps_stage": "1", "location": "on_site", "max_students": "1"},
    )
    assert response.status_code == 403
    assert not EducatorProfile.objects.exists()


def test_educator_capacity_is_shown(client):
    council = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, council)
    profile = EducatorProfileFactory(organisation=council, max_students=1)
    PlacementFactory(host=council, practice_educator=profile.user)
    client.force_login(coordinator)
    page = client.get(reverse("placements:people") + "?role=practice_educator").content.decode()
    assert "1 / 1" in page
    assert "govuk-tag--red" in page


@pytest.mark.parametrize("rows", [5, 50])
def test_people_list_query_count_is_flat(client, django_assert_max_num_queries, rows):
    council = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, council)
    for _ in range(rows):
        profile = EducatorProfileFactory(organisation=council)
        membership_grant(user=profile.user, organisation=council, role=Role.STUDENT)
    client.force_login(coordinator)
    for role in ("student", "practice_educator"):
        with django_assert_max_num_queries(9):
            response = client.get(reverse("placements:people") + f"?role={role}")
        assert response.status_code == 200
