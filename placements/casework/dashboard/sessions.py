"""Dashboard panels: sessions (a fixed number of queries each).

- Student: sessions to log (dated today or earlier, not logged yet) and
  sessions the practice educator returned with comments.
- Practice educator: sessions waiting for their review.
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context

from ..selectors import sessions as reads

SHOWN = 10


@panel_context(Role.STUDENT)
def student_sessions(user) -> dict:
    return {
        "casework_sessions_to_log": list(reads.sessions_to_log(user, limit=SHOWN)),
        "casework_sessions_returned": list(reads.sessions_returned_to(user, limit=SHOWN)),
    }


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_sessions(user) -> dict:
    return {"casework_sessions_awaiting": list(reads.sessions_awaiting_review(user, limit=SHOWN))}
