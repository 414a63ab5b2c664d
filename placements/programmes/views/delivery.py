"""Enrolment pages (issue 18, requirement 4): enrolling an accepted parent, the
parent's enrolment (dates, strand or why keywork only, attendance, the keywork
plan and sessions), and ending it (the completion rule, or left early).

Group sessions, registers and the creche are in views.groups. Every read of an
enrolment writes an access-log row; a record outside the user's programmes is a
404, an action they may not take on it a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.audit.services import record_access
from portal.dates import long_date
from portal.permissions import RecordActionMixin
from portal.transitions import TransitionNotAllowed
from portal.views import ServiceFormMixin

from ..forms.delivery import (
    EndForm,
    EnrolForm,
    KeyworkSessionForm,
    LeaveForm,
    PlanAgreeForm,
    PlanReviewForm,
)
from ..models import Enrolment
from ..selectors import delivery as reads
from ..services.delivery import (
    completion_message,
    completion_move,
    enrolment_create,
    enrolment_end,
    enrolment_leave,
)
from ..services.keywork import keywork_plan_agree, keywork_plan_review, keywork_session_record
from . import groups

VIEW = "programmes.view_referral"
WORK_WITH_FAMILY = "programmes.work_with_family"


class RecordPageMixin(RecordActionMixin):
    """Loads `self.record` with `find(pk)` (404 when missing or out of scope, 403
    for an action refused) before anything else runs."""

    record_name = "record"
    scope_permission = VIEW
    purpose = ""

    def log_read(self):
        record_access(self.request.user, self.record, self.purpose, path=self.request.path)


class EnrolView(RecordPageMixin, ServiceFormMixin, FormView):
    template_name = "programmes/delivery/enrol.html"
    form_class = EnrolForm
    find = staticmethod(reads.referral_for_enrolling)
    action_permission = WORK_WITH_FAMILY
    purpose = "Opened a referral to enrol the parent"

    def get(self, request, *args, **kwargs):
        enrolment = Enrolment.objects.filter(referral=self.record).first()
        if enrolment is not None:
            messages.info(request, "This parent is already enrolled.")
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
        self.log_read()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        referral = self.record
        return super().get_context_data(
            referral=referral,
            programme=referral.programme,
            choice=reads.strand_for(referral),
            **kwargs,
        )

    def perform(self, form):
        return enrolment_create(
            referral=self.record, starts_on=form.cleaned_data.get("starts_on"), by=self.request.user
        )

    def performed(self, form, enrolment):
        joined = (
            f"They join the {enrolment.strand.name.lower()}."
            if enrolment.strand_id
            else enrolment.keywork_only_reason
        )
        messages.success(
            self.request,
            f"The parent is enrolled from {long_date(enrolment.starts_on)} to "
            f"{long_date(enrolment.ends_on)}. {joined}".strip(),
        )
        return redirect("programmes:enrolment_detail", pk=enrolment.pk)


class EnrolmentMixin(RecordPageMixin):
    find = staticmethod(reads.enrolment_for_page)

    @property
    def enrolment(self) -> Enrolment:
        return self.record

    def back(self):
        return redirect("programmes:enrolment_detail", pk=self.record.pk)

    def get(self, request, *args, **kwargs):
        self.log_read()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            enrolment=self.enrolment, referral=self.enrolment.referral, **kwargs
        )


class EnrolmentDetailView(EnrolmentMixin, TemplateView):
    template_name = "programmes/delivery/enrolment_detail.html"
    purpose = "Viewed a parent's enrolment"

    def get_context_data(self, **kwargs):
        user = self.request.user
        enrolment = self.enrolment
        plan = reads.keywork_plan_of(enrolment)
        active = enrolment.status == Enrolment.Status.ACTIVE
        figures = reads.attendance_of(enrolment)
        if not active and enrolment.sessions_offered is not None:
            figures = reads.Figures(enrolment.sessions_offered, enrolment.sessions_attended or 0)
        sessions = Paginator(reads.keywork_sessions_of(enrolment), 25).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            figures=figures,
            percent=enrolment.programme.completion_percent,
            summary=figures.summary(enrolment.programme.completion_percent),
            plan=plan,
            goals=list(plan.goals.all()) if plan else [],
            review=reads.review_due(plan) if plan and active else None,
            page_obj=sessions,
            active=active,
            can_work=active and user.has_perm(WORK_WITH_FAMILY, enrolment),
            self_esteem=list(enrolment.self_esteem_scores.all()),
            can_score=user.has_perm(WORK_WITH_FAMILY, enrolment),
            **kwargs,
        )


class EnrolmentFormMixin(EnrolmentMixin, ServiceFormMixin):
    action_permission = WORK_WITH_FAMILY
    record_refusals = (TransitionNotAllowed,)

    def get(self, request, *args, **kwargs):
        if self.enrolment.status != Enrolment.Status.ACTIVE:
            messages.error(request, "The parent's enrolment has ended.")
            return self.back()
        return super().get(request, *args, **kwargs)


class KeyworkSessionRecordView(EnrolmentFormMixin, FormView):
    template_name = "programmes/delivery/keywork_session.html"
    form_class = KeyworkSessionForm
    purpose = "Opened a parent's enrolment to record a keywork session"

    def get_initial(self):
        return {"attended": True}

    def perform(self, form):
        data = form.cleaned_data
        return keywork_session_record(
            enrolment=self.enrolment,
            held_on=data.get("held_on"),
            mode=data.get("mode") or "",
            attended=bool(data.get("attended")),
            note=data.get("note") or "",
            by=self.request.user,
        )

    def performed(self, form, session):
        messages.success(
            self.request, f"The keywork session on {long_date(session.held_on)} is recorded."
        )
        return self.back()


class PlanAgreeView(EnrolmentFormMixin, FormView):
    template_name = "programmes/delivery/plan_agree.html"
    form_class = PlanAgreeForm
    purpose = "Opened a parent's enrolment to agree the keywork plan"

    def get(self, request, *args, **kwargs):
        if reads.keywork_plan_of(self.enrolment) is not None:
            messages.info(request, "A keywork plan is already agreed: review it instead.")
            return self.back()
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        return keywork_plan_agree(
            enrolment=self.enrolment,
            agreed_on=form.cleaned_data.get("agreed_on"),
            goals=form.goals(),
            by=self.request.user,
        )

    def performed(self, form, plan):
        review = reads.review_due(plan)
        messages.success(
            self.request,
            f"The keywork plan is agreed. Its first review is due by {long_date(review.due_on)}.",
        )
        return self.back()


class PlanReviewView(EnrolmentFormMixin, FormView):
    template_name = "programmes/delivery/plan_review.html"
    form_class = PlanReviewForm
    purpose = "Opened a parent's enrolment to review the keywork plan"

    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = reads.keywork_plan_of(self.enrolment)
        return self._plan

    def get(self, request, *args, **kwargs):
        if self.get_plan() is None:
            messages.info(request, "Agree a keywork plan first.")
            return self.back()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.get_plan() is None:
            raise Http404("No plan")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goals": self.get_plan().goals.all()}

    def get_context_data(self, **kwargs):
        plan = self.get_plan()
        return super().get_context_data(plan=plan, review=reads.review_due(plan), **kwargs)

    def perform(self, form):
        return keywork_plan_review(
            plan=self.get_plan(),
            reviewed_on=form.cleaned_data.get("reviewed_on"),
            scores=form.scores(),
            by=self.request.user,
        )

    def performed(self, form, plan):
        review = reads.review_due(plan)
        messages.success(
            self.request,
            f"The review is saved. The next review is due by {long_date(review.due_on)}.",
        )
        return self.back()


class EnrolmentEndView(EnrolmentFormMixin, FormView):
    """The confirmation: the figures, and the outcome the completion rule gives."""

    template_name = "programmes/delivery/enrolment_end.html"
    form_class = EndForm
    purpose = "Opened a parent's enrolment to end the programme"

    def get_context_data(self, **kwargs):
        enrolment = self.enrolment
        # Before the end date, the figures so far (the rule is applied at the end).
        figures = reads.attendance_of(enrolment, on=min(enrolment.ends_on, timezone.localdate()))
        move = completion_move(enrolment, figures)
        return super().get_context_data(
            figures=figures,
            message=completion_message(enrolment, figures),
            completes=move == "complete",
            not_yet=enrolment.ends_on > timezone.localdate(),
            **kwargs,
        )

    def perform(self, form):
        return enrolment_end(enrolment=self.enrolment, by=self.request.user)

    def performed(self, form, enrolment):
        figures = reads.Figures(enrolment.sessions_offered or 0, enrolment.sessions_attended or 0)
        outcome = (
            "completed the programme"
            if enrolment.status == Enrolment.Status.COMPLETED
            else "did not complete the programme"
        )
        summary = figures.summary(enrolment.programme.completion_percent)
        messages.success(self.request, f"The parent {outcome}: they {summary}.")
        return self.back()


class EnrolmentLeaveView(EnrolmentFormMixin, FormView):
    template_name = "programmes/delivery/enrolment_leave.html"
    form_class = LeaveForm
    purpose = "Opened a parent's enrolment to record that they left"

    def get_context_data(self, **kwargs):
        figures = reads.attendance_of(self.enrolment)
        return super().get_context_data(
            figures=figures,
            summary=figures.summary(self.enrolment.programme.completion_percent),
            **kwargs,
        )

    def perform(self, form):
        return enrolment_leave(
            enrolment=self.enrolment,
            reason=form.cleaned_data.get("reason") or "",
            by=self.request.user,
        )

    def performed(self, form, enrolment):
        messages.success(
            self.request,
            f"Recorded that the parent left the programme on {long_date(enrolment.ended_on)}.",
        )
        return self.back()


urlpatterns = [
    path("referrals/<int:pk>/enrol/", EnrolView.as_view(), name="enrol"),
    path("enrolments/<int:pk>/", EnrolmentDetailView.as_view(), name="enrolment_detail"),
    path(
        "enrolments/<int:pk>/keywork/sessions/new/",
        KeyworkSessionRecordView.as_view(),
        name="keywork_session_record",
    ),
    path("enrolments/<int:pk>/keywork/plan/", PlanAgreeView.as_view(), name="keywork_plan_agree"),
    path(
        "enrolments/<int:pk>/keywork/plan/review/",
        PlanReviewView.as_view(),
        name="keywork_plan_review",
    ),
    path("enrolments/<int:pk>/end/", EnrolmentEndView.as_view(), name="enrolment_end"),
    path("enrolments/<int:pk>/leave/", EnrolmentLeaveView.as_view(), name="enrolment_leave"),
    *groups.urlpatterns,
]
