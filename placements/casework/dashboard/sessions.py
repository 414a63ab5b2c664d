"""Dashboard panels: sessions (a fixed number of queries each).

- Student: sessions to log (dated today or earlier, not logged yet) and
  sessions the practice educator returned with comments.
- Practice educator: sessions waiting for their review.
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context
from portal.waiting import waiting_item

from ..selectors import sessions as reads
from ..selectors import waiting
from ..selectors.student import student_casework

SHOWN = 10

# "Waiting for you" (portal.waiting), after placements' and supervision's items.
waiting_item(
    Role.PRACTICE_EDUCATOR,
    "sessions_to_review",
    "Direct-work sessions to review",
    count=waiting.educator_sessions,
    order=30,
)
waiting_item(
    Role.STUDENT,
    "sessions_to_log",
    "Direct-work sessions to log",
    count=waiting.student_sessions_to_log,
    order=20,
)
waiting_item(
    Role.STUDENT,
    "sessions_returned",
    "Direct-work sessions returned to you",
    count=waiting.student_sessions_returned,
    order=50,
)


@panel_context(Role.STUDENT)
def student_sessions(user) -> dict:
    work = student_casework(user, SHOWN)
    return {
        "casework_sessions_to_log": work.sessions_to_log,
        "casework_sessions_returned": work.sessions_returned,
    }


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_sessions(user) -> dict:
    return {"casework_sessions_awaiting": list(reads.sessions_awaiting_review(user, limit=SHOWN))}
