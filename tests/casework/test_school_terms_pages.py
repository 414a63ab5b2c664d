"""The term dates pages and "who comes into school and when" on a plan's page (issue
22, requirement 8): who may open them (404 for another school, 403 for a role that
manages no school's dates), bad dates on the form, and what the school sees."""

from datetime import date

import pytest
from django.urls import reverse

from placements.casework.models import SchoolTerm, TermHoliday
from placements.casework.services.terms import holiday_add, term_save
from portal.accounts.roles import Role
from tests.accounts.support import page_text
from tests.casework.factories import PlanChildFactory, PlanFactory, SchoolFactory
from tests.casework.support import work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

P_AGREED = "agreed"


def terms_url(school):
    return reverse("casework:school_terms", args=[school.pk])


def a_term(school, by):
    term = term_save(
        by=by,
        school=school,
        name="Autumn term 2030",
        starts_on=date(2030, 9, 2),
        ends_on=date(2030, 12, 20),
    )
    holiday_add(
        by=by,
        term=term,
        name="October half-term",
        starts_on=date(2030, 10, 28),
        ends_on=date(2030, 11, 1),
    )
    return term


def test_the_school_contact_is_hinted_then_adds_a_term_and_a_holiday(client):
    school = SchoolFactory(name="Hillside Primary")
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    client.force_login(contact)
    dashboard = page_text(client.get(reverse("portal:dashboard")))
    assert "No term dates are recorded for Hillside Primary" in dashboard
    assert "No term dates are recorded" in page_text(client.get(terms_url(school)))
    response = client.post(
        reverse("casework:term_create", args=[school.pk]),
        {"name": "Autumn term 2030", "starts_on": "2030-09-02", "ends_on": "2030-12-20"},
    )
    assert response.status_code == 302 and response.url == terms_url(school)
    term = SchoolTerm.objects.get()
    response = client.post(
        reverse("casework:holiday_create", args=[school.pk, term.pk]),
        {"name": "INSET day", "starts_on": "2030-11-04", "ends_on": ""},
    )
    assert response.status_code == 302
    text = page_text(client.get(terms_url(school)))
    assert "Autumn term 2030" in text and "INSET day" in text and "Monday 4 November 2030" in text
    assert "No term dates are recorded" not in page_text(client.get(reverse("portal:dashboard")))


def test_bad_dates_are_shown_on_the_form_and_nothing_is_saved(client):
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = a_term(school, contact)
    client.force_login(contact)
    response = client.post(
        reverse("casework:term_create", args=[school.pk]),
        {"name": "Spring", "starts_on": "2031-03-01", "ends_on": "2031-01-06"},
    )
    assert response.status_code == 200
    assert "The last day of term must be after the first day of term" in page_text(response)
    response = client.post(
        reverse("casework:term_update", args=[school.pk, term.pk]),
        {"name": "Autumn term 2030", "starts_on": "2030-12-01", "ends_on": "2030-12-20"},
    )
    assert "October half-term would fall outside the term" in page_text(response)
    response = client.post(
        reverse("casework:holiday_create", args=[school.pk, term.pk]),
        {"name": "Half-term", "starts_on": "2031-02-17", "ends_on": "2031-02-21"},
    )
    assert "must be within Autumn term 2030" in page_text(response)
    assert SchoolTerm.objects.count() == 1 and TermHoliday.objects.count() == 1
    term.refresh_from_db()
    assert term.starts_on == date(2030, 9, 2)


def test_removing_a_holiday_and_a_term(client):
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = a_term(school, contact)
    client.force_login(contact)
    holiday = term.holidays.get()
    url = reverse("casework:holiday_delete", args=[school.pk, term.pk, holiday.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not TermHoliday.objects.exists()
    remove_term = reverse("casework:term_delete", args=[school.pk, term.pk])
    asked = client.get(remove_term)
    assert asked.status_code == 200
    assert f"Remove {term.name}?" in asked.content.decode()
    assert SchoolTerm.objects.exists()  # asking first removes nothing
    assert client.post(remove_term).status_code == 302
    assert not SchoolTerm.objects.exists()


def test_another_schools_contact_gets_404_and_other_roles_403(client):
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = a_term(school, contact)
    holiday = term.holidays.get()
    urls = [
        terms_url(school),
        reverse("casework:term_create", args=[school.pk]),
        reverse("casework:term_update", args=[school.pk, term.pk]),
        reverse("casework:holiday_create", args=[school.pk, term.pk]),
        reverse("casework:term_delete", args=[school.pk, term.pk]),
    ]
    posts = [
        reverse("casework:term_delete", args=[school.pk, term.pk]),
        reverse("casework:holiday_delete", args=[school.pk, term.pk, holiday.pk]),
    ]
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()))
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    client.force_login(user_with_role(Role.STUDENT))
    for url in urls:
        assert client.get(url).status_code == 403, url
    # Another school's term through this school's address: not found.
    other = SchoolFactory()
    other_term = a_term(other, user_with_role(Role.SCHOOL_CONTACT, other))
    client.force_login(contact)
    assert (
        client.get(reverse("casework:term_update", args=[school.pk, other_term.pk])).status_code
        == 404
    )
    assert SchoolTerm.objects.count() == 2 and TermHoliday.objects.count() == 2


def test_a_coordinator_reaches_the_term_dates_from_the_partner_schools(client):
    work = work_with(status=None)
    school = work.children[0].school
    client.force_login(work.coordinator)
    schools = page_text(client.get(reverse("casework:school_safeguarding_list")))
    assert "Term dates" in schools
    assert client.get(terms_url(school)).status_code == 200
    assert client.get(terms_url(SchoolFactory())).status_code == 404


# --- who comes into school and when -----------------------------------------------------


def test_the_plan_shows_the_school_who_comes_in_and_when_names_and_times_only(client):
    work = work_with(status=None)
    school = work.children[0].school
    plan = PlanFactory(
        school=school,
        first_session_on=date(2030, 10, 21),
        planned_sessions=3,
        place_in_school="The library",
        created_by=work.educator,
    )
    PlanChildFactory(plan=plan, child=work.children[0])
    contact = work.school_contact()
    a_term(school, contact)
    client.force_login(contact)
    text = page_text(client.get(reverse("casework:plan_detail", args=[plan.pk])))
    assert "Who comes into school and when" in text
    assert work.student.name in text and work.educator.name in text
    assert work.student.email not in text and work.educator.email not in text
    assert "The library" in text
    # Weekly from 21 October, skipping the October half-term.
    assert "Monday 21 October 2030" in text and "Monday 4 November 2030" in text
    assert "Monday 11 November 2030" in text and "Monday 28 October 2030" not in text


def test_planned_sessions_in_a_holiday_added_since_are_flagged(client):
    work = work_with(
        status=P_AGREED, agreed=True, with_sessions=True, first_session_on=date(2030, 10, 14)
    )
    assert date(2030, 10, 28) in [session.planned_on for session in work.sessions()]
    a_term(work.children[0].school, work.school_contact())
    client.force_login(work.educator)
    text = page_text(client.get(reverse("casework:plan_detail", args=[work.plan.pk])))
    assert "Coming sessions" in text
    assert "School closed" in text and "28 October 2030 is in October half-term" in text


def test_the_plan_page_without_term_dates_says_so(client):
    work = work_with(status="draft")
    client.force_login(work.educator)
    text = page_text(client.get(reverse("casework:plan_detail", args=[work.plan.pk])))
    assert "The school's term dates are not recorded" in text
