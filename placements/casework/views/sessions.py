"""Casework pages: direct-work sessions (issue 6, requirement 4) and starting a
PCF evidence item from casework (requirement 10).

- A session's page: when, how it went, and (for those on the work) the notes,
  each child's attendance, voice and notes, and the practice educator's
  review. In a group, a child's voice and notes only for those working with
  that child (selectors.plans.readable_children). School contacts see the
  date, outcome and attendance only. Every view writes an access-log row.
- Logging a session: a phone-first form (outcome first, the rest revealed).
- Reviewing it: the practice educator marks it reviewed or returns it with
  comments.
- Moving it while only planned: another school day in term, outside the school's
  holidays (services.session_dates; issue 22, requirement 8).
- Evidence: from a session or an assessment the student goes to their
  placement's evidence form, prefilled without any child's name.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from placements.models import Placement
from placements.services.evidence import EVIDENCE_STATUSES, evidence_start_url
from portal.audit.services import record_access
from portal.drafts import DraftRestoreMixin
from portal.permissions import ObjectPermissionMixin, RecordMixin, require_object_permission
from portal.views import ServiceFormMixin

from ..evidence import evidence_prefill_for_assessment, evidence_prefill_for_session
from ..forms.sessions import SessionLogForm, SessionMoveForm, SessionReviewForm
from ..models import Allocation, Assessment, DirectWorkSession
from ..rules.sessions import student_who_can_see
from ..selectors import allocation_window
from ..selectors import sessions as reads
from ..selectors.plans import readable_children
from ..services.session_dates import may_move, session_move
from ..services.sessions import LOGGABLE_PLANS, session_log, session_review

VIEW_PURPOSE = "Viewed a direct-work session"
LOG_PURPOSE = "Opened a direct-work session to log it"
REVIEW_PURPOSE = "Opened a direct-work session to review it"
MOVE_PURPOSE = "Opened a direct-work session to move it"

S = DirectWorkSession


class SessionMixin(RecordMixin):
    scope_permission = "casework.view_session"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.session = self.found(reads.session_for_page(kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def session_context(self) -> dict:
        user = self.request.user
        session = self.session
        return {
            "session": session,
            "plan": session.plan,
            "attendance": list(session.attendance.all()),
            "sees_notes": user.has_perm("casework.view_session_notes", session),
            # Each child's voice and notes: only the children this reader works with.
            "readable": readable_children(user, session.plan),
            "is_group": session.plan.format == session.plan.Format.GROUP,
        }


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "casework/sessions/session_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        session = self.session
        record_access(user, session, VIEW_PURPOSE, path=self.request.path)
        can_log = user.has_perm("casework.log_session", session)
        return super().get_context_data(
            **self.session_context(),
            can_log=can_log
            and session.review != S.Review.REVIEWED
            and session.plan.status in LOGGABLE_PLANS
            and session.planned_on <= timezone.localdate(),
            can_review=session.review == S.Review.AWAITING
            and user.has_perm("casework.review_session", session),
            can_raise_concern=user.has_perm("casework.view_session_notes", session),
            can_start_evidence=user.has_perm("casework.evidence_from_session", session),
            can_move=may_move(session) and user.has_perm("casework.move_session", session),
            comments_heading=self.comments_heading(),
            **kwargs,
        )

    def comments_heading(self) -> str:
        """The practice educator's comments, named for who reads them."""
        user = self.request.user
        if self.session.reviewed_by_id == user.pk:
            return "Your comments"
        if student_who_can_see(user, self.session):
            return "Your practice educator's comments"
        return "Practice educator's comments"


class SessionLogView(DraftRestoreMixin, SessionMixin, ServiceFormMixin, FormView):
    """The student logs the session; their draft (views.drafts) comes back into the form."""

    template_name = "casework/sessions/session_log.html"
    action_permission = "casework.log_session"
    draft_url_name = "casework:session_draft"

    def draft_record(self):
        return self.session

    def get(self, request, *args, **kwargs):
        if self.session.review == S.Review.REVIEWED:
            messages.error(
                request,
                "Your practice educator has reviewed this session: it can no longer be changed.",
            )
            return redirect("casework:session_detail", pk=self.session.pk)
        record_access(request.user, self.session, LOG_PURPOSE, path=request.path)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return self.restore_draft(
            SessionLogForm(
                **self.get_form_kwargs(),
                session=self.session,
                rows=self.session.attendance.all(),
            )
        )

    def get_initial(self):
        session = self.session
        themes = list(session.plan.themes.all())
        initial = {
            "outcome": session.status if session.status != S.Status.PLANNED else "",
            "theme": session.theme or (themes[0] if len(themes) == 1 else None),
            "activities": session.activities,
            "observations": session.observations,
            "next_steps": session.next_steps,
            "cancelled_by": session.cancelled_by,
            "cancel_reason": session.cancel_reason,
        }
        logged = session.review != S.Review.NOT_LOGGED
        for row in session.attendance.all():
            initial[f"attended_{row.child_id}"] = row.attended if logged else True
            initial[f"child_voice_{row.child_id}"] = row.child_voice
            initial[f"notes_{row.child_id}"] = row.notes
        return initial

    def get_context_data(self, **kwargs):
        session = self.session
        return super().get_context_data(
            **self.session_context(),
            not_yet=session.planned_on > timezone.localdate(),
            plan_open=session.plan.status in LOGGABLE_PLANS,
            **kwargs,
        )

    def perform(self, form):
        return session_log(session=self.session, by=self.request.user, **form.service_kwargs())

    def performed(self, form, saved):
        messages.success(
            self.request,
            f"Session {saved.number} is saved. Your practice educator has been asked to review it.",
        )
        return redirect("casework:session_detail", pk=saved.pk)


class SessionReviewView(SessionMixin, ServiceFormMixin, FormView):
    template_name = "casework/sessions/session_review.html"
    action_permission = "casework.review_session"
    form_class = SessionReviewForm

    def get(self, request, *args, **kwargs):
        if self.session.review != S.Review.AWAITING:
            messages.info(request, "This session is not waiting for review.")
            return redirect("casework:session_detail", pk=self.session.pk)
        record_access(request.user, self.session, REVIEW_PURPOSE, path=request.path)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.session_context(), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return session_review(
            session=self.session,
            by=self.request.user,
            decision=data.get("decision") or "",
            comments=data.get("comments") or "",
        )

    def performed(self, form, saved):
        if saved.review == S.Review.RETURNED:
            messages.success(self.request, "The notes are returned to the student.")
        else:
            messages.success(self.request, "The notes are marked as reviewed.")
        return redirect("casework:session_detail", pk=saved.pk)


class SessionMoveView(SessionMixin, ServiceFormMixin, FormView):
    """Another day or time for a planned session: a school day in term, outside the
    school's holidays (issue 22, requirement 8)."""

    template_name = "casework/sessions/session_move.html"
    action_permission = "casework.move_session"
    form_class = SessionMoveForm

    def get(self, request, *args, **kwargs):
        if not may_move(self.session):
            messages.info(request, "Only a session not logged yet can be moved.")
            return redirect("casework:session_detail", pk=self.session.pk)
        record_access(request.user, self.session, MOVE_PURPOSE, path=request.path)
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"planned_on": self.session.planned_on, "planned_time": self.session.planned_time}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.session_context(), **kwargs)

    def perform(self, form):
        return session_move(by=self.request.user, session=self.session, **form.cleaned_data)

    def performed(self, form, saved):
        messages.success(
            self.request,
            f"Session {saved.number} is moved. The school's contacts and the others on "
            "the work are told.",
        )
        return redirect("casework:session_detail", pk=saved.pk)


# --- starting a PCF evidence item (requirement 10) -----------------------------------


def _placement_for(user, child_ids) -> Placement | None:
    """The placement the student's work with these children is allocated on."""
    allocation = (
        Allocation.objects.filter(allocation_window(), student=user, child_id__in=list(child_ids))
        .select_related("placement")
        .order_by("-starts_on", "-pk")
        .first()
    )
    if allocation is not None:
        return allocation.placement
    return (
        Placement.objects.filter(student=user, status__in=EVIDENCE_STATUSES)
        .order_by("-starts_on", "-pk")
        .first()
    )


class EvidenceFromSessionView(SessionMixin, View):
    action_permission = "casework.evidence_from_session"

    def get(self, request, *args, **kwargs):
        ids = [member.child_id for member in self.session.plan.members.all()]
        placement = _placement_for(request.user, ids)
        if placement is None:
            raise Http404("Not found")
        return redirect(evidence_start_url(placement, evidence_prefill_for_session(self.session)))


class EvidenceFromAssessmentView(ObjectPermissionMixin, View):
    """The assessment's student co-worker starts an evidence item about it."""

    scope_permission = "casework.view_child"

    def get(self, request, *args, **kwargs):
        assessment = get_object_or_404(Assessment.objects.select_related("child"), pk=kwargs["pk"])
        # Who sees an assessment is the assessments part's rule once it exists;
        # until then, whoever sees the child.
        require_object_permission(request.user, assessment.child, scope="casework.view_child")
        if rules.perm_exists("casework.view_assessment"):
            require_object_permission(request.user, assessment, scope="casework.view_assessment")
        if assessment.student_id != request.user.pk:
            raise PermissionDenied("Only the student co-working the assessment can do this.")
        placement = _placement_for(request.user, [assessment.child_id])
        if placement is None:
            raise Http404("Not found")
        return redirect(evidence_start_url(placement, evidence_prefill_for_assessment(assessment)))


urlpatterns = [
    path("sessions/<int:pk>/", SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/log/", SessionLogView.as_view(), name="session_log"),
    path("sessions/<int:pk>/review/", SessionReviewView.as_view(), name="session_review"),
    path("sessions/<int:pk>/move/", SessionMoveView.as_view(), name="session_move"),
    path(
        "sessions/<int:pk>/evidence/",
        EvidenceFromSessionView.as_view(),
        name="evidence_from_session",
    ),
    path(
        "assessments/<int:pk>/evidence/",
        EvidenceFromAssessmentView.as_view(),
        name="evidence_from_assessment",
    ),
]
