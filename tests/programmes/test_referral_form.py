"""The public referral form (issue 18, requirement 2)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.programmes.models import Referral, ReferredChild
from portal.models import EmailOutbox

from .support import pocar

pytestmark = pytest.mark.django_db


def url(slug="pocar"):
    return reverse("programmes_public:refer", args=[slug])


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def answers(**changes) -> dict:
    data = {
        "referrer_name": "Rowan Referrer",
        "referrer_local_authority": "Midshire Council",
        "referrer_team": "Family Support East",
        "referrer_email": "rowan@midshire.example.org",
        "referrer_phone": "01234 567890",
        "children_open_to_services": "on",
        "meets_threshold": "on",
        "parent_name": "Jordan Parentname",
        "parent_date_of_birth": years_ago(30).isoformat(),
        "parent_gender": "female",
        "parent_phone": "07700 900123",
        "parent_email": "",
        "parent_address": "1 Example Road\nMidshire",
        "substances": "Alcohol, most days.",
        "treatment_so_far": "",
        "parent_consent": "on",
        "needs_creche": "on",
        "interpreter_language": "Polish",
        "access_needs": "",
        "home_visit_risks": "A large dog.",
        "child_rows": "2",
        "child_1_name": "Alex Childname",
        "child_1_date_of_birth": years_ago(3).isoformat(),
        "child_1_social_care_status": "cp",
        "child_1_lives_with_parent": "on",
        "child_2_name": "",
        "child_2_date_of_birth": "",
        "child_2_social_care_status": "",
        "website": "",
    }
    data.update(changes)
    return data


def test_a_referral_is_received_with_a_reference_and_the_referrer_is_emailed_it_only(client):
    programme = pocar()
    response = client.post(url(), answers())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert re.fullmatch(r"POC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", referral.reference)
    assert referral.status == "received"
    assert referral.programme == programme
    assert referral.needs_creche and referral.interpreter_language == "Polish"
    (child,) = ReferredChild.objects.all()  # the empty second row is ignored
    assert (child.name, child.social_care_status, child.lives_with_parent) == (
        "Alex Childname",
        "cp",
        True,
    )
    assert referral.history.count() == 1 and child.history.count() == 1

    page = client.get(response["Location"])
    assert referral.reference in page.content.decode()

    (email,) = EmailOutbox.objects.all()
    assert email.recipient == "rowan@midshire.example.org"
    text = email.subject + email.message
    assert referral.reference in text
    for typed in ("Jordan", "Parentname", "Alex", "Childname", "Rowan", "Alcohol", "dog"):
        assert typed not in text


def test_the_parent_is_due_to_be_contacted_within_ten_working_days(client):
    pocar()
    # A Friday: ten working days later is the Friday two weeks on.
    friday = timezone.make_aware(timezone.datetime(2027, 3, 5, 11, 0))
    with mock.patch("django.utils.timezone.now", return_value=friday):
        client.post(url(), answers())
    assert Referral.objects.get().contact_due_on == date(2027, 3, 19)


REQUIRED = {
    "referrer_name": "Enter your full name",
    "referrer_email": "Enter your work email address",
    "children_open_to_services": "Confirm the children are open to children",
    "meets_threshold": "Answer yes to the question, or do not refer",
    "parent_name": "Enter the parent",
    "parent_date_of_birth": "Enter the parent",
    "parent_gender": "Select the parent",
    "parent_address": "Enter the parent",
    "substances": "Enter the drugs or alcohol the parent uses",
    "parent_consent": "Confirm the parent agrees to this referral",
}


@pytest.mark.parametrize("field", sorted(REQUIRED))
def test_each_missing_answer_is_named_and_every_other_answer_kept(client, field):
    pocar()
    data = answers()
    data.pop(field)
    response = client.post(url(), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert REQUIRED[field].replace("'", "&#x27;") in body or REQUIRED[field] in body
    # Every other answer is still in the form.
    for name in ("referrer_team", "parent_address", "home_visit_risks", "child_1_name"):
        if name != field:
            assert data[name].split("\n")[0] in body, name
    assert 'value="cp" selected' in body
    assert not Referral.objects.exists() and not EmailOutbox.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"child_1_date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "child_1_date_of_birth",
            "Child 1&#x27;s date of birth must be today or in the past",
        ),
        (
            {"child_1_date_of_birth": years_ago(18).isoformat()},
            "child_1_date_of_birth",
            "Child 1 must be under 18",
        ),
        (
            {"parent_date_of_birth": years_ago(18, days=-1).isoformat()},
            "parent_date_of_birth",
            "The parent must be 18 or older",
        ),
        (
            {"parent_date_of_birth": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "parent_date_of_birth",
            "date of birth must be in the past",
        ),
        (
            {"child_1_name": "", "child_1_date_of_birth": "", "child_1_social_care_status": ""},
            "child_1_name",
            "Enter the name of at least one child",
        ),
        (
            {"child_2_name": "Sam Second"},
            "child_2_date_of_birth",
            "Enter child 2&#x27;s date of birth",
        ),
    ],
)
def test_dates_of_birth_and_children_are_checked(client, changes, field, message):
    pocar()
    response = client.post(url(), answers(**changes))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert f'href="#id_{field}"' in body
    assert not Referral.objects.exists() and not ReferredChild.objects.exists()


def test_the_edges_of_age_are_accepted(client):
    pocar()
    data = answers(
        parent_date_of_birth=years_ago(18).isoformat(),  # 18 today
        child_1_date_of_birth=timezone.localdate().isoformat(),  # born today
        child_2_name="Older Sibling",
        child_2_date_of_birth=years_ago(18, days=-1).isoformat(),  # 18 tomorrow
        child_2_social_care_status="cin",
    )
    assert client.post(url(), data).status_code == 302
    assert ReferredChild.objects.count() == 2


def test_add_another_child_shows_one_more_row_and_keeps_the_answers(client):
    pocar()
    response = client.post(url(), answers(add_child="1"))
    body = response.content.decode()
    assert 'name="child_3_name"' in body
    assert "Alex Childname" in body and "Rowan Referrer" in body
    assert "There is a problem" not in body
    assert not Referral.objects.exists()


def test_a_filled_honeypot_is_answered_as_sent_and_keeps_nothing(client):
    pocar()
    response = client.post(url(), answers(website="http://spam.example"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Referral.objects.exists() and not EmailOutbox.objects.exists()


def test_the_eleventh_submission_from_one_client_within_an_hour_is_refused(client):
    pocar()
    for number in range(10):
        assert client.post(url(), answers()).status_code == 302, number
    refused = client.post(url(), answers())
    assert refused.status_code == 429
    assert Referral.objects.count() == 10


def test_a_failure_part_way_leaves_no_rows_and_no_email(client):
    pocar()
    with (
        mock.patch.object(ReferredChild.objects, "create", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        client.post(url(), answers())
    assert not Referral.objects.exists()
    assert not ReferredChild.objects.exists()
    assert not EmailOutbox.objects.exists()


def test_a_programme_not_taking_referrals_refuses_and_keeps_nothing(client):
    pocar(is_accepting_referrals=False)
    assert "not taking referrals" in client.get(url()).content.decode()
    client.post(url(), answers())
    assert not Referral.objects.exists()


def test_an_unknown_programme_is_404(client):
    assert client.get(url("nothing")).status_code == 404


def test_the_page_has_csrf_no_inline_script_and_is_not_cached(client):
    pocar()
    response = client.get(url())
    body = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in body
    assert response["Cache-Control"] == "no-store"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


def test_the_confirmation_page_without_a_referral_goes_back_to_the_form(client):
    pocar()
    response = client.get(reverse("programmes_public:referral_sent", args=["pocar"]))
    assert response.status_code == 302 and response["Location"] == url()


def test_the_admin_lists_referrals_read_only(admin_client, client):
    pocar()
    client.post(url(), answers())
    referral = Referral.objects.get()
    change = reverse("admin:programmes_referral_change", args=[referral.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.get(reverse("admin:programmes_referral_add")).status_code == 403
