import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from portal.services import notify
from tests.dashboard_bounds import HEADER_QUERIES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_creates_an_unread_notification_and_emails_after_commit(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="pe@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(
            user=user, title="Supervision record awaits you", body="Week 3", url="/portal/"
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pe@example.org"]
    assert "Supervision record awaits you" in mail.outbox[0].subject
    # The email carries the title and a link; the body stays in the portal.
    assert "http://testserver/portal/" in mail.outbox[0].body
    assert "Week 3" not in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.read_at is None
    assert notification.emailed_at is not None


def test_an_email_is_sent_once_even_if_the_task_runs_twice(django_capture_on_commit_callbacks):
    from portal.tasks import send_notification_email

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, title="Hello")
    assert send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_rolled_back_write_sends_no_email(django_capture_on_commit_callbacks):
    from django.db import transaction

    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user=user, title="Never committed")
        raise RuntimeError("the write failed")
    assert not Notification.objects.filter(title="Never committed").exists()
    assert mail.outbox == []


def test_the_header_shows_the_unread_count(client):
    user = UserFactory()
    for n in range(3):
        notify(user=user, title=f"Note {n}", email=False)
    client.force_login(user)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert 'data-testid="unread-count">3<' in page


def test_the_user_reads_and_clears_their_notifications(client):
    user = UserFactory()
    first = notify(user=user, title="First thing", email=False)
    notify(user=user, title="Second thing", email=False)
    client.force_login(user)

    page = client.get(reverse("portal:notifications")).content.decode()
    assert "First thing" in page and "Second thing" in page

    client.post(reverse("portal:notifications_read"), {"id": first.pk})
    page = client.get(reverse("portal:notifications")).content.decode()
    assert "First thing" not in page and "Second thing" in page

    response = client.post(reverse("portal:notifications_read"), follow=True)
    assert "1 notification cleared." in response.content.decode()
    page = client.get(reverse("portal:notifications")).content.decode()
    assert "You have no unread notifications." in page
    everything = client.get(reverse("portal:notifications") + "?show=all").content.decode()
    assert "First thing" in everything


def test_nobody_can_clear_someone_elses_notifications(client):
    owner = UserFactory()
    other = UserFactory()
    theirs = notify(user=owner, title="Private", email=False)
    client.force_login(other)
    client.post(reverse("portal:notifications_read"), {"id": theirs.pk})
    client.post(reverse("portal:notifications_read"))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(reverse("portal:notifications") + "?show=all").content.decode()
    assert "Private" not in page


def test_a_malformed_id_is_refused_with_a_message(client):
    user = UserFactory()
    notify(user=user, title="Kept", email=False)
    client.force_login(user)
    response = client.post(reverse("portal:notifications_read"), {"id": "abc"}, follow=True)
    assert "That notification could not be found." in response.content.decode()
    assert Notification.objects.unread().filter(user=user).count() == 1


def test_the_list_is_paginated(client):
    user = UserFactory()
    for n in range(30):
        notify(user=user, title=f"Item {n:02d}", email=False)
    client.force_login(user)
    first = client.get(reverse("portal:notifications")).content.decode()
    assert first.count("Mark as read<span") == 25
    assert "Showing 1 to 25 of 30" in first
    second = client.get(reverse("portal:notifications") + "?show=unread&page=2").content.decode()
    assert second.count("Mark as read<span") == 5


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    user = UserFactory()
    for n in range(rows):
        notify(user=user, title=f"Item {n}", email=False)
    client.force_login(user)
    with django_assert_max_num_queries(8 + HEADER_QUERIES):
        response = client.get(reverse("portal:notifications"))
    assert response.status_code == 200


def test_prune_removes_old_read_notifications_only():
    from datetime import timedelta

    from django.utils import timezone

    from portal.tasks import prune_read_notifications

    user = UserFactory()
    old_read = notify(user=user, title="Old and read", email=False)
    old_unread = notify(user=user, title="Old but unread", email=False)
    Notification.objects.filter(pk=old_read.pk).update(read_at=timezone.now() - timedelta(days=400))
    assert prune_read_notifications() == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [old_unread.pk]
