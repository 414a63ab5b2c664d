"""The retention reports in the portal: admins only, counts only, and a dry run
started from the page changes nothing."""

from datetime import date

import pytest

from placements.casework.models import Child
from portal.accounts.roles import Role
from portal.privacy.models import RetentionRun
from portal.privacy.retention import retention_run
from tests.casework.factories import ChildFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LIST_URL = "/portal/privacy/retention/"
DRY_RUN_URL = "/portal/privacy/retention/dry-run/"


@pytest.fixture
def admin(client):
    user = user_with_role(Role.ADMIN)
    client.force_login(user)
    return user


def test_an_admin_reads_each_run_with_its_counts_and_no_names(client, admin):
    ChildFactory(first_name="Peregrine", last_name="Oakhurst", date_of_birth=date(2001, 5, 1))
    run = retention_run(as_of=date(2026, 12, 3), dry_run=True)
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assert "Dry run" in listing.content.decode()
    detail = client.get(f"{LIST_URL}{run.pk}/")
    page = detail.content.decode()
    assert detail.status_code == 200
    assert "casework.Child" in page
    assert "Peregrine" not in page and "Oakhurst" not in page


def test_the_list_says_when_there_is_no_run_yet(client, admin):
    assert "No run yet" in client.get(LIST_URL).content.decode()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.TUTOR, Role.PRACTICE_EDUCATOR])
def test_other_roles_are_refused_the_reports_and_the_dry_run(client, role):
    run = retention_run(as_of=date(2026, 12, 3), dry_run=True)
    client.force_login(user_with_role(role))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(f"{LIST_URL}{run.pk}/").status_code == 403
    assert client.post(DRY_RUN_URL).status_code == 403
    assert RetentionRun.objects.count() == 1


def test_a_dry_run_from_the_page_counts_in_the_background_and_changes_nothing(
    client, admin, django_capture_on_commit_callbacks
):
    ChildFactory(first_name="Peregrine", date_of_birth=date(1990, 5, 1))  # 36 today
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DRY_RUN_URL)
    assert response.status_code == 302
    run = RetentionRun.objects.get()
    assert run.dry_run and run.started_by == admin
    assert run.status == RetentionRun.Status.DONE
    row = next(r for r in run.results if r["record_type"] == "casework.Child")
    assert (row["expired"], row["done"]) == (1, 0)
    assert Child.objects.filter(first_name="Peregrine").exists()


def test_the_dry_run_address_takes_only_a_post(client, admin):
    assert client.get(DRY_RUN_URL).status_code == 405
    assert not RetentionRun.objects.exists()


def test_a_run_that_does_not_exist_is_not_found(client, admin):
    assert client.get(f"{LIST_URL}999999/").status_code == 404
