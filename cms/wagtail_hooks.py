"""Wagtail admin additions for the public site: the page and portal feedback reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.feedback.portal_report import PortalFeedbackView
from cms.feedback.report import PageFeedbackCommentsView, PageFeedbackSummaryView


@hooks.register("register_admin_urls")
def register_feedback_report_urls():
    return [
        path("reports/page-feedback/", PageFeedbackSummaryView.as_view(), name="cms_page_feedback"),
        path(
            "reports/page-feedback/results/",
            PageFeedbackSummaryView.as_view(results_only=True),
            name="cms_page_feedback_results",
        ),
        path(
            "reports/page-feedback/answers/",
            PageFeedbackCommentsView.as_view(),
            name="cms_page_feedback_answers",
        ),
        path(
            "reports/page-feedback/answers/results/",
            PageFeedbackCommentsView.as_view(results_only=True),
            name="cms_page_feedback_answers_results",
        ),
        path("reports/portal-feedback/", PortalFeedbackView.as_view(), name="cms_portal_feedback"),
        path(
            "reports/portal-feedback/results/",
            PortalFeedbackView.as_view(results_only=True),
            name="cms_portal_feedback_results",
        ),
    ]


class PageEditorsMenuItem(MenuItem):
    """Shown to the people the report views admit: those who edit pages."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return PageEditorsMenuItem(
        _("Page feedback"),
        reverse("cms_page_feedback"),
        name="page-feedback",
        icon_name="help",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_answers_menu_item():
    return PageEditorsMenuItem(
        _("Page feedback answers"),
        reverse("cms_page_feedback_answers"),
        name="page-feedback-answers",
        icon_name="comment",
        order=1001,
    )


@hooks.register("register_reports_menu_item")
def register_portal_feedback_menu_item():
    return PageEditorsMenuItem(
        _("Portal feedback"),
        reverse("cms_portal_feedback"),
        name="portal-feedback",
        icon_name="comment",
        order=1002,
    )
