"""The page where a person chooses how they hear from the portal (issue 22,
requirement 5), and the registry of kinds every notify call names."""

import ast
import html
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.accounts.roles import Role
from portal.models import NotificationPreference
from portal.notification_kinds import KINDS
from portal.services import notification_preferences_of, notification_preferences_save, notify
from tests.factories import UserFactory, user_with_role

URL = "/portal/account/notifications/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def every_choice(user, delivery: str = "email") -> dict[str, str]:
    return {
        name: delivery
        for name, chosen in notification_preferences_of(user).items()
        if not KINDS[name].fixed
    }


@pytest.mark.django_db
class TestThePage:
    def test_the_address(self):
        assert reverse("accounts:notification_settings") == URL

    def test_signing_in_is_needed(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_a_student_sees_the_kinds_that_reach_students_and_safeguarding_fixed(self, client):
        text = page(client, user_with_role(Role.STUDENT))
        for label in ("Placement days", "Capability evidence", "Supervision", "Reminders"):
            assert f">{label}</legend>" in text
        assert ">Programmes</legend>" not in text  # a programme worker's kind
        assert ">Life Story Books</legend>" not in text
        assert "Safeguarding alerts" in text and "This cannot be changed" in text
        assert 'name="safeguarding"' not in text
        assert 'name="days" type="radio" value="email" checked' in text  # the default

    def test_a_kind_received_is_offered_even_outside_the_roles(self, client):
        student = user_with_role(Role.STUDENT)
        notify(user=student, title="Book", kind="life_story", email=False)
        assert ">Life Story Books</legend>" in page(client, student)

    def test_saving_stores_the_choices_and_says_so(self, client):
        student = user_with_role(Role.STUDENT)
        page(client, student)
        choices = {**every_choice(student), "days": "digest", "evidence": "portal"}
        response = client.post(URL, choices, follow=True)
        assert response.redirect_chain == [(URL, 302)]
        text = html.unescape(response.content.decode())
        assert "Your choices of how you hear from the portal are saved." in text
        assert 'name="days" type="radio" value="digest" checked' in text
        stored = dict(
            NotificationPreference.objects.filter(user=student).values_list("kind", "delivery")
        )
        assert stored == {"days": "digest", "evidence": "portal"}  # defaults are not stored
        assert notification_preferences_of(student)["days"] == "digest"
        # Changing one back to the default updates the stored row, with history.
        client.post(URL, {**choices, "days": "email"})
        preference = NotificationPreference.objects.get(user=student, kind="days")
        assert preference.delivery == "email"
        assert preference.history.count() == 2
        assert preference.history.first().history_user == student

    def test_bad_input_is_refused_with_a_message_and_saves_nothing(self, client):
        student = user_with_role(Role.STUDENT)
        page(client, student)
        choices = {**every_choice(student), "evidence": "portal", "days": "carrier-pigeon"}
        del choices["supervision"]
        response = client.post(URL, choices)
        assert response.status_code == 200
        text = html.unescape(response.content.decode())
        assert "There is a problem" in text
        assert "Choose how you hear of placement days" in text
        assert "Choose how you hear of supervision" in text
        assert not NotificationPreference.objects.exists()

    def test_safeguarding_sent_by_hand_is_ignored(self, client):
        student = user_with_role(Role.STUDENT)
        page(client, student)
        client.post(URL, {**every_choice(student), "safeguarding": "portal"})
        assert not NotificationPreference.objects.filter(kind="safeguarding").exists()
        assert notification_preferences_of(student)["safeguarding"] == "email"

    def test_the_page_changes_only_the_signed_in_persons_choices(self, client):
        owner, other = user_with_role(Role.STUDENT), user_with_role(Role.STUDENT)
        page(client, other)
        client.post(URL, {**every_choice(other, "portal"), "user": owner.pk, "user_id": owner.pk})
        assert not NotificationPreference.objects.filter(user=owner).exists()
        assert NotificationPreference.objects.filter(user=other).count() > 0

    def test_the_service_refuses_to_change_someone_elses_choices(self):
        owner, other = UserFactory(), UserFactory()
        with pytest.raises(PermissionDenied):
            notification_preferences_save(user=owner, by=other, choices={"days": "portal"})
        assert not NotificationPreference.objects.exists()

    def test_linked_from_the_notifications_page_and_the_account_page(self, client):
        user = user_with_role(Role.TUTOR)
        client.force_login(user)
        for address in (reverse("portal:notifications"), reverse("accounts:account")):
            assert f'href="{URL}"' in client.get(address).content.decode()

    def test_the_page_makes_a_bounded_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        student = user_with_role(Role.STUDENT)
        for n in range(20):
            notify(user=student, title=f"Note {n}", kind="days", email=False)
        client.force_login(student)
        with django_assert_max_num_queries(20):
            assert client.get(URL).status_code == 200


# --- the registry ---------------------------------------------------------------------------

OUR_PACKAGES = ("portal", "placements", "supervision", "lifestory", "cms")


def notify_calls():
    root = Path(settings.BASE_DIR)
    for package in OUR_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    if name in ("notify", "notify_each"):
                        yield f"{path.relative_to(root)}:{node.lineno}", node


def test_every_call_of_notify_names_a_kind_from_the_registry():
    calls = list(notify_calls())
    assert len(calls) > 35  # the walk finds the call sites
    unnamed, unknown = [], []
    for where, call in calls:
        if where.startswith("portal/services.py"):  # notify_each passing its own kind on
            continue
        kind = next((k.value for k in call.keywords if k.arg == "kind"), None)
        if kind is None:
            unnamed.append(where)
            continue
        names = [n.value for n in ast.walk(kind) if isinstance(n, ast.Constant)]
        if not names or any(name not in KINDS for name in names):
            unknown.append(f"{where}: {ast.unparse(kind)}")
    assert unnamed == [], "Say which kind of notification these are (kind=...)"
    assert unknown == []


def test_every_kind_has_words_and_a_default_delivery():
    for kind in KINDS.values():
        assert kind.label and kind.hint.endswith(".")
        assert kind.default in ("email", "digest", "portal")
    assert KINDS["safeguarding"].fixed
    assert [k.name for k in KINDS.values() if k.fixed] == ["safeguarding"]
