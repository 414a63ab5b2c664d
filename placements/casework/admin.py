"""Themes are reference data admins edit here; children, carers and allocations
are written through the portal's services and only listed here.

The lists show initials and references, never names. Opening a record here
is a read of the child's record, so it is logged like the portal page
(ChildRecordAdminMixin).
"""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin, ReadOnlyInline
from portal.audit.records import ChildRecordAdminMixin

from .models import Allocation, Carer, Child, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ChildRecordAdmin(ChildRecordAdminMixin, ReadOnlyAdmin):
    """A part of a child's record: shown read-only, each opening logged."""


@admin.register(Child)
class ChildAdmin(ChildRecordAdmin):
    list_display = ["reference", "initials", "school", "year_group", "created_at"]
    list_filter = ["school", "year_group"]
    search_fields = ["reference"]
    list_select_related = ["school"]
    read_purpose = "Viewed the child's record (Django admin)"


@admin.register(Carer)
class CarerAdmin(ChildRecordAdmin):
    list_display = ["__str__", "relationship", "has_parental_responsibility", "is_main_contact"]
    list_filter = ["relationship"]
    search_fields = ["child__reference"]
    list_select_related = ["child"]


@admin.register(Allocation)
class AllocationAdmin(ChildRecordAdmin):
    list_display = ["child", "student", "practice_educator", "starts_on", "ends_on"]
    search_fields = ["child__reference", "student__name"]
    list_select_related = ["child", "student", "practice_educator"]


# --- safeguarding ----------------------------------------------------------------------
# Concerns and their addenda are never changed or deleted (the model refuses);
# the admin only lists and shows them, and each view of one is logged.


from .models import SafeguardingAddendum, SafeguardingConcern, SchoolProfile  # noqa: E402


def _portal_admin(request) -> bool:
    return request.user.is_active and request.user.is_portal_admin


@admin.register(SchoolProfile)
class SchoolProfileAdmin(admin.ModelAdmin):
    """Admins set a school's designated safeguarding lead here as well as in the portal."""

    def has_view_permission(self, request, obj=None):
        return _portal_admin(request)

    def has_add_permission(self, request):
        return _portal_admin(request)

    def has_change_permission(self, request, obj=None):
        return _portal_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False

    list_display = ["school", "safeguarding_lead", "safeguarding_lead_email"]
    search_fields = ["school__name", "safeguarding_lead_email"]
    list_select_related = ["school", "safeguarding_lead"]
    raw_id_fields = ["safeguarding_lead"]


class SafeguardingAddendumInline(ReadOnlyInline):
    model = SafeguardingAddendum
    fields = ["added_at", "added_by", "text"]
    readonly_fields = fields


@admin.register(SafeguardingConcern)
class SafeguardingConcernAdmin(ChildRecordAdmin):
    list_display = ["child", "raised_at", "raised_by", "outcome_recorded_at"]
    list_filter = [("outcome_recorded_at", admin.EmptyFieldListFilter)]
    search_fields = ["child__reference"]
    list_select_related = ["child", "raised_by"]
    inlines = [SafeguardingAddendumInline]
    actions = None
    read_purpose = "Viewed a safeguarding concern (Django admin)"

    def has_view_permission(self, request, obj=None):
        return _portal_admin(request)


@admin.register(SafeguardingAddendum)
class SafeguardingAddendumAdmin(ChildRecordAdmin):
    list_display = ["concern", "added_at", "added_by"]
    search_fields = ["concern__child__reference"]
    list_select_related = ["concern__child", "added_by"]
    actions = None

    def has_view_permission(self, request, obj=None):
        return _portal_admin(request)


from .models import SchoolService, SchoolTerm, TermHoliday  # noqa: E402


class _AdminsOnly:
    """Schools' services and term dates: admins edit them here (school contacts and
    co-ordinators manage term dates in the portal, views.terms)."""

    def has_view_permission(self, request, obj=None):
        return _portal_admin(request)

    def has_add_permission(self, request, obj=None):
        return _portal_admin(request)

    def has_change_permission(self, request, obj=None):
        return _portal_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _portal_admin(request)


@admin.register(SchoolService)
class SchoolServiceAdmin(_AdminsOnly, admin.ModelAdmin):
    list_display = ["school", "service", "kind"]
    list_filter = ["kind"]
    search_fields = ["school__name", "service__name"]
    list_select_related = ["school", "service"]


class TermHolidayInline(_AdminsOnly, admin.TabularInline):
    model = TermHoliday
    extra = 0
    fields = ["name", "starts_on", "ends_on"]


@admin.register(SchoolTerm)
class SchoolTermAdmin(_AdminsOnly, admin.ModelAdmin):
    list_display = ["school", "name", "starts_on", "ends_on"]
    list_filter = ["school"]
    search_fields = ["school__name", "name"]
    list_select_related = ["school"]
    inlines = [TermHolidayInline]
