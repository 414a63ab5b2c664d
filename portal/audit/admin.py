from django.contrib import admin

from portal.admin import ReadOnlyAdmin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """Read-only: the access log is never edited or deleted."""

    list_display = ["at", "user", "content_type", "object_repr", "purpose"]
    list_filter = ["content_type", "at"]
    search_fields = ["user__email", "object_repr", "purpose"]
    list_select_related = ["user", "content_type"]
