"""The leader register (issue 19, requirement 5): a programme's certified leaders,
filtered by municipality and certificate status, with the counts by
municipality and a CSV export; the provider's co-ordinators add and correct
leaders.

The programme's team reads the register; adding or editing a leader is for the
provider's co-ordinators (403 for the rest of the team). A programme outside the
user's programmes is a 404. Leaders are professionals: no access-log row.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.downloads import csv_response
from portal.permissions import RecordActionMixin
from portal.views import FilteredListMixin, ServiceFormMixin

from ..forms.leaders import LeaderFilterForm, LeaderForm
from ..models import Leader
from ..selectors.leaders import (
    STATUS_EXPIRED,
    STATUS_EXPIRING,
    STATUS_LABELS,
    leader_counts_by_municipality,
    leader_of_programme,
    leader_status,
    leaders_of,
    municipalities_of,
)
from ..selectors.programmes import programme_for_slug
from ..services.leaders import DETAILS, leader_save

VIEW_PROGRAMME = "programmes.view_programme"
VIEW_LEADERS = "programmes.view_leaders"
MANAGE_LEADERS = "programmes.manage_leaders"
TAGS = {STATUS_EXPIRING: "govuk-tag--yellow", STATUS_EXPIRED: "govuk-tag--red"}


class LeaderRegisterMixin(RecordActionMixin):
    """A page of a programme's leader register (the programme from the URL's slug)."""

    record_name = "programme"
    lookup_kwarg = "slug"
    scope_permission = VIEW_PROGRAMME
    action_permission = VIEW_LEADERS
    find = staticmethod(programme_for_slug)

    def filtered_leaders(self, municipalities: list[str] | None = None):
        """The filter form and the leaders it selects (all of them when it is invalid)."""
        if municipalities is None:
            municipalities = municipalities_of(self.programme)
        form = LeaderFilterForm(self.request.GET or None, municipalities=municipalities)
        cleaned = form.cleaned_data if form.is_valid() else {}
        leaders = leaders_of(
            self.programme,
            municipality=cleaned.get("municipality", ""),
            status=cleaned.get("status", ""),
            today=self.today,
        )
        return form, leaders

    @property
    def today(self):
        return timezone.localdate()


class LeaderListView(LeaderRegisterMixin, FilteredListMixin, TemplateView):
    template_name = "programmes/leaders/leader_list.html"

    def get_context_data(self, **kwargs):
        today = self.today
        counts = leader_counts_by_municipality(self.programme, today=today)
        form, leaders = self.filtered_leaders([c.municipality for c in counts])
        page = self.page_of(leaders)
        for leader in page:
            leader.status = leader_status(leader, today)
            leader.status_label = STATUS_LABELS[leader.status]
            leader.status_tag = TAGS.get(leader.status, "govuk-tag--green")
        return super().get_context_data(
            programme=self.programme,
            counts=counts,
            totals={
                "valid": sum(c.valid for c in counts),
                "expiring": sum(c.expiring for c in counts),
                "expired": sum(c.expired for c in counts),
            },
            can_manage=self.request.user.has_perm(MANAGE_LEADERS, self.programme),
            **self.list_context(form, filtered=form.is_bound, page=page),
            **kwargs,
        )


class LeaderExportView(LeaderRegisterMixin, View):
    """The register as CSV (the filters as on the page), every matching leader."""

    def get(self, request, *args, **kwargs):
        today = self.today
        _form, leaders = self.filtered_leaders()
        header = [
            _("Name"),
            _("Organisation"),
            _("Municipality"),
            _("Job title"),
            _("Certificate number"),
            _("Issuing body"),
            _("Issued on"),
            _("Expires on"),
            _("Status"),
        ]
        rows = [
            [
                leader.name,
                leader.organisation,
                leader.municipality,
                leader.job_title,
                leader.certificate_number,
                leader.issued_by,
                leader.issued_on.isoformat(),
                leader.expires_on.isoformat(),
                STATUS_LABELS[leader_status(leader, today)],
            ]
            for leader in leaders
        ]
        return csv_response(f"{self.programme.slug}-leaders-{today.isoformat()}.csv", header, rows)


class LeaderFormMixin(LeaderRegisterMixin, ServiceFormMixin):
    template_name = "programmes/leaders/leader_form.html"
    form_class = LeaderForm
    action_permission = MANAGE_LEADERS
    leader: Leader | None = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form cleans its own copy: the service reads the leader afresh.
        kwargs["instance"] = copy.copy(self.leader) or Leader(programme=self.programme)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, leader=self.leader, **kwargs)

    def perform(self, form):
        return leader_save(
            programme=self.programme,
            leader=self.leader,
            by=self.request.user,
            **{name: form.cleaned_data[name] for name in DETAILS},
        )

    def performed(self, form, leader):
        if self.leader:
            done = _("%(name)s (%(number)s) updated: certificate valid until %(day)s.")
        else:
            done = _(
                "%(name)s (%(number)s) added to the register: certificate valid until %(day)s."
            )
        messages.success(
            self.request,
            done
            % {
                "name": leader.name,
                "number": leader.certificate_number,
                "day": date_format(leader.expires_on, _("j M Y")),  # "9 May 2027", "9 maj 2027"
            },
        )
        return redirect("programmes:leader_list", slug=self.programme.slug)


class LeaderAddView(LeaderFormMixin, FormView):
    pass


class LeaderEditView(LeaderFormMixin, FormView):
    def refuse(self):
        self.leader = leader_of_programme(self.programme, self.kwargs["pk"])
        if self.leader is None:
            raise Http404("Not found")
        return None


urlpatterns = [
    path("programmes/<slug:slug>/leaders/", LeaderListView.as_view(), name="leader_list"),
    path(
        "programmes/<slug:slug>/leaders/export.csv",
        LeaderExportView.as_view(),
        name="leader_export",
    ),
    path("programmes/<slug:slug>/leaders/new/", LeaderAddView.as_view(), name="leader_add"),
    path(
        "programmes/<slug:slug>/leaders/<int:pk>/edit/",
        LeaderEditView.as_view(),
        name="leader_edit",
    ),
]
