"""Outcome checks (requirement 6): the list of follow-ups to record, recording
one, and the parent's Rosenberg self-esteem totals.

- "Outcome checks": the follow-up checks due within a week or overdue (or
  recorded, or all) for the families the user works with; a page of 25 in a
  constant number of queries. Children appear by initials beside the
  referral's reference.
- Recording a check shows the child's name: opening it is logged as a read of
  the child's record (portal.audit).
- The baseline (at referral) is the referrer's answer: shown, never recorded here.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.permissions import ObjectPermissionMixin, PermissionMixin
from portal.views import ServiceFormMixin

from ..forms.outcomes import OutcomeCheckFilterForm, OutcomeCheckForm, SelfEsteemForm
from ..models import Enrolment, OutcomeCheck, SelfEsteemScore
from ..selectors.outcomes import (
    SHOW_DUE,
    SHOWS,
    checks_of_referral,
    outcome_check_for_page,
    outcome_checks_for,
)
from ..services.outcomes import outcome_check_record, self_esteem_record

SCOPE = "programmes.view_referral"
ACTION = "programmes.work_with_family"


def initials(name: str) -> str:
    return "".join(part[0].upper() for part in name.split() if part[:1].isalpha()) or "?"


class OutcomeCheckListView(PermissionMixin, TemplateView):
    template_name = "programmes/outcomes/check_list.html"
    permission_required = "programmes.list_referrals"
    per_page = 25

    def get_context_data(self, **kwargs):
        form = OutcomeCheckFilterForm(self.request.GET or None)
        show = form.cleaned_data.get("show") if form.is_valid() else ""
        show = show or SHOW_DUE
        today = timezone.localdate()
        checks = outcome_checks_for(self.request.user, show=show, today=today)
        page = Paginator(checks, self.per_page).get_page(self.request.GET.get("page"))
        for check in page:
            check.initials = initials(check.child.name)
            check.is_overdue = not check.status and check.due_on < today
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=form,
            show=show,
            show_label=dict(SHOWS)[show],
            page_obj=page,
            query=query.urlencode(),
            **kwargs,
        )


class OutcomeCheckRecordView(LoggedReadMixin, ObjectPermissionMixin, ServiceFormMixin, FormView):
    template_name = "programmes/outcomes/check_record.html"
    form_class = OutcomeCheckForm
    scope_permission = SCOPE
    action_permission = ACTION
    read_record = "child"
    read_purpose = "Opened a child's outcome check to record it"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.outcome_check = outcome_check_for_page(kwargs["pk"])
        if self.outcome_check is None:
            raise Http404("Not found")
        self.check_object(self.outcome_check.child.referral)
        self.child = self.outcome_check.child
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        check = self.outcome_check
        if check.is_recorded:
            initial.update(status=check.status, recorded_on=check.recorded_on)
        return initial

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            check=self.outcome_check,
            child=self.child,
            referral=self.child.referral,
            family_checks=[
                c for c in checks_of_referral(self.child.referral_id) if c.child_id == self.child.pk
            ],
            is_baseline=self.outcome_check.point == OutcomeCheck.Point.REFERRAL,
            not_due=self.outcome_check.due_on > today,
            **kwargs,
        )

    def perform(self, form):
        return outcome_check_record(
            check=self.outcome_check,
            status=form.cleaned_data["status"],
            recorded_on=form.cleaned_data["recorded_on"],
            by=self.request.user,
        )

    def refuses_record(self, error) -> bool:
        return getattr(error, "code", None) in {"baseline", "not_due"}

    def back(self):
        return redirect("programmes:outcome_check_record", pk=self.outcome_check.pk)

    def performed(self, form, check):
        messages.success(
            self.request,
            f"{check.get_point_display()} check recorded for referral "
            f"{self.child.referral.reference}: {check.get_status_display().lower()}.",
        )
        return redirect("programmes:outcome_checks")


class SelfEsteemRecordView(LoggedReadMixin, ObjectPermissionMixin, ServiceFormMixin, FormView):
    template_name = "programmes/outcomes/self_esteem.html"
    form_class = SelfEsteemForm
    scope_permission = SCOPE
    action_permission = ACTION
    read_record = "referral"
    read_purpose = "Opened a parent's self-esteem scores to record one"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enrolment = (
            Enrolment.objects.select_related("referral", "programme")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.enrolment is None:
            raise Http404("Not found")
        self.referral = self.check_object(self.enrolment.referral)
        self.scores = {s.point: s for s in self.enrolment.self_esteem_scores.all()}
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        start_done = SelfEsteemScore.Point.START in self.scores
        point = SelfEsteemScore.Point.END if start_done else SelfEsteemScore.Point.START
        return {"point": point, "recorded_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        P = SelfEsteemScore.Point
        start, end = self.scores.get(P.START), self.scores.get(P.END)
        return super().get_context_data(
            enrolment=self.enrolment,
            referral=self.referral,
            start=start,
            end=end,
            change=(end.score - start.score) if start and end else None,
            **kwargs,
        )

    def perform(self, form):
        return self_esteem_record(
            enrolment=self.enrolment,
            point=form.cleaned_data["point"],
            score=form.cleaned_data["score"],
            recorded_on=form.cleaned_data["recorded_on"],
            by=self.request.user,
        )

    def performed(self, form, score):
        messages.success(
            self.request,
            f"Rosenberg total {score.get_point_display().lower()} recorded for referral "
            f"{self.referral.reference}: {score.score}.",
        )
        return redirect(reverse("programmes:self_esteem_record", args=[self.enrolment.pk]))


urlpatterns = [
    path("outcome-checks/", OutcomeCheckListView.as_view(), name="outcome_checks"),
    path("outcome-checks/<int:pk>/", OutcomeCheckRecordView.as_view(), name="outcome_check_record"),
    path(
        "enrolments/<int:pk>/self-esteem/",
        SelfEsteemRecordView.as_view(),
        name="self_esteem_record",
    ),
]
