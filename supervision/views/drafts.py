"""The supervision record's draft (portal.drafts): what the practice educator has
typed, kept every few seconds while they write, private to them.

The draft address is the edit page's: the same SessionMixin loads the record, so
someone outside its scope gets 404 and someone who may not write it 403. A
record that takes no changes now (locked, or no longer being written) answers
409 and nothing is kept.
"""

from __future__ import annotations

from django.urls import path
from django.views import View

from portal.drafts import DraftDiscardMixin, DraftSaveMixin

from .sessions import LOCKED_MESSAGE, S, SessionMixin


class SessionDraftView(DraftSaveMixin, SessionMixin, View):
    action_permission = "supervision.change_session"

    def draft_record(self):
        return self.session

    def refuse_locked(self):
        return self.refuse(LOCKED_MESSAGE)

    def draft_refusal(self) -> str | None:
        if self.session.status != S.DRAFT:
            status = self.session.get_status_display().lower()
            return f"the record is {status}, so it cannot be changed now."
        return None


class SessionDraftDiscardView(DraftDiscardMixin, SessionMixin, View):
    # Whoever sees the record may throw away their own draft of it, even once the
    # record is locked (the draft is theirs; it no longer goes anywhere).
    writes = False
    edit_url_name = "supervision:session_edit"

    def draft_record(self):
        return self.session


urlpatterns = [
    path("sessions/<int:pk>/draft/", SessionDraftView.as_view(), name="session_draft"),
    path(
        "sessions/<int:pk>/draft/discard/",
        SessionDraftDiscardView.as_view(),
        name="session_draft_discard",
    ),
]
