"""The editors' report in the Wagtail admin: answers per page and the comments.

Only people who edit pages (Wagtail's Editors and Moderators groups, and
superusers) may see it; both views page their rows, filter by the date an
answer arrived and export exactly the filtered rows.
"""

from urllib.parse import urlencode

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.models import PageFeedback
from portal.downloads import spreadsheet_safe
from portal.forms import PortalForm
from portal.permissions import PERMISSION

from .selectors import feedback_per_page, feedback_received, percent_useful


def yes_no(value) -> str:
    return "Yes" if value else "No"


class FeedbackFilterForm(PortalForm):
    def clean(self):
        cleaned = super().clean()
        received = cleaned.get("received")
        if received and received.start and received.stop and received.start > received.stop:
            self.add_error(
                "received",
                _("The ‘to’ date must be the same as or later than the ‘from’ date"),
            )
        return cleaned


class FeedbackDateFilterSet(WagtailFilterSet):
    received = django_filters.DateFromToRangeFilter(
        field_name="created_at", label=_("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PageFeedback
        fields = []
        form = FeedbackFilterForm


def pages_with_feedback(request):
    return Page.objects.filter(feedback__isnull=False).distinct().order_by("title", "pk")


class FeedbackCommentFilterSet(FeedbackDateFilterSet):
    # Not "page": that name is the listing's page number.
    about = django_filters.ModelChoiceFilter(
        field_name="page", label=_("Page"), queryset=pages_with_feedback
    )
    useful = django_filters.BooleanFilter(label=_("Useful"), widget=BooleanRadioSelect)
    with_comment = django_filters.BooleanFilter(
        label=_("Has a comment"), method="filter_with_comment", widget=BooleanRadioSelect
    )

    def filter_with_comment(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(comment="") if value else queryset.filter(comment="")

    class Meta(FeedbackDateFilterSet.Meta):
        pass


class FeedbackReportView(ReportView):
    # Checked below through Wagtail's page permission policy (rights to edit pages).
    portal_access = PERMISSION
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    header_icon = "help"
    paginate_by = 25

    def get_queryset(self):
        return feedback_received()

    def filter_queryset(self, queryset):
        # Wagtail falls back to every row when the filters are invalid; a report
        # (and above all its export) must not pretend an impossible range matched.
        if self.filters is not None and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["range_query"] = urlencode(
            {
                f"received_{suffix}": self.request.GET[f"received_{suffix}"]
                for suffix in ("from", "to")
                if self.request.GET.get(f"received_{suffix}")
            }
        )
        return context


class PageFeedbackSummaryView(FeedbackReportView):
    page_title = _("Page feedback")
    results_template_name = "cms/feedback_summary_results.html"
    index_url_name = "cms_page_feedback"
    index_results_url_name = "cms_page_feedback_results"
    filterset_class = FeedbackDateFilterSet
    export_filename = "page-feedback"
    list_export = [
        "page__title",
        "page__locale__language_code",
        "useful_count",
        "not_useful_count",
        "percent_useful",
        "comment_count",
        "latest",
    ]
    export_headings = {
        "page__title": _("Page"),
        "page__locale__language_code": _("Language"),
        "useful_count": _("Yes"),
        "not_useful_count": _("No"),
        "percent_useful": _("Useful (%)"),
        "comment_count": _("Comments"),
        "latest": _("Latest answer"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "page__title": {self.FORMAT_CSV: spreadsheet_safe},
        }

    def get_filtered_queryset(self):
        return feedback_per_page(self.filter_queryset(self.get_queryset()))

    def decorate_paginated_queryset(self, object_list):
        return [
            {**row, "percent_useful": percent_useful(row["useful_count"], row["total"])}
            for row in object_list
        ]


class PageFeedbackCommentsView(FeedbackReportView):
    page_title = _("Page feedback answers")
    results_template_name = "cms/feedback_answers_results.html"
    index_url_name = "cms_page_feedback_answers"
    index_results_url_name = "cms_page_feedback_answers_results"
    filterset_class = FeedbackCommentFilterSet
    export_filename = "page-feedback-answers"
    list_export = ["created_at", "page.title", "page_id", "useful", "comment"]
    export_headings = {
        "created_at": _("Received"),
        "page.title": _("Page"),
        "page_id": _("Page ID"),
        "useful": _("Useful"),
        "comment": _("Comment"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "page.title": {self.FORMAT_CSV: spreadsheet_safe},
            "comment": {self.FORMAT_CSV: spreadsheet_safe},
            "useful": {self.FORMAT_CSV: yes_no, self.FORMAT_XLSX: yes_no},
        }
