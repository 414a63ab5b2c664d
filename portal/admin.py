from django.contrib import admin

from .models import BankHoliday, EmailOutbox, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin's one read-only list: records written through the portal's services
    (with their checks, history, signatures and notifications), or logs that are
    never edited, are only read here. No adding, changing or deleting."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The inline of a read-only record: shown, never added to, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "kind", "delivery", "read_at", "emailed_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "read_at", "emailed_at", "kind", "delivery"]


@admin.register(EmailOutbox)
class EmailOutboxAdmin(ReadOnlyAdmin):
    """Read-only: support staff see emails waiting or failed, and why."""

    list_display = ["created_at", "notification", "status", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    list_select_related = ["notification"]
    fields = [
        "notification",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "region"]
    list_filter = ["region"]
    date_hierarchy = "date"
