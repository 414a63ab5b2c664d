"""Day ledger pages: who sees and does what, recording a day, confirming a week."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import PlacementDay
from placements.services.ledger import day_record, days_confirm
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

Kind = PlacementDay.Kind


def today():
    return timezone.localdate()


def monday_of(day):
    return day - timedelta(days=day.weekday())


@pytest.fixture
def placement():
    # Starts on a Monday four weeks ago, so whole weeks lie inside it.
    starts_on = monday_of(today()) - timedelta(weeks=4)
    return PlacementFactory(starts_on=starts_on, ends_on=starts_on + timedelta(days=140))


def record(placement, day, **fields):
    return day_record(
        placement=placement,
        by=placement.student,
        date=day,
        kind=fields.get("kind", Kind.PLACEMENT),
        hours=fields.get("hours", Decimal("7")),
        note=fields.get("note", ""),
    )


def people(placement):
    return {
        "student": placement.student,
        "educator": placement.practice_educator,
        "tutor": placement.tutor,
        "coordinator": user_with_role(Role.COORDINATOR, placement.host),
        "outsider": user_with_role(Role.STUDENT),
        "admin": user_with_role(Role.ADMIN),
    }


LAST_WEEK = 1  # weeks before this one


def last_monday():
    return monday_of(today()) - timedelta(weeks=LAST_WEEK)


@pytest.mark.parametrize(
    ("who", "ledger", "record_page", "change_page", "confirm_page"),
    [
        ("student", 200, 200, 200, 403),
        ("educator", 200, 403, 403, 200),
        ("tutor", 200, 403, 403, 403),
        ("coordinator", 200, 403, 403, 403),
        ("outsider", 404, 404, 404, 404),
        ("admin", 200, 403, 403, 403),
    ],
)
def test_permission_matrix(client, placement, who, ledger, record_page, change_page, confirm_page):
    day = record(placement, last_monday())
    client.force_login(people(placement)[who])
    pk = placement.pk
    assert client.get(reverse("placements:ledger", args=[pk])).status_code == ledger
    assert client.get(reverse("placements:day_create", args=[pk])).status_code == record_page
    change = reverse("placements:day_update", args=[pk, day.pk])
    assert client.get(change).status_code == change_page
    confirm = reverse("placements:days_confirm", args=[pk]) + f"?week={last_monday():%Y-%m-%d}"
    assert client.get(confirm).status_code == confirm_page
    # Writes are refused the same way, and change nothing.
    post_record = client.post(
        reverse("placements:day_create", args=[pk]),
        {"date": today().isoformat(), "kind": Kind.PLACEMENT, "hours": "7"},
    )
    if record_page != 200:
        assert post_record.status_code == record_page
        assert PlacementDay.objects.count() == 1
    post_confirm = client.post(confirm, {"days": [day.pk]})
    if confirm_page != 200:
        assert post_confirm.status_code == confirm_page
        assert not PlacementDay.objects.filter(confirmed_at__isnull=False).exists()


def test_signed_out_people_are_sent_to_sign_in(client, placement):
    response = client.get(reverse("placements:ledger", args=[placement.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_ledger_shows_the_figures_and_days_by_week(client, placement):
    record(placement, last_monday(), note="Team meeting and a home visit")
    record(placement, last_monday() + timedelta(days=1), kind=Kind.SICKNESS, hours=Decimal(0))
    client.force_login(placement.student)
    page = client.get(reverse("placements:ledger", args=[placement.pk])).content.decode()
    assert "Required days" in page
    assert f"Week beginning {last_monday().day} {last_monday():%B %Y}" in page
    assert "Team meeting and a home visit" in page
    assert "Waiting for your practice educator" in page
    assert "Record a day" in page
    assert "Confirm this week" not in page


def test_the_ledger_warns_when_the_student_is_behind(client, placement):
    client.force_login(placement.student)
    page = client.get(reverse("placements:ledger", args=[placement.pk])).content.decode()
    assert "days behind the expected pace" in page
    assert "You are " in page


def test_the_student_records_a_day(client, placement):
    client.force_login(placement.student)
    response = client.post(
        reverse("placements:day_create", args=[placement.pk]),
        {"date": last_monday().isoformat(), "kind": Kind.PLACEMENT, "hours": "7.5", "note": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "You recorded" in response.content.decode()
    assert PlacementDay.objects.get().hours == Decimal("7.5")


def test_a_refused_day_shows_the_message_on_the_form(client, placement):
    record(placement, last_monday())
    client.force_login(placement.student)
    response = client.post(
        reverse("placements:day_create", args=[placement.pk]),
        {"date": last_monday().isoformat(), "kind": Kind.STUDY, "hours": "7"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"You have already recorded {last_monday().day} {last_monday():%B %Y}" in page
    assert "1 error:" in page
    assert PlacementDay.objects.get().kind == Kind.PLACEMENT


def test_a_future_day_is_refused_on_the_form(client, placement):
    client.force_login(placement.student)
    response = client.post(
        reverse("placements:day_create", args=[placement.pk]),
        {"date": (today() + timedelta(days=1)).isoformat(), "kind": Kind.PLACEMENT, "hours": "7"},
    )
    assert "The date must be today or in the past." in response.content.decode()
    assert not PlacementDay.objects.exists()


def test_the_student_changes_a_pending_day(client, placement):
    day = record(placement, last_monday())
    client.force_login(placement.student)
    response = client.post(
        reverse("placements:day_update", args=[placement.pk, day.pk]),
        {"date": day.date.isoformat(), "kind": Kind.SKILLS, "hours": "6"},
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.kind == Kind.SKILLS


def test_a_confirmed_day_cannot_be_changed(client, placement):
    day = record(placement, last_monday())
    days_confirm(placement=placement, by=placement.practice_educator, days=[day])
    client.force_login(placement.student)
    url = reverse("placements:day_update", args=[placement.pk, day.pk])
    response = client.post(url, {"date": day.date.isoformat(), "kind": Kind.STUDY, "hours": "1"})
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.kind == Kind.PLACEMENT
    page = client.get(response["Location"]).content.decode()
    assert "A confirmed day cannot be changed; ask your practice educator." in page
    assert url not in page


def test_the_practice_educator_confirms_a_week(client, placement):
    week = [record(placement, last_monday() + timedelta(days=n)) for n in range(5)]
    earlier = record(placement, last_monday() - timedelta(days=7))
    client.force_login(placement.practice_educator)
    ledger = client.get(reverse("placements:ledger", args=[placement.pk])).content.decode()
    assert ledger.count("Confirm this week") == 2
    confirm = (
        reverse("placements:days_confirm", args=[placement.pk]) + f"?week={last_monday():%Y-%m-%d}"
    )
    assert ledger.count(confirm.replace("&", "&amp;")) == 1
    page = client.get(confirm).content.decode()
    assert "Confirm these 5 days" in page
    response = client.post(confirm, {"days": [day.pk for day in week]}, follow=True)
    assert "You confirmed 5 days" in response.content.decode()
    assert PlacementDay.objects.filter(confirmed_at__isnull=False).count() == 5
    earlier.refresh_from_db()
    assert not earlier.is_confirmed


def test_confirming_a_week_already_confirmed_changes_nothing(client, placement):
    week = [record(placement, last_monday() + timedelta(days=n)) for n in range(2)]
    client.force_login(placement.practice_educator)
    confirm = (
        reverse("placements:days_confirm", args=[placement.pk]) + f"?week={last_monday():%Y-%m-%d}"
    )
    days_confirm(placement=placement, by=placement.practice_educator, days=week[:1])
    response = client.post(confirm, {"days": [day.pk for day in week]})
    assert response.status_code == 200
    assert "Already confirmed" in response.content.decode()
    assert PlacementDay.objects.filter(confirmed_at__isnull=False).count() == 1


def test_a_week_with_nothing_pending_goes_back_to_the_ledger(client, placement):
    client.force_login(placement.practice_educator)
    url = reverse("placements:days_confirm", args=[placement.pk]) + f"?week={last_monday()}"
    response = client.get(url)
    assert response.status_code == 302
    assert client.get(f"{url[: url.index('?')]}?week=not-a-date").status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_ledger_page_queries_stay_flat(client, placement, rows, django_assert_max_num_queries):
    placement.starts_on = today() - timedelta(days=rows + 10)
    placement.save()
    for n in range(1, rows + 1):
        record(placement, today() - timedelta(days=n))
    client.force_login(placement.practice_educator)
    url = reverse("placements:ledger", args=[placement.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("govuk-table__row") >= min(rows, 25)
