"""Wellbeing pages: recording a questionnaire, the child's page, the PE's
dashboard and the co-ordinators' report with its chart and CSV export."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, Theme, WellbeingMeasure
from placements.casework.selectors.wellbeing import SUPPRESSED_TEXT, academic_year
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.casework.factories import ChildFactory, MeasureFactory, PlanFactory, SchoolFactory
from tests.casework.support import allocated_member
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record_url(member, scale="stirling"):
    url = reverse("casework:wellbeing_record", args=[member.plan_id, member.child_id])
    return f"{url}?scale={scale}"


def stirling_post(point="first", value="4", **extra):
    data = {"scale": "stirling", "point": point, "completed_on": TODAY().isoformat()}
    data.update({f"item_{n}": value for n in range(1, 13)})
    data.update(extra)
    return data


# --- recording --------------------------------------------------------------------------


def test_the_student_records_a_questionnaire_from_the_form(client):
    member, allocation = allocated_member()
    client.force_login(allocation.student)
    page = client.get(record_url(member))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Stirling Children&#x27;s Wellbeing Scale" in body
    assert body.count('type="radio"') == 12 * 5 + 2  # items plus first/last
    assert 'name="total"' not in body
    response = client.post(record_url(member), stirling_post())
    assert response.status_code == 302
    measure = WellbeingMeasure.objects.get()
    assert measure.total == 48
    assert AccessEvent.objects.filter(
        user=allocation.student, object_id=str(member.child_id)
    ).exists()


def test_a_missing_item_shows_an_error_naming_it_and_saves_nothing(client):
    member, allocation = allocated_member()
    client.force_login(allocation.student)
    data = stirling_post()
    del data["item_5"]
    response = client.post(record_url(member), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Answer item 5" in body
    assert 'href="#id_item_5_0"' in body  # the error summary links to the item
    assert not WellbeingMeasure.objects.exists()


def test_a_typed_total_is_ignored(client):
    member, allocation = allocated_member()
    client.force_login(allocation.student)
    client.post(record_url(member), stirling_post(value="1", total="60"))
    assert WellbeingMeasure.objects.get().total == 12


def test_a_duplicate_is_refused_with_a_link_to_correct_it(client):
    member, allocation = allocated_member()
    measure = MeasureFactory(plan=member.plan, child=member.child)
    client.force_login(allocation.student)
    page = client.get(record_url(member))
    correct_url = reverse("casework:wellbeing_correct", args=[measure.pk])
    assert correct_url in page.content.decode()
    response = client.post(record_url(member), stirling_post(point="first", value="5"))
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert WellbeingMeasure.objects.get().total == 36

    response = client.post(correct_url, {**stirling_post(value="5")})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.total == 60
    assert measure.history.count() == 2


def test_the_rosenberg_form(client):
    member, allocation = allocated_member()
    client.force_login(allocation.practice_educator)
    data = {"scale": "rosenberg", "point": "last", "completed_on": TODAY().isoformat()}
    data.update({f"item_{n}": "strongly_agree" for n in range(1, 11)})
    response = client.post(record_url(member, "rosenberg"), data)
    assert response.status_code == 302
    assert WellbeingMeasure.objects.get(scale="rosenberg").total == 15


@pytest.mark.parametrize(
    "who, status",
    [
        ("other student", 404),
        ("coordinator", 403),
        ("school contact", 403),
        ("tutor", 404),
    ],
)
def test_who_may_open_the_form(client, who, status):
    member, allocation = allocated_member()
    users = {
        "other student": user_with_role(Role.STUDENT),
        "coordinator": member.child.created_by,
        "school contact": user_with_role(Role.SCHOOL_CONTACT, member.child.school),
        "tutor": allocation.placement.tutor,
    }
    client.force_login(users[who])
    assert client.get(record_url(member)).status_code == status
    assert client.post(record_url(member), stirling_post()).status_code == status
    assert not WellbeingMeasure.objects.exists()


def test_a_closed_plan_offers_no_form(client):
    member, allocation = allocated_member(status=DirectWorkPlan.Status.COMPLETED)
    client.force_login(allocation.student)
    page = client.get(record_url(member))
    assert "The plan is closed" in page.content.decode()
    assert "<form" not in page.content.decode().split('id="main-content"')[-1]


# --- the child's page and the PE's dashboard -------------------------------------------


def test_the_child_page_shows_first_last_and_change(client):
    member, allocation = allocated_member()
    MeasureFactory(plan=member.plan, child=member.child, answers=[2] * 12)  # 24
    MeasureFactory(plan=member.plan, child=member.child, point="last", answers=[3] * 12)  # 36
    client.force_login(allocation.practice_educator)
    body = client.get(reverse("casework:child_detail", args=[member.child_id])).content.decode()
    assert "Wellbeing measures" in body
    assert "+12" in body
    assert reverse("casework:wellbeing_record", args=[member.plan_id, member.child_id]) in body


def test_the_school_contact_page_has_no_wellbeing_section(client):
    member, allocation = allocated_member()
    MeasureFactory(plan=member.plan, child=member.child)
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, member.child.school))
    response = client.get(reverse("casework:child_detail", args=[member.child_id]))
    assert response.status_code == 200
    assert "Wellbeing measures" not in response.content.decode()


def test_the_pe_dashboard_lists_their_students_children_with_change(client):
    member, allocation = allocated_member()
    MeasureFactory(plan=member.plan, child=member.child, answers=[2] * 12)
    MeasureFactory(plan=member.plan, child=member.child, point="last", answers=[4] * 12)
    other, _ = allocated_member()
    MeasureFactory(plan=other.plan, child=other.child)
    client.force_login(allocation.practice_educator)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert "24 to 48 (+24)" in body
    assert str(member.child) in body
    assert str(other.child) not in body


def test_the_pe_dashboard_query_count_is_flat(client, django_assert_max_num_queries):
    member, allocation = allocated_member()
    educator = allocation.practice_educator

    def add_children(count):
        for _ in range(count):
            child = ChildFactory(school=member.child.school)
            m, _ = allocated_member(child=child, plan=member.plan)
            a = m.child.allocations.get()
            a.practice_educator = educator
            a.save()
            MeasureFactory(plan=m.plan, child=m.child)
            MeasureFactory(plan=m.plan, child=m.child, point="last")

    from placements.casework.selectors.wellbeing import educator_wellbeing

    add_children(5)
    with django_assert_max_num_queries(3):
        assert len(educator_wellbeing(educator)) == 5
    add_children(45)
    with django_assert_max_num_queries(3):
        assert len(educator_wellbeing(educator)) == 25


# --- the co-ordinators' report ------------------------------------------------------------


@pytest.fixture
def holder():
    organisation = OrganisationFactory()
    return organisation, user_with_role(Role.COORDINATOR, organisation)


def measured_children(organisation, coordinator, school, count, *, first=24, last=36, themes=()):
    first_answers = [first // 12] * 12
    last_answers = [last // 12] * 12
    for _ in range(count):
        child = ChildFactory(school=school, held_by=organisation, created_by=coordinator)
        plan = PlanFactory(school=school, first_session_on=date(2026, 9, 14))
        plan.themes.set(themes)
        plan.members.create(child=child)
        MeasureFactory(plan=plan, child=child, answers=first_answers, recorded_by=coordinator)
        MeasureFactory(
            plan=plan, child=child, point="last", answers=last_answers, recorded_by=coordinator
        )


def test_groups_under_five_children_show_no_scores(client, holder):
    organisation, coordinator = holder
    big, small = SchoolFactory(name="Brook Primary"), SchoolFactory(name="Alder Primary")
    theme, _ = Theme.objects.get_or_create(name="Friendships (test)")
    measured_children(organisation, coordinator, big, 5, first=24, last=36, themes=[theme])
    measured_children(organisation, coordinator, small, 4, first=12, last=60)
    client.force_login(coordinator)
    response = client.get(reverse("casework:wellbeing_report"))
    assert response.status_code == 200
    reports = {r.scale.key: r for r in response.context["reports"]}
    stirling = reports["stirling"]
    schools = {g.label: g for g in stirling.by_school}
    assert schools["Brook Primary"].shown
    assert (schools["Brook Primary"].mean_first, schools["Brook Primary"].mean_last) == (24, 36)
    assert schools["Brook Primary"].mean_change == 12
    assert schools["Brook Primary"].children == 5
    assert not schools["Alder Primary"].shown
    assert schools["Alder Primary"].mean_change is None
    themes = {g.label: g for g in stirling.by_theme}
    assert themes["Friendships (test)"].shown and themes["Friendships (test)"].children == 5
    assert not themes["No theme recorded"].shown
    cohorts = {g.label: g for g in stirling.by_cohort}
    assert cohorts["2026/27"].children == 9
    assert cohorts["2026/27"].mean_change == round((5 * 12 + 4 * 48) / 9, 1)
    body = response.content.decode()
    assert SUPPRESSED_TEXT in body
    assert "+48" not in body  # the small school's change is nowhere on the page
    # the chart: an accessible inline SVG with a bar for the big school only
    assert '<svg class="casework-chart" role="img"' in body
    assert '<title id="chart-stirling-title">' in body
    assert "style=" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert body.count("<rect") == 1
    assert "Not in the chart (fewer than 5 children): Alder Primary" in body
    assert "school year (from 1 September)" in body


def test_the_csv_has_the_same_suppression(client, holder):
    organisation, coordinator = holder
    big, small = SchoolFactory(name="Brook Primary"), SchoolFactory(name="Alder Primary")
    measured_children(organisation, coordinator, big, 5, first=24, last=36)
    measured_children(organisation, coordinator, small, 4, first=12, last=60)
    client.force_login(coordinator)
    response = client.get(reverse("casework:wellbeing_report_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Scale",
        "Grouping",
        "Group",
        "Children",
        "Mean first",
        "Mean last",
        "Mean change",
    ]
    stirling = "Stirling Children's Wellbeing Scale"
    assert [stirling, "school", "Alder Primary", "4", SUPPRESSED_TEXT, "", ""] in rows
    assert [stirling, "school", "Brook Primary", "5", "24.0", "36.0", "12.0"] in rows
    assert [stirling, "cohort", "2026/27", "9", "18.7", "46.7", "28.0"] in rows
    assert not any("60" in cell for row in rows for cell in row[4:])


def test_four_children_show_no_scores_five_do(holder):
    from placements.casework.selectors.wellbeing import wellbeing_report

    organisation, coordinator = holder
    school = SchoolFactory(name="Cedar Primary")
    measured_children(organisation, coordinator, school, 4)
    [group] = wellbeing_report(coordinator)[0].by_school
    assert (group.children, group.shown, group.mean_change) == (4, False, None)
    measured_children(organisation, coordinator, school, 1)
    [group] = wellbeing_report(coordinator)[0].by_school
    assert (group.children, group.shown, group.mean_change) == (5, True, 12)


def test_only_children_with_both_measures_and_of_the_coordinators_organisation(holder):
    from placements.casework.selectors.wellbeing import wellbeing_report

    organisation, coordinator = holder
    school = SchoolFactory()
    measured_children(organisation, coordinator, school, 5)
    # first only: not counted
    child = ChildFactory(school=school, held_by=organisation, created_by=coordinator)
    plan = PlanFactory(school=school)
    plan.members.create(child=child)
    MeasureFactory(plan=plan, child=child)
    # another organisation's children: not counted
    other_org = OrganisationFactory()
    measured_children(other_org, user_with_role(Role.COORDINATOR, other_org), school, 5)
    [stirling, rosenberg] = wellbeing_report(coordinator)
    assert stirling.children == 5
    assert rosenberg.children == 0


@pytest.mark.parametrize("who, status", [("student", 403), ("educator", 403), ("school", 403)])
def test_the_report_is_for_coordinators(client, who, status):
    member, allocation = allocated_member()
    users = {
        "student": allocation.student,
        "educator": allocation.practice_educator,
        "school": user_with_role(Role.SCHOOL_CONTACT, member.child.school),
    }
    client.force_login(users[who])
    assert client.get(reverse("casework:wellbeing_report")).status_code == status
    assert client.get(reverse("casework:wellbeing_report_csv")).status_code == status


def test_the_report_queries_are_flat(client, holder, django_assert_max_num_queries):
    organisation, coordinator = holder
    school = SchoolFactory()
    theme, _ = Theme.objects.get_or_create(name="Worries (test)")
    client.force_login(coordinator)
    measured_children(organisation, coordinator, school, 5, themes=[theme])
    with django_assert_max_num_queries(12) as five:
        assert client.get(reverse("casework:wellbeing_report")).status_code == 200
    measured_children(organisation, coordinator, SchoolFactory(), 45, themes=[theme])
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert client.get(reverse("casework:wellbeing_report")).status_code == 200
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert client.get(reverse("casework:wellbeing_report_csv")).status_code == 200


def test_academic_year():
    assert academic_year(date(2026, 9, 1)) == "2026/27"
    assert academic_year(date(2026, 8, 31)) == "2025/26"
    assert academic_year(date(2099, 12, 1)) == "2099/00"


def test_coordinator_dashboard_links_to_the_report(client, holder):
    organisation, coordinator = holder
    measured_children(organisation, coordinator, SchoolFactory(), 2)
    client.force_login(coordinator)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("casework:wellbeing_report") in body
    assert "2 children have a first and a last wellbeing measure" in body


def test_the_child_page_section_queries_are_flat(client, django_assert_max_num_queries):
    member, allocation = allocated_member()
    MeasureFactory(plan=member.plan, child=member.child)
    client.force_login(allocation.student)
    url = reverse("casework:child_detail", args=[member.child_id])
    with django_assert_max_num_queries(60) as one:
        client.get(url)
    for _ in range(4):
        plan_member, _ = allocated_member(child=member.child)
        MeasureFactory(plan=plan_member.plan, child=member.child)
        MeasureFactory(plan=plan_member.plan, child=member.child, point="last")
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('data-testid="wellbeing-plan-') == 5
