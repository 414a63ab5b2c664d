"""Life Story Book deadlines in the daily reminder digest (issue 17, requirement 1)."""

from datetime import date

import pytest

from portal.models import Notification
from supervision.models import Reminder
from supervision.services.reminders import reminders_send

from .support import book_world

pytestmark = pytest.mark.django_db


def deadlines():
    return Reminder.objects.filter(rule=Reminder.Rule.DEADLINE).order_by("pk")


def test_the_writers_are_reminded_once_when_due_soon_and_once_when_overdue(clock):
    clock.today_is(date(2026, 12, 4))
    world = book_world(second_review=date(2026, 12, 24))
    # 4 December to the 24th is more than 10 working days: nothing yet.
    reminders_send()
    assert not deadlines().exists()
    clock.today_is(date(2026, 12, 14))
    reminders_send()
    assert {r.user for r in deadlines()} == {world.worker, world.co_worker}
    note = Notification.objects.get(user=world.worker)
    assert note.title == "Reminders: 1 thing needs your attention"
    assert f"The draft of the Life Story Book of {world.child.reference} is due" in note.body
    assert world.child.first_name not in note.body + note.title
    assert not deadlines().filter(user=world.team_manager).exists()
    clock.today_is(date(2026, 12, 15))
    reminders_send()
    assert deadlines().count() == 2  # already told
    clock.today_is(date(2026, 12, 29))
    reminders_send()
    assert deadlines().count() == 4
    overdue = deadlines().filter(user=world.worker).last()
    assert "1 working day overdue" in overdue.text  # 28 December is a bank holiday


def test_a_delivered_book_is_not_reminded_about(clock):
    clock.today_is(date(2026, 12, 14))
    world = book_world(second_review=date(2026, 12, 16))
    world.book.status = "delivered"
    world.book.save()
    reminders_send()
    assert not deadlines().exists()
