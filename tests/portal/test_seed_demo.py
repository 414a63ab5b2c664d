from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from cms.models import HomePage
from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    "student@example.org": Role.STUDENT,
    "educator@example.org": Role.PRACTICE_EDUCATOR,
    "supervisor@example.org": Role.ONSITE_SUPERVISOR,
    "tutor@example.org": Role.TUTOR,
    "coordinator@example.org": Role.COORDINATOR,
    "school@example.org": Role.SCHOOL_CONTACT,
    "lifestory@example.org": Role.LIFESTORY_WORKER,
    "editor@example.org": Role.EDITOR,
    "admin@example.org": Role.ADMIN,
}


def snapshot():
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "user_history": User.history.count(),
        "membership_history": Membership.history.count(),
        "pages": HomePage.objects.count(),
    }


def test_creates_one_user_per_role_and_the_demo_organisations(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for email, role in DEMO_EMAILS.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert user.emailaddress_set.get().verified
        assert role in user.active_roles
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"university", "local_authority", "school", "service_provider"}
    assert Organisation.objects.filter(kind="school").count() == 2
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_refuses_production_settings(settings):
    settings.PORTAL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert User.objects.count() == 0


@pytest.mark.usefixtures("demo_data")
class TestOnceSeeded:
    """On the demo data, seeded once for these tests (the `demo_data` fixture)."""

    def test_running_it_again_changes_nothing(self):
        first = snapshot()
        call_command("seed_demo", stdout=StringIO())
        assert snapshot() == first

    def test_every_demo_user_can_sign_in_and_sees_their_dashboard(self, client):
        for email, role in DEMO_EMAILS.items():
            client.logout()
            response = client.post(
                "/accounts/login/", {"login": email, "password": DEMO_PASSWORD}, follow=True
            )
            assert response.status_code == 200, email
            assert response.request["PATH_INFO"] == "/portal/", email
            assert f'id="panel-{role.value}"' in response.content.decode(), email

    def test_the_demo_cohort_covers_every_stage(self):
        from placements.ledger import ledger_for
        from placements.models import Placement, StudentProfile

        statuses = set(Placement.objects.values_list("status", flat=True))
        assert {
            "proposed",
            "confirmed",
            "active",
            "midpoint_reviewed",
            "final_report_submitted",
            "passed",
        } <= statuses
        assert StudentProfile.objects.values("university").distinct().count() == 2
        assert Placement.objects.values("student").distinct().count() >= 12
        assert any(ledger_for(p).behind for p in Placement.objects.filter(status="active"))
        demo = Placement.objects.get(student__email="student@example.org")
        assert demo.practice_educator.email == "educator@example.org"
        assert demo.days.filter(confirmed_at__isnull=True).exists()  # waiting for the PE
        from placements.models import Concern

        stages = set(Concern.objects.filter(status="open").values_list("stage", flat=True))
        assert stages == {1, 2}
        assert Concern.objects.filter(placement__status="midpoint_reviewed").exists()
