"""Themes are reference data admins edit here; children, carers and allocations
are written through the portal's services and only listed here.

The lists show initials and references, never names. Opening a child here
is a read of the child's record, so it is logged like the portal page.
"""

from django.contrib import admin

from portal.audit.services import record_access

from .models import Allocation, Carer, Child, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Child)
class ChildAdmin(ReadOnlyAdmin):
    list_display = ["reference", "initials", "school", "year_group", "created_at"]
    list_filter = ["school", "year_group"]
    search_fields = ["reference"]
    list_select_related = ["school"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Hooked here rather than on change_view so the admin's own (guarded) view
        # stays in place; this runs only when the record is shown.
        if obj is not None:
            record_access(
                request.user, obj, "Viewed the child's record (Django admin)", path=request.path
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Carer)
class CarerAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "relationship", "has_parental_responsibility", "is_main_contact"]
    list_filter = ["relationship"]
    search_fields = ["child__reference"]
    list_select_related = ["child"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["child", "student", "practice_educator", "starts_on", "ends_on"]
    search_fields = ["child__reference", "student__name"]
    list_select_related = ["child", "student", "practice_educator"]
