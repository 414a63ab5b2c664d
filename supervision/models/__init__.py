"""Supervision and direct observations (issue 5).

session: weekly supervision records and their actions;
observation: direct observations of practice, per-domain feedback and the
  service user's feedback;
calendar: the secret iCalendar feed addresses people subscribe to;
reminder: reminders sent, and the one daily digest per person.

Signed records lock through portal.locking (one lock rule, one amendment rule)
and sign through portal.signatures (one signing mechanism).
"""

from .calendar import CalendarFeed
from .observation import Observation, ObservationFeedback, ServiceUserFeedback
from .reminder import Reminder, ReminderDigest
from .session import SupervisionAction, SupervisionSession

__all__ = [
    "CalendarFeed",
    "Observation",
    "ObservationFeedback",
    "Reminder",
    "ReminderDigest",
    "ServiceUserFeedback",
    "SupervisionAction",
    "SupervisionSession",
]
