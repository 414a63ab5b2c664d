"""Reference data is edited by admins here; placements are run from the portal pages."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.admin import ReadOnlyAdmin, ReadOnlyInline
from portal.forms import DateField, PortalForm

from .models import (
    Capability,
    Concern,
    Course,
    EducatorProfile,
    FinalAssessment,
    FinalReport,
    Framework,
    FrameworkVersion,
    PlacementOffer,
    StudentProfile,
)
from .services.reference import framework_version_publish


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "university",
        "level",
        "first_placement_days",
        "final_placement_days",
        "weekly_supervision_minutes",
        "observations_total",
        "usual_day_hours",
    ]
    list_filter = ["level", "university"]
    search_fields = ["title", "university__name"]
    list_select_related = ["university"]


class CapabilityInline(admin.StackedInline):
    model = Capability
    extra = 0
    fields = [
        "number",
        "title",
        "summary",
        "first_placement_descriptor",
        "final_placement_descriptor",
    ]


class PublishVersionForm(PortalForm):
    label = forms.CharField(max_length=50, help_text="For example “2026 refresh”.")
    published_on = DateField(initial=timezone.localdate)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "label", "published_on", "is_current"]
    list_filter = ["framework", "is_current"]
    inlines = [CapabilityInline]
    actions = ["publish_new_version"]
    readonly_fields = ["is_current"]

    @admin.action(description="Publish a new version copied from the selected one")
    def publish_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to copy.", messages.ERROR)
            return None
        source = queryset.get()
        form = PublishVersionForm(request.POST if "publish" in request.POST else None)
        if form.is_valid():
            try:
                new_version = framework_version_publish(source=source, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{new_version} is now current. Evidence already written keeps its "
                    f"links to {source.label}.",
                )
                return redirect("admin:placements_frameworkversion_change", new_version.pk)
        return render(
            request,
            "admin/placements/publish_version.html",
            {**self.admin_site.each_context(request), "form": form, "source": source},
        )


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "student_number", "university", "course", "cohort", "dbs_checked_on"]
    list_filter = ["university", "cohort"]
    search_fields = ["user__name", "user__email", "student_number"]
    list_select_related = ["user", "university", "course"]


@admin.register(EducatorProfile)
class EducatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "swe_registration", "peps_stage", "location", "max_students"]
    list_filter = ["peps_stage", "location"]
    search_fields = ["user__name", "user__email", "swe_registration"]
    list_select_related = ["user"]


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ["placement", "stage", "status", "raised_by", "raised_at", "resolved_at"]
    list_filter = ["status", "stage"]
    search_fields = ["placement__student__name", "placement__host__name", "summary"]
    list_select_related = ["placement__student", "placement__host", "raised_by"]


@admin.register(PlacementOffer)
class PlacementOfferAdmin(ReadOnlyAdmin):
    list_display = [
        "host",
        "team",
        "setting_kind",
        "service_user_group",
        "statutory_tasks",
        "starts_on",
        "ends_on",
        "places",
        "created_by",
    ]
    list_filter = ["host", "setting_kind", "statutory_tasks"]
    search_fields = ["host__name", "team"]
    list_select_related = ["host", "created_by"]


class FinalAssessmentInline(ReadOnlyInline):
    model = FinalAssessment
    fields = ["capability", "rating", "assessment"]


@admin.register(FinalReport)
class FinalReportAdmin(ReadOnlyAdmin):
    """Read here only: written, signed and amended through the portal's pages, and locked
    once countersigned (portal.locking refuses the admin's own save paths too)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_portal_admin

    list_display = ["placement", "recommendation", "created_at", "locked_at", "amends"]
    list_filter = ["recommendation"]
    search_fields = ["placement__student__name", "placement__host__name"]
    list_select_related = ["placement__student", "placement__host", "amends"]
    inlines = [FinalAssessmentInline]
