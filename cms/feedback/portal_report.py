"""The editors' report of the portal's feedback (the Beta banner's "Was this page
useful?" answers, cms.PortalFeedback): every answer, newest first, filtered by the
date it arrived, the part of the portal, the answer and whether it has a comment,
and exported exactly as filtered. The same people as the page feedback report
may see it: those who edit pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from cms.models import PortalFeedback
from portal.downloads import spreadsheet_safe

from .report import FeedbackFilterForm, FeedbackReportView, yes_no
from .selectors import in_area, portal_feedback_areas, portal_feedback_received


def area_choices() -> list[tuple[str, str]]:
    return [(area, area) for area in portal_feedback_areas()]


class PortalFeedbackFilterSet(WagtailFilterSet):
    received = django_filters.DateFromToRangeFilter(
        field_name="created_at", label=_("Received"), widget=DateRangePickerWidget
    )
    area = django_filters.ChoiceFilter(
        label=_("Part of the portal"), choices=area_choices, method="filter_area"
    )
    useful = django_filters.BooleanFilter(label=_("Useful"), widget=BooleanRadioSelect)
    with_comment = django_filters.BooleanFilter(
        label=_("Has a comment"), method="filter_with_comment", widget=BooleanRadioSelect
    )

    def filter_area(self, queryset, name, value):
        return in_area(queryset, value) if value else queryset

    def filter_with_comment(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(comment="") if value else queryset.filter(comment="")

    class Meta:
        model = PortalFeedback
        fields = []
        form = FeedbackFilterForm


class PortalFeedbackView(FeedbackReportView):
    page_title = _("Portal feedback")
    header_icon = "comment"
    results_template_name = "cms/portal_feedback_results.html"
    index_url_name = "cms_portal_feedback"
    index_results_url_name = "cms_portal_feedback_results"
    filterset_class = PortalFeedbackFilterSet
    export_filename = "portal-feedback"
    list_export = ["created_at", "path", "useful", "comment"]
    export_headings = {
        "created_at": _("Received"),
        "path": _("Page"),
        "useful": _("Useful"),
        "comment": _("Comment"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "path": {self.FORMAT_CSV: spreadsheet_safe},
            "comment": {self.FORMAT_CSV: spreadsheet_safe},
            "useful": {self.FORMAT_CSV: yes_no, self.FORMAT_XLSX: yes_no},
        }

    def get_queryset(self):
        return portal_feedback_received()
