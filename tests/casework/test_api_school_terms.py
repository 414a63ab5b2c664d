"""School term dates in the API (read): the terms and holidays of the schools whose
dates the caller manages, as on the pages; another school is 404, a role that
manages no school's dates 403."""

from datetime import date, timedelta

import pytest

from placements.casework.services.terms import holiday_add, term_save
from portal.accounts.roles import Role
from tests.casework.factories import SchoolFactory
from tests.casework.support import work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

URL = "/api/v1/school-terms/"


def terms(school, count: int = 1, by=None):
    """`count` terms of `school` from September 2030, each with a half-term."""
    by = by or user_with_role(Role.SCHOOL_CONTACT, school)
    made = []
    for number in range(count):
        starts = date(2030, 9, 2) + timedelta(weeks=16 * number)
        term = term_save(
            by=by,
            school=school,
            name=f"Term {number + 1}",
            starts_on=starts,
            ends_on=starts + timedelta(weeks=14),
        )
        holiday_add(
            by=by,
            term=term,
            name="Half-term",
            starts_on=starts + timedelta(weeks=7),
            ends_on=starts + timedelta(weeks=7, days=4),
        )
        made.append(term)
    return made


def test_the_school_contact_reads_their_schools_terms_with_the_holidays(client):
    school, other = SchoolFactory(name="Brookfield Primary"), SchoolFactory()
    terms(school, 2)
    terms(other)
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, school))
    body = client.get(URL).json()
    assert body["count"] == 2  # not the other school's
    first = body["items"][0]
    assert first["school"] == "Brookfield Primary"
    assert first["school_id"] == school.pk
    assert (first["name"], first["starts_on"], first["ends_on"]) == (
        "Term 1",
        "2030-09-02",
        "2030-12-09",
    )
    assert first["holidays"] == [
        {
            "id": first["holidays"][0]["id"],
            "name": "Half-term",
            "starts_on": "2030-10-21",
            "ends_on": "2030-10-25",
        }
    ]


def test_the_coordinator_of_a_service_holding_a_pupils_record_reads_the_schools_terms(client):
    work = work_with(status=None)
    school = work.children[0].school
    terms(school)
    client.force_login(work.coordinator)
    body = client.get(URL, {"school": school.pk}).json()
    assert [item["school_id"] for item in body["items"]] == [school.pk]


def test_another_school_is_404_and_a_role_managing_no_dates_403(client):
    school, other = SchoolFactory(), SchoolFactory()
    terms(other)
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, school))
    assert client.get(URL, {"school": other.pk}).status_code == 404
    assert client.get(URL, {"school": 999999}).status_code == 404
    for role in (Role.STUDENT, Role.TUTOR, Role.PRACTICE_EDUCATOR):
        client.force_login(user_with_role(role))
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 401


def test_a_school_that_is_not_a_number_is_refused(client):
    school = SchoolFactory()
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, school))
    assert client.get(URL, {"school": "brookfield"}).status_code == 422


def test_an_admin_reads_every_schools_terms(client):
    first, second = SchoolFactory(), SchoolFactory()
    terms(first)
    terms(second)
    client.force_login(user_with_role(Role.ADMIN))
    schools = {item["school_id"] for item in client.get(URL).json()["items"]}
    assert schools == {first.pk, second.pk}


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_makes_the_same_queries_whatever_its_length(
    client, django_assert_max_num_queries, count
):
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    terms(school, count, by=contact)
    client.force_login(contact)
    with django_assert_max_num_queries(6):
        body = client.get(URL).json()
    assert body["count"] == count
