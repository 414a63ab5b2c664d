from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from portal.audit.services import record_access
from portal.dates import long_date
from portal.exports import RETENTION, export_latest, export_request
from portal.forms import DateField, PortalForm
from portal.models import DocumentExport
from portal.permissions import PermissionMixin, require_permission
from portal.views import ServiceFormMixin, run_action

from . import selectors
from .models import LegalHold, RetentionRun, RetentionSchedule, RightsRequest
from .rights import (
    erasure_apply,
    requests_needing_an_answer,
    rights_request_close,
    rights_request_extend,
    rights_request_record,
)
from .subject_access import person_for
from .tasks import run_retention_dry_run

RUNS_PER_PAGE = 25


class RetentionRunListView(PermissionMixin, TemplateView):
    """Admins read what each retention run found and did (counts only)."""

    template_name = "privacy/retention_runs.html"
    permission_required = "privacy.view_retentionrun"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = RetentionRun.objects.select_related("started_by")
        context.update(
            page_obj=Paginator(runs, RUNS_PER_PAGE).get_page(self.request.GET.get("page")),
            schedule_count=RetentionSchedule.objects.count(),
            hold_count=LegalHold.objects.filter(lifted_at__isnull=True).count(),
            query="",
        )
        return context


class RetentionRunDetailView(PermissionMixin, TemplateView):
    template_name = "privacy/retention_run.html"
    permission_required = "privacy.view_retentionrun"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_object_or_404(RetentionRun.objects.select_related("started_by"), pk=kwargs["pk"])
        rows = sorted(run.results, key=lambda row: (-row["expired"], row["record_type"]))
        context.update(run=run, rows=rows, totals=run.totals)
        return context


class RetentionDryRunStartView(PermissionMixin, View):
    """Count, in the background, what a run today would anonymise or delete."""

    permission_required = "privacy.start_retention_dry_run"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        user_id = request.user.pk
        transaction.on_commit(lambda: run_retention_dry_run.delay(user_id))
        messages.success(
            request,
            "The dry run has started. It changes nothing; its counts appear in the list "
            "below when it finishes (refresh the page).",
        )
        return redirect("privacy:retention_runs")


# --- subject access ----------------------------------------------------------------------

SUBJECT_ACCESS = "subject_access"
SEARCH_LIMIT = 20


class SubjectSearchForm(PortalForm):
    kind = forms.ChoiceField(
        label="Who is the request about?",
        choices=[
            ("user", "Someone with an account (student, educator, staff)"),
            ("child", "A child"),
            ("carer", "A child's parent or carer"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the request is about."},
    )
    identifier = forms.CharField(
        label="Email address or child's reference",
        help_text="An account: part of their email address. A child, or their parent or "
        "carer: the child's reference, such as C-7KQ2WD.",
        max_length=254,
        error_messages={"required": "Enter an email address or a child's reference."},
    )


class SubjectAccessSearchView(PermissionMixin, TemplateView):
    """An administrator finds the person a subject access request is about."""

    template_name = "privacy/subject_access_search.html"
    permission_required = "privacy.export_subject_access"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SubjectSearchForm(self.request.GET or None)
        people = None
        if form.is_valid():
            people = selectors.people_matching(
                form.cleaned_data["kind"], form.cleaned_data["identifier"], limit=SEARCH_LIMIT
            )
        context.update(form=form, people=people, limit=SEARCH_LIMIT)
        return context


class SubjectMixin(PermissionMixin):
    permission_required = "privacy.export_subject_access"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # The permission first, so nobody else learns which people exist.
        require_permission(request.user, self.permission_required)
        try:
            self.person = person_for(kwargs["kind"], kwargs["pk"])
        except LookupError as error:
            raise Http404("Not found") from error
        self.kind = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)


class SubjectAccessView(SubjectMixin, TemplateView):
    """The export about one person: start it, watch it, download it."""

    template_name = "privacy/subject_access.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        export = export_latest(kind=SUBJECT_ACCESS, subject=self.person, by=self.request.user)
        context.update(
            person=self.person,
            kind=self.kind,
            label=selectors.person_label(self.kind, self.person),
            export=export,
            in_flight=export is not None and export.status in DocumentExport.IN_FLIGHT,
            kept_days=RETENTION.days,
        )
        return context

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["privacy/subject_access_status.html"]
        return [self.template_name]

    def post(self, request, *args, **kwargs):
        export_request(kind=SUBJECT_ACCESS, subject=self.person, by=request.user)
        record_access(
            request.user, self.person, "Started a subject access export", path=request.path
        )
        messages.success(
            request,
            "The export has started. This page updates itself when it is ready to download.",
        )
        return redirect("privacy:subject_access", kind=self.kind, pk=self.person.pk)


# --- rights requests -------------------------------------------------------------------------

REQUESTS_PER_PAGE = 25


class RightsRequestForm(PortalForm):
    kind = forms.ChoiceField(
        label="What did they ask for?",
        choices=RightsRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they asked for."},
    )
    received_on = DateField(label="Date received", help_text="For example, 27 3 2027.")
    requested_by = forms.CharField(
        label="Who asked",
        max_length=200,
        help_text="Their name and how to reach them, or who asked on their behalf.",
    )
    subject_kind = forms.ChoiceField(
        label="Who is it about?",
        choices=RightsRequest.SubjectKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the request is about."},
    )
    subject_id = forms.IntegerField(
        label="Their id",
        min_value=1,
        help_text="Find the person under Subject access; the id is in the address of "
        "their export page.",
    )
    details = forms.CharField(
        label="What they asked for, in short", required=False, widget=forms.Textarea
    )


class RightsRequestListView(PermissionMixin, TemplateView):
    template_name = "privacy/rights_requests.html"
    permission_required = "privacy.manage_rights_requests"
    SHOWS = {"open": "Open", "overdue": "Overdue", "closed": "Closed", "all": "All"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "open")
        if show not in self.SHOWS:
            show = "open"
        today = timezone.localdate()
        requests = selectors.rights_requests(show, today)
        soon, overdue = requests_needing_an_answer(today)
        context.update(
            show=show,
            shows=self.SHOWS,
            page_obj=Paginator(requests, REQUESTS_PER_PAGE).get_page(self.request.GET.get("page")),
            query=f"show={show}",
            today=today,
            due_soon=soon,
            overdue=overdue,
        )
        return context


class RightsRequestCreateView(PermissionMixin, ServiceFormMixin, FormView):
    template_name = "privacy/rights_request_form.html"
    permission_required = "privacy.manage_rights_requests"
    form_class = RightsRequestForm

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def perform(self, form):
        return rights_request_record(by=self.request.user, **form.cleaned_data)

    def performed(self, form, request):
        messages.success(
            self.request,
            f"The request is recorded. Answer it by {long_date(request.due_on)}.",
        )
        return redirect("privacy:rights_request", pk=request.pk)


class ExtendForm(PortalForm):
    months = forms.TypedChoiceField(
        label="Extend by",
        choices=[(1, "One month"), (2, "Two months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long to extend by."},
    )
    reason = forms.CharField(label="Why it needs more time", widget=forms.Textarea)


class CloseForm(PortalForm):
    status = forms.ChoiceField(
        label="Outcome",
        choices=[
            (RightsRequest.Status.DONE, "Answered"),
            (RightsRequest.Status.REFUSED, "Refused"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was answered or refused."},
    )
    outcome = forms.CharField(label="What was done, or why it was refused", widget=forms.Textarea)


class RightsRequestMixin(PermissionMixin):
    permission_required = "privacy.manage_rights_requests"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, self.permission_required)
        self.rights_request = get_object_or_404(RightsRequest, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        return redirect("privacy:rights_request", pk=self.rights_request.pk)

    def get_context_data(self, **kwargs):
        request = self.rights_request
        today = timezone.localdate()
        return super().get_context_data(
            rights_request=request,
            overdue=request.is_overdue(today),
            subject_url=reverse(
                "privacy:subject_access", args=[request.subject_kind, request.subject_id]
            ),
            **kwargs,
        )


class RightsRequestDetailView(RightsRequestMixin, TemplateView):
    template_name = "privacy/rights_request.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(extend_form=ExtendForm(), close_form=CloseForm(), **kwargs)


class RightsRequestActionView(RightsRequestMixin, ServiceFormMixin, FormView):
    """A form on the request's page (extend, close): a refusal of what was typed is
    shown on it; a refusal of the request itself (closed, already extended) goes
    back to the page with the reason."""

    template_name = "privacy/rights_request.html"
    http_method_names = ["post"]
    form_key = ""

    def refuses_record(self, error):
        return not hasattr(error, "error_dict")

    def get_context_data(self, **kwargs):
        forms_on_page = {"extend_form": ExtendForm(), "close_form": CloseForm()}
        forms_on_page[self.form_key] = kwargs.pop("form")
        return super().get_context_data(**forms_on_page, **kwargs)


class RightsRequestExtendView(RightsRequestActionView):
    form_class = ExtendForm
    form_key = "extend_form"

    def perform(self, form):
        return rights_request_extend(
            request=self.rights_request, by=self.request.user, **form.cleaned_data
        )

    def performed(self, form, request):
        messages.success(self.request, f"The new deadline is {long_date(request.extended_to)}.")
        return self.back()


class RightsRequestCloseView(RightsRequestActionView):
    form_class = CloseForm
    form_key = "close_form"

    def perform(self, form):
        return rights_request_close(
            request=self.rights_request, by=self.request.user, **form.cleaned_data
        )

    def performed(self, form, request):
        messages.success(self.request, f"The request is closed: {request.get_status_display()}.")
        return self.back()


class RightsRequestEraseView(RightsRequestMixin, TemplateView):
    """Confirm, then anonymise everything about the person that nothing keeps."""

    template_name = "privacy/rights_request_erase.html"

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: erasure_apply(request=self.rights_request, by=request.user),
            success=lambda result: result.summary(),
            then=reverse("privacy:rights_request", args=[self.rights_request.pk]),
        )
