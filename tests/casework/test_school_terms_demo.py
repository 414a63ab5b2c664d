"""The demo's partner schools (issue 22, requirement 8): their 2026-27 term dates and
the services each works with, seeded once; their pages open for the school contact."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from placements.casework.models import DirectWorkPlan, SchoolService, SchoolTerm, TermHoliday
from portal.accounts.models import User
from portal.management.commands.seed_demo import ORGANISATIONS
from tests.accounts.support import page_text

pytestmark = pytest.mark.django_db


def counts():
    return (SchoolTerm.objects.count(), TermHoliday.objects.count(), SchoolService.objects.count())


@pytest.mark.usefixtures("demo_data")
class TestDemoSchools:
    def test_each_school_has_three_terms_with_holidays_and_its_services(self):
        for key in ("school_a", "school_b"):
            terms = SchoolTerm.objects.filter(school__name=ORGANISATIONS[key][0])
            assert [term.name for term in terms.order_by("starts_on")] == [
                "Autumn term 2026",
                "Spring term 2027",
                "Summer term 2027",
            ]
            assert (
                TermHoliday.objects.filter(term__in=terms, name__contains="half-term").count() == 3
            )
        brookfield = SchoolService.objects.filter(school__name=ORGANISATIONS["school_a"][0])
        assert set(brookfield.values_list("kind", flat=True)) == {
            "direct_work",
            "assessment",
            "life_story",
        }

    def test_seeding_again_adds_nothing(self):
        before = counts()
        call_command("seed_demo", stdout=StringIO())
        assert counts() == before

    def test_the_school_contact_opens_the_term_dates_and_a_plan_shows_who_comes(self, client):
        contact = User.objects.get(email="school@example.org")
        client.force_login(contact)
        school = contact.organisations_where("school_contact")[0]
        text = page_text(client.get(reverse("casework:school_terms", args=[school.pk])))
        assert "October half-term" in text and "Autumn term 2026" in text
        dashboard = page_text(client.get(reverse("portal:dashboard")))
        assert f"Term dates of {school.name}" in dashboard
        form = client.get(reverse("casework:request_create")).context["form"]
        assert [o.name for o in form.fields["service"].queryset] == [ORGANISATIONS["council"][0]]
        plan = (
            DirectWorkPlan.objects.filter(school=school)
            .exclude(status__in=["completed", "closed_early"])
            .first()
        )
        text = page_text(client.get(reverse("casework:plan_detail", args=[plan.pk])))
        assert "Who comes into school and when" in text and "Sam Student" in text
        assert "student@example.org" not in text
