"""Each person chooses how each kind of notification reaches them (issue 22,
requirement 5): at once by email, in the daily summary, or in the portal only;
safeguarding alerts always at once; every email links to the choices."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from portal.accounts.roles import Role
from portal.accounts.services import membership_end
from portal.digest import digest_language, digests_send
from portal.models import EmailOutbox, Notification, NotificationPreference
from portal.services import notification_preferences_save, notify, notify_each
from portal.tasks import send_notification_digests
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

SETTINGS_LINE = (
    "Choose how you hear from the portal: http://testserver/portal/account/notifications/"
)


def choose(user, **choices):
    notification_preferences_save(user=user, by=user, choices=choices)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what notify enqueues on commit (the email task), as a real commit would."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


# --- at once, in the portal only ---------------------------------------------------------


def test_a_kind_nobody_chose_for_is_emailed_at_once(on_commit):
    user = UserFactory(email="student@example.org")
    notice = on_commit(lambda: notify(user=user, title="Day queried", url="/portal/", kind="days"))
    assert [email.to for email in mail.outbox] == [["student@example.org"]]
    notice.refresh_from_db()
    assert (notice.kind, notice.delivery) == ("days", "email")
    assert notice.emailed_at is not None


def test_portal_only_sends_no_email_and_keeps_the_notification(on_commit, client):
    user = UserFactory()
    choose(user, days="portal")
    notice = on_commit(lambda: notify(user=user, title="Day queried", kind="days"))
    assert mail.outbox == []
    assert not EmailOutbox.objects.exists()
    assert notice.delivery == "portal"
    client.force_login(user)
    assert "Day queried" in client.get("/portal/notifications/").content.decode()


def test_a_choice_for_one_kind_leaves_the_others_at_once(on_commit):
    user = UserFactory()
    choose(user, days="portal")
    on_commit(lambda: notify(user=user, title="Evidence commented", kind="evidence"))
    assert len(mail.outbox) == 1


def test_email_false_keeps_it_in_the_portal_whatever_was_chosen(on_commit):
    user = UserFactory()
    notice = on_commit(lambda: notify(user=user, title="Reviewed", email=False, kind="casework"))
    assert mail.outbox == []
    assert notice.delivery == "portal"


def test_no_kind_keeps_the_old_behaviour_at_once(on_commit):
    user = UserFactory()
    on_commit(lambda: notify(user=user, title="Hello"))
    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_a_mistake():
    with pytest.raises(ValueError, match="not a kind of notification"):
        notify(user=UserFactory(), title="Hello", kind="gossip")


def test_notify_each_passes_the_kind_on(on_commit):
    by = UserFactory()
    quiet, loud = UserFactory(), UserFactory(email="loud@example.org")
    choose(quiet, assessments="portal")
    on_commit(lambda: notify_each([quiet, loud], by=by, title="Authorised", kind="assessments"))
    assert [email.to for email in mail.outbox] == [["loud@example.org"]]
    assert set(Notification.objects.values_list("kind", flat=True)) == {"assessments"}


def test_a_call_site_follows_the_persons_choice(on_commit):
    """A real service: the role ending is an "account" notification."""
    coordinator = user_with_role(Role.COORDINATOR)
    student = user_with_role(Role.STUDENT, coordinator.memberships.get().organisation)
    choose(student, account="portal")
    membership = student.memberships.get()
    on_commit(
        lambda: membership_end(membership=membership, on=timezone.localdate(), by=coordinator)
    )
    notice = Notification.objects.get(user=student)
    assert (notice.kind, notice.delivery) == ("account", "portal")
    assert mail.outbox == []


# --- safeguarding ----------------------------------------------------------------------


def test_safeguarding_is_emailed_at_once_even_when_portal_only_was_stored(on_commit):
    user = UserFactory(email="lead@example.org")
    # Not possible through the page or the service; stored straight, as a bad import would.
    NotificationPreference.objects.create(user=user, kind="safeguarding", delivery="portal")
    choose(user, casework="portal")
    notice = on_commit(
        lambda: notify(user=user, title="Safeguarding concern raised", kind="safeguarding")
    )
    assert [email.to for email in mail.outbox] == [["lead@example.org"]]
    assert notice.delivery == "email"


def test_safeguarding_cannot_be_chosen_away():
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        choose(user, safeguarding="digest", days="portal")
    assert "always emailed at once" in str(refused.value)
    assert not NotificationPreference.objects.exists()  # the good choice was not saved either


# --- the daily summary -----------------------------------------------------------------


EVIDENCE, KIND = "/portal/e/", "evidence"


def test_a_digest_kind_waits_for_the_daily_summary_and_is_sent_once(on_commit):
    user = UserFactory(email="pe@example.org")
    choose(user, evidence="digest")
    first = on_commit(
        lambda: notify(
            user=user, title="Evidence of 3 May added", url="/portal/e/1/", kind="evidence"
        )
    )
    second = on_commit(
        lambda: notify(
            user=user, title="Evidence of 4 May added", url="/portal/e/2/", kind="evidence"
        )
    )
    assert mail.outbox == []
    assert not EmailOutbox.objects.exists()

    assert digests_send() == 1
    [email] = mail.outbox
    assert email.to == ["pe@example.org"]
    assert email.subject == "[Practice portal] Your daily summary: 2 notifications"
    assert "Evidence of 3 May added\n  http://testserver/portal/e/1/" in email.body
    assert "Evidence of 4 May added\n  http://testserver/portal/e/2/" in email.body
    assert SETTINGS_LINE in email.body
    for notice in (first, second):
        notice.refresh_from_db()
        assert notice.emailed_at is not None and notice.read_at is None

    assert digests_send() == 0  # a second run sends nothing again
    assert send_notification_digests() == 0
    assert len(mail.outbox) == 1


def test_the_summary_carries_titles_and_links_never_the_body(on_commit):
    user = UserFactory()
    choose(user, evidence="digest")
    notify(user=user, title="Commented", body="The child Zuriel said so", kind="evidence")
    digests_send()
    assert "Zuriel" not in mail.outbox[0].body
    assert "/portal/notifications/" in mail.outbox[0].body  # no url: the notifications page


def test_nothing_waiting_sends_no_summary():
    user = UserFactory()
    choose(user, evidence="digest")
    notify(user=user, title="Read already", kind="evidence")
    Notification.objects.update(read_at=timezone.now())
    notify(user=user, title="At once", kind="days")  # an at-once one is not summarised
    mail.outbox.clear()
    assert digests_send() == 0
    assert mail.outbox == []


def test_one_summary_a_day_what_arrives_after_it_waits_for_tomorrow():
    user = UserFactory()
    choose(user, evidence="digest")
    notify(user=user, title="Morning", kind="evidence")
    assert digests_send() == 1
    later = notify(user=user, title="Afternoon", kind="evidence")
    assert digests_send() == 0
    assert len(mail.outbox) == 1
    # Tomorrow: yesterday's summary no longer counts.
    Notification.objects.exclude(pk=later.pk).update(emailed_at=timezone.now() - timedelta(days=1))
    assert digests_send() == 1
    assert "Afternoon" in mail.outbox[1].body and "Morning" not in mail.outbox[1].body


def test_each_person_gets_their_own_summary_and_inactive_people_none():
    one, two = UserFactory(email="one@example.org"), UserFactory(email="two@example.org")
    gone = UserFactory(is_active=False)
    for user in (one, two, gone):
        choose(user, reviews="digest")
        notify(user=user, title=f"Review for {user.email}", kind="reviews")
    assert digests_send() == 2
    by_address = {email.to[0]: email.body for email in mail.outbox}
    assert set(by_address) == {"one@example.org", "two@example.org"}
    assert "two@example.org" not in by_address["one@example.org"]
    assert Notification.objects.get(user=gone).emailed_at is None


def test_a_failed_summary_is_sent_by_the_next_run(monkeypatch):
    user = UserFactory()
    choose(user, reviews="digest")
    notice = notify(user=user, title="Waiting", kind="reviews")

    def broken(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("portal.digest.send_mail", broken)
    assert digests_send() == 0
    notice.refresh_from_db()
    assert notice.emailed_at is None
    monkeypatch.undo()
    assert digests_send() == 1


def test_the_summary_follows_its_notifications_language():
    english = Notification(language="")
    swedish = Notification(language="sv")
    assert digest_language([swedish, swedish, english]) == "sv"
    assert digest_language([swedish, english]) == settings.LANGUAGE_CODE
    assert digest_language([english]) == settings.LANGUAGE_CODE


def test_a_summary_of_swedish_notifications_is_worded_in_swedish():
    user = UserFactory()
    choose(user, programmes="digest")
    notify(user=user, title="Remiss R-1 är fördelad till dig", kind="programmes", language="sv")
    assert digests_send() == 1
    assert mail.outbox[0].subject.startswith("[Praktikportalen] ")


def test_the_summary_runs_on_celery_beat_once_a_day():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "portal.tasks.send_notification_digests"
    ]
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1


# --- every email links to the choices -------------------------------------------------------


def test_every_notification_email_links_to_the_choices(on_commit):
    user = UserFactory()
    on_commit(lambda: notify(user=user, title="At once", kind="days"))
    on_commit(lambda: notify(user=user, title="Alert", kind="safeguarding"))
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        assert SETTINGS_LINE in email.body
