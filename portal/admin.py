from django.contrib import admin

from .models import BankHoliday, EmailOutbox, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed_at"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "read_at", "emailed_at"]


@admin.register(EmailOutbox)
class EmailOutboxAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "region"]
    list_filter = ["region"]
    date_hierarchy = "date"
