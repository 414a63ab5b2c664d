"""The session log's draft (portal.drafts): what the student has typed, kept every
few seconds while they write.

The log holds children's words and notes about them, so the draft is private to
the student who typed it: it is read only by their own requests, never shown to
the practice educator, the school or anyone else, and is gone once the log is
saved or after portal.drafts.RETENTION.

The draft address is the log page's: the same SessionMixin loads the session, so
someone outside its scope gets 404 and someone who may not log it 403. A session
that takes no log now (reviewed, plan not open, not happened yet) answers 409
and nothing is kept.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.views import View

from portal.drafts import DraftDiscardMixin, DraftSaveMixin

from ..services.sessions import LOGGABLE_PLANS
from .sessions import S, SessionMixin


class SessionLogDraftView(DraftSaveMixin, SessionMixin, View):
    action_permission = "casework.log_session"

    def draft_record(self):
        return self.session

    def draft_refusal(self) -> str | None:
        session = self.session
        if session.review == S.Review.REVIEWED:
            return "your practice educator has reviewed this session, so it cannot be changed."
        if session.plan.status not in LOGGABLE_PLANS:
            status = session.plan.get_status_display().lower()
            return f"the plan is {status}, so its sessions are not logged now."
        if session.planned_on > timezone.localdate():
            return "this session has not happened yet."
        return None


class SessionLogDraftDiscardView(DraftDiscardMixin, SessionMixin, View):
    edit_url_name = "casework:session_log"

    def draft_record(self):
        return self.session


urlpatterns = [
    path("sessions/<int:pk>/draft/", SessionLogDraftView.as_view(), name="session_draft"),
    path(
        "sessions/<int:pk>/draft/discard/",
        SessionLogDraftDiscardView.as_view(),
        name="session_draft_discard",
    ),
]
