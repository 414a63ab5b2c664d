"""A school's term dates (issue 22, requirement 8): terms and holidays as data, with
their checks; plans and their sessions avoid the days the school is closed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from placements.casework.models import DirectWorkPlan, SchoolTerm, TermHoliday
from placements.casework.selectors.terms import school_calendar
from placements.casework.services.plans import plan_create, plan_update
from placements.casework.services.sessions import sessions_generate
from placements.casework.services.terms import holiday_add, holiday_delete, term_delete, term_save
from portal.accounts.roles import Role
from tests.casework.factories import SchoolFactory
from tests.casework.support import a_theme, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

AUTUMN = (date(2030, 9, 2), date(2030, 12, 20))
HALF_TERM = (date(2030, 10, 28), date(2030, 11, 1))
SPRING = (date(2031, 1, 6), date(2031, 3, 28))


def autumn(school, by=None):
    by = by or user_with_role(Role.SCHOOL_CONTACT, school)
    term = term_save(
        by=by, school=school, name="Autumn term 2030", starts_on=AUTUMN[0], ends_on=AUTUMN[1]
    )
    holiday_add(
        by=by, term=term, name="October half-term", starts_on=HALF_TERM[0], ends_on=HALF_TERM[1]
    )
    return term


# --- terms and holidays ---------------------------------------------------------------


def test_the_school_contact_records_a_term_and_its_holidays():
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = autumn(school, contact)
    inset = holiday_add(
        by=contact, term=term, name="INSET day", starts_on=date(2030, 11, 4), ends_on=None
    )
    assert inset.ends_on == inset.starts_on  # one day
    assert [h.name for h in term.holidays.order_by("starts_on")] == [
        "October half-term",
        "INSET day",
    ]
    assert term.history.first().history_user == contact


def test_a_coordinator_of_the_service_holding_its_pupils_records_terms():
    work = work_with(status=None)
    school = work.children[0].school
    term = autumn(school, work.coordinator)
    assert term.school == school


def test_another_schools_contact_and_other_roles_are_refused_and_nothing_is_saved():
    school = SchoolFactory()
    other_contact = user_with_role(Role.SCHOOL_CONTACT, SchoolFactory())
    student = user_with_role(Role.STUDENT)
    for who in (other_contact, student):
        with pytest.raises(Http404):
            term_save(by=who, school=school, name="Autumn", starts_on=AUTUMN[0], ends_on=AUTUMN[1])
    term = autumn(school)
    with pytest.raises(Http404):
        holiday_add(
            by=other_contact, term=term, name="INSET day", starts_on=AUTUMN[0], ends_on=None
        )
    with pytest.raises(Http404):
        term_delete(by=other_contact, term=term)
    assert SchoolTerm.objects.count() == 1 and TermHoliday.objects.count() == 1


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "words"),
    [
        (date(2030, 12, 20), date(2030, 9, 2), "ends_on", "must be after the first day"),
        (date(2030, 9, 2), date(2030, 9, 2), "ends_on", "must be after the first day"),
        (None, date(2030, 12, 20), "starts_on", "Enter the first day"),
        (date(2030, 12, 1), date(2031, 2, 1), "starts_on", "overlap Autumn term 2030"),
    ],
)
def test_bad_term_dates_are_refused_with_a_clear_message(starts_on, ends_on, field, words):
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    autumn(school, contact)
    with pytest.raises(ValidationError) as refused:
        term_save(by=contact, school=school, name="Another", starts_on=starts_on, ends_on=ends_on)
    assert words in " ".join(refused.value.message_dict[field])
    assert SchoolTerm.objects.count() == 1


def test_terms_of_different_schools_may_share_dates():
    autumn(SchoolFactory())
    autumn(SchoolFactory())
    assert SchoolTerm.objects.count() == 2


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "words"),
    [
        (date(2030, 8, 30), date(2030, 9, 3), "must be within Autumn term 2030"),
        (date(2030, 10, 31), date(2030, 11, 4), "overlap October half-term"),
    ],
)
def test_bad_holidays_are_refused(starts_on, ends_on, words):
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = autumn(school, contact)
    with pytest.raises(ValidationError) as refused:
        holiday_add(by=contact, term=term, name="INSET day", starts_on=starts_on, ends_on=ends_on)
    assert words in " ".join(refused.value.message_dict["starts_on"])
    assert term.holidays.count() == 1


def test_a_term_cannot_shrink_away_from_its_holidays():
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = autumn(school, contact)
    with pytest.raises(ValidationError) as refused:
        term_save(
            by=contact,
            school=school,
            term=term,
            name=term.name,
            starts_on=AUTUMN[0],
            ends_on=date(2030, 10, 29),
        )
    assert "October half-term would fall outside the term" in str(refused.value)
    term.refresh_from_db()
    assert term.ends_on == AUTUMN[1]


def test_removing_a_holiday_and_a_term():
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    term = autumn(school, contact)
    holiday_delete(by=contact, holiday=term.holidays.get())
    assert not TermHoliday.objects.exists()
    term_delete(by=contact, term=term)
    assert not SchoolTerm.objects.exists()


# --- the calendar -------------------------------------------------------------------------


def test_the_calendar_names_the_holiday_or_the_gap_between_terms():
    school = SchoolFactory(name="Brookfield Primary")
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    autumn(school, contact)
    term_save(
        by=contact, school=school, name="Spring term 2031", starts_on=SPRING[0], ends_on=SPRING[1]
    )
    calendar = school_calendar(school)
    assert calendar.why_closed(date(2030, 10, 30)) == (
        "30 October 2030 is in October half-term at Brookfield Primary "
        "(28 October 2030 to 1 November 2030)."
    )
    assert "between terms" in calendar.why_closed(date(2030, 12, 30))
    assert "Spring term 2031 starts on 6 January 2031" in calendar.why_closed(date(2030, 12, 30))
    assert calendar.why_closed(date(2030, 10, 21)) == ""
    # Before the first recorded term and after the last: no dates given, no restriction.
    assert calendar.why_closed(date(2030, 7, 1)) == ""
    assert calendar.why_closed(date(2031, 6, 2)) == ""
    weekly = calendar.weekly_dates(date(2030, 10, 14), 4)
    assert weekly == [date(2030, 10, 14), date(2030, 10, 21), date(2030, 11, 4), date(2030, 11, 11)]


def test_a_school_without_term_dates_has_no_restriction():
    calendar = school_calendar(SchoolFactory())
    assert not calendar.recorded
    assert calendar.why_closed(date(2030, 12, 25)) == ""
    assert calendar.weekly_dates(date(2030, 12, 23), 2) == [date(2030, 12, 23), date(2030, 12, 30)]


# --- plans and sessions ---------------------------------------------------------------------


def _draft(work, first_session_on):
    return plan_create(
        by=work.educator,
        children=work.children,
        goals={child.pk: ["I want to make a friend"] for child in work.children},
        themes=[a_theme()],
        first_session_on=first_session_on,
    )


def test_a_plan_starting_in_a_holiday_is_refused_naming_it_and_nothing_is_saved():
    work = work_with(status=None)
    autumn(work.children[0].school, work.coordinator)
    with pytest.raises(ValidationError) as refused:
        _draft(work, date(2030, 10, 28))
    message = " ".join(refused.value.message_dict["first_session_on"])
    assert "Choose a day in term" in message and "October half-term" in message
    assert not DirectWorkPlan.objects.exists()


def test_a_plan_starting_between_terms_is_refused():
    work = work_with(status=None)
    school = work.children[0].school
    autumn(school, work.coordinator)
    term_save(
        by=work.coordinator,
        school=school,
        name="Spring term 2031",
        starts_on=SPRING[0],
        ends_on=SPRING[1],
    )
    with pytest.raises(ValidationError) as refused:
        _draft(work, date(2030, 12, 30))
    assert "between terms" in str(refused.value)
    assert not DirectWorkPlan.objects.exists()


def test_moving_a_draft_plan_into_a_holiday_is_refused_and_it_keeps_its_date():
    work = work_with(status=None)
    autumn(work.children[0].school, work.coordinator)
    plan = _draft(work, date(2030, 10, 21))
    with pytest.raises(ValidationError) as refused:
        plan_update(
            by=work.educator,
            plan=plan,
            goals={child.pk: ["I want to make a friend"] for child in work.children},
            themes=[a_theme()],
            first_session_on=date(2030, 10, 28),
            planned_sessions=6,
            session_time=plan.session_time,
            session_minutes=45,
        )
    assert "October half-term" in str(refused.value)
    plan.refresh_from_db()
    assert plan.first_session_on == date(2030, 10, 21)


def test_the_weekly_sessions_skip_the_half_term():
    work = work_with(status=None)
    autumn(work.children[0].school, work.coordinator)
    plan = _draft(work, date(2030, 10, 14))
    sessions_generate(plan=plan, by=work.educator)
    dates = list(plan.sessions.order_by("number").values_list("planned_on", flat=True))
    assert len(dates) == 6
    assert dates[:3] == [date(2030, 10, 14), date(2030, 10, 21), date(2030, 11, 4)]
    assert all(not (HALF_TERM[0] <= day <= HALF_TERM[1]) for day in dates)
    assert dates[-1] - dates[0] == timedelta(weeks=6)


def test_an_empty_term_form_names_each_field_to_fill():
    school = SchoolFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    with pytest.raises(ValidationError) as refused:
        term_save(by=contact, school=school, name=" ", starts_on=None, ends_on=None)
    assert set(refused.value.message_dict) == {"name", "starts_on", "ends_on"}
    assert "Autumn term 2026" in refused.value.message_dict["name"][0]
    assert not SchoolTerm.objects.exists()
