"""Casework pages: child and family assessments (issue 6, requirement 8) and child
protection enquiries (issue 16, requirement 3).

The list shows children by initials and reference; an assessment's page is a
page of that child's record, so it shows their name and writes an access-log
row. Out of scope (school contacts included) answers 404; a step the user may
not take answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.dates import long_date
from portal.downloads import csv_response
from portal.locking import RecordLocked
from portal.permissions import PermissionMixin, RecordActionMixin, RecordMixin
from portal.transitions import TransitionNotAllowed
from portal.views import FilteredListMixin, ServiceFormMixin
from portal.workingdays import WorkingDays

from ..forms.assessments import (
    DATES_AND_KIND,
    AssessmentCreateForm,
    AssessmentEditForm,
    AssessmentFilterForm,
    TransitionReasonForm,
)
from ..models import Allocation, Assessment, Child
from ..models.assessments import (
    ASSESSMENT_WORKING_DAYS,
    CONFERENCE_WORKING_DAYS,
    DUE_SOON_WORKING_DAYS,
)
from ..rules.assessments import ASSESSMENT_ROLES, may_change_dates
from ..selectors import allocation_current
from ..selectors import assessments as reads
from ..selectors.requests import members
from ..services.assessments import (
    SECTION_FIELDS,
    assessment_create,
    assessment_transition,
    assessment_update,
)
from ..transitions.assessments import ASSESSMENT_TRANSITIONS, available
from .children import ChildPage, child_page_section

VIEW_PURPOSE = "Viewed an assessment"


class AssessmentListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "casework/assessments/assessment_list.html"
    permission_required = "casework.list_assessments"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = AssessmentFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        status, timing = data.get("status", ""), data.get("timing", "")
        kind = data.get("kind", "")
        calendar = WorkingDays()
        assessments = reads.assessment_list_for(
            user, status=status, timing=timing, kind=kind, calendar=calendar
        )
        page = self.page_of(assessments)
        page.object_list = reads.with_days_left(page.object_list, calendar=calendar)
        context.update(
            self.list_context(
                form,
                filtered=bool(status or timing or kind),
                page=page,
                assessments=page.object_list,
                limit=ASSESSMENT_WORKING_DAYS,
                conference_limit=CONFERENCE_WORKING_DAYS,
                can_report=user.has_perm("casework.view_assessment_report"),
            )
        )
        return context


class AssessmentMixin(RecordMixin):
    """Loads the assessment: 404 outside the user's scope."""

    scope_permission = "casework.view_assessment"
    find = staticmethod(reads.assessment_for_page)


class AssessmentActionMixin(LoggedReadMixin, RecordActionMixin, AssessmentMixin):
    record_name = "assessment"
    read_record = "assessment"

    def back(self):
        return redirect("casework:assessment_detail", pk=self.assessment.pk)


class AssessmentDetailView(AssessmentMixin, TemplateView):
    template_name = "casework/assessments/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assessment = self.load(kwargs["pk"])
        record_access(user, assessment, VIEW_PURPOSE, path=self.request.path)
        [assessment] = reads.with_days_left([assessment])
        context.update(
            assessment=assessment,
            child=assessment.child,
            sections=[
                (Assessment._meta.get_field(name).verbose_name, getattr(assessment, name))
                for name in SECTION_FIELDS[:-1]
            ],
            moves=[
                {
                    "transition": move,
                    "url": reverse(
                        "casework:assessment_transition", args=[assessment.pk, move.name]
                    ),
                }
                for move in available(ASSESSMENT_TRANSITIONS, assessment, user)
            ],
            can_edit=user.has_perm("casework.change_assessment", assessment),
            is_student=assessment.student_id == user.pk,
            limit=ASSESSMENT_WORKING_DAYS,
            conference_limit=CONFERENCE_WORKING_DAYS,
        )
        return context


class AssessmentCreateView(PermissionMixin, ServiceFormMixin, FormView):
    template_name = "casework/assessments/assessment_form.html"
    permission_required = "casework.add_assessment"
    form_class = AssessmentCreateForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            pk = int(request.GET.get("child", ""))
        except ValueError:
            raise Http404("Not found") from None
        self.child = Child.objects.select_related("held_by").filter(pk=pk).first()
        if self.child is None:
            raise Http404("Not found")
        if not request.user.has_perm("casework.add_assessment", self.child):
            raise PermissionDenied(
                "Only a team manager, co-ordinator or social worker of the service holding "
                "the child's record can start an assessment."
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        user = self.request.user
        held_by = self.child.held_by
        manager = user.is_portal_admin or any(
            o.pk == held_by.pk
            for role in (Role.TEAM_MANAGER, Role.COORDINATOR)
            for o in user.organisations_where(role)
        )
        workers = [u.pk for u in members(held_by, Role.SOCIAL_WORKER)]
        if not manager:
            workers = [pk for pk in workers if pk == user.pk]
        students = Allocation.objects.filter(allocation_current(), child=self.child).values(
            "student"
        )
        return {
            **super().get_form_kwargs(),
            "social_workers": User.objects.filter(pk__in=workers).order_by("pk"),
            "students": User.objects.filter(pk__in=students).order_by("pk"),
        }

    def get_initial(self):
        user = self.request.user
        initial = {"start_date": timezone.localdate()}
        if user.has_role(Role.SOCIAL_WORKER):
            initial["social_worker"] = user.pk
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            child=self.child,
            limit=ASSESSMENT_WORKING_DAYS,
            conference_limit=CONFERENCE_WORKING_DAYS,
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return assessment_create(
            by=self.request.user,
            child=self.child,
            referral_date=data["referral_date"],
            start_date=data["start_date"],
            social_worker=data.get("social_worker"),
            student=data.get("student"),
            kind=data.get("kind") or Assessment.Kind.CHILD_AND_FAMILY,
            strategy_discussion_on=data.get("strategy_discussion_on"),
        )

    def performed(self, form, assessment):
        conference = ""
        if assessment.is_section_47:
            conference = (
                " The initial child protection conference is due by "
                f"{long_date(assessment.conference_due_on)}."
            )
        messages.success(
            self.request,
            f"The {assessment.get_kind_display().lower()} about {assessment.child} is started. "
            f"{reads.due_notice(assessment)}{conference}",
        )
        return redirect("casework:assessment_detail", pk=assessment.pk)


class AssessmentEditView(AssessmentActionMixin, ServiceFormMixin, FormView):
    template_name = "casework/assessments/assessment_edit.html"
    form_class = AssessmentEditForm
    action_permission = "casework.change_assessment"
    read_purpose = "Opened an assessment to edit it"
    record_refusals = (RecordLocked,)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "may_change_dates": may_change_dates(self.request.user, self.assessment),
        }

    def get_initial(self):
        fields = (*SECTION_FIELDS, *DATES_AND_KIND)
        return {name: getattr(self.assessment, name) for name in fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessment=self.assessment, child=self.assessment.child, **kwargs
        )

    def perform(self, form):
        return assessment_update(
            by=self.request.user, assessment=self.assessment, **form.cleaned_data
        )

    def performed(self, form, assessment):
        messages.success(self.request, "The assessment is saved.")
        return self.back()


class AssessmentTransitionView(AssessmentActionMixin, ServiceFormMixin, FormView):
    template_name = "casework/assessments/assessment_transition.html"
    form_class = TransitionReasonForm
    read_purpose = "Opened an assessment to move it on"
    record_refusals = (TransitionNotAllowed, RecordLocked)

    def refuse(self):
        request = self.request
        self.transition = ASSESSMENT_TRANSITIONS.get(self.kwargs["name"])
        if self.transition is None:
            raise Http404("Not found")
        if not self.transition.allowed_from(self.assessment.status):
            messages.error(
                request,
                f"This assessment is {self.assessment.get_status_display().lower()}: "
                f"“{self.transition.label}” is not possible now.",
            )
            return self.back()
        if not self.transition.who(request.user, self.assessment):
            if self.transition.name == "submit":
                raise PermissionDenied(
                    "Only the accountable qualified social worker can submit an assessment"
                )
            raise PermissionDenied(f"Only {self.transition.who_text} can do this.")
        return None

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.transition.needs_reason:
            del form.fields["reason"]
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessment=self.assessment,
            transition=self.transition,
            back_url=reverse("casework:assessment_detail", args=[self.assessment.pk]),
            **kwargs,
        )

    def perform(self, form):
        return assessment_transition(
            assessment=self.assessment,
            name=self.transition.name,
            by=self.request.user,
            reason=form.cleaned_data.get("reason", ""),
        )

    def performed(self, form, assessment):
        messages.success(self.request, self.transition.done_message)
        return self.back()


class AssessmentReportView(PermissionMixin, TemplateView):
    template_name = "casework/assessments/assessment_report.html"
    permission_required = "casework.view_assessment_report"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=reads.on_time_report(self.request.user), limit=ASSESSMENT_WORKING_DAYS, **kwargs
        )


class AssessmentReportCsvView(PermissionMixin, View):
    permission_required = "casework.view_assessment_report"

    def get(self, request, *args, **kwargs):
        report = reads.on_time_report(request.user)
        rows = [
            [
                row.label,
                row.authorised,
                row.on_time,
                "" if row.share is None else f"{row.share:.2f}",
            ]
            for row in (report.overall, *report.months)
        ]
        header = ["Period", "Authorised", "On time", "Share on time"]
        return csv_response("assessments-on-time.csv", header, rows)


@child_page_section("casework/assessments/_child_section.html", slot="main", order=70)
def assessments_section(page: ChildPage) -> dict | None:
    if page.school_view:
        return None
    user = page.user
    can_start = user.has_perm("casework.add_assessment", page.child)
    if not (user.is_portal_admin or user.active_roles & ASSESSMENT_ROLES):
        return None
    assessments = reads.with_days_left(reads.assessments_of_child(user, page.child))
    if not assessments and not can_start:
        return None
    return {"assessments": assessments, "can_start": can_start, "child": page.child}


urlpatterns = [
    path("assessments/", AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", AssessmentCreateView.as_view(), name="assessment_create"),
    path("assessments/report/", AssessmentReportView.as_view(), name="assessment_report"),
    path("assessments/report.csv", AssessmentReportCsvView.as_view(), name="assessment_report_csv"),
    path("assessments/<int:pk>/", AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/edit/", AssessmentEditView.as_view(), name="assessment_edit"),
    path(
        "assessments/<int:pk>/step/<slug:name>/",
        AssessmentTransitionView.as_view(),
        name="assessment_transition",
    ),
]

__all__ = ["DUE_SOON_WORKING_DAYS", "urlpatterns"]
