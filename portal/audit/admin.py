from django.contrib import admin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access log is never edited or deleted."""

    list_display = ["at", "user", "content_type", "object_repr", "purpose"]
    list_filter = ["content_type", "at"]
    search_fields = ["user__email", "object_repr", "purpose"]
    list_select_related = ["user", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
