from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from portal.permissions import PermissionMixin

from .models import LegalHold, RetentionRun, RetentionSchedule
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
