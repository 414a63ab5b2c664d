from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from portal.audit.services import record_access
from portal.exports import RETENTION, export_latest, export_request
from portal.forms import PortalForm
from portal.models import DocumentExport
from portal.permissions import PermissionMixin, require_permission

from . import selectors
from .models import LegalHold, RetentionRun, RetentionSchedule
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
