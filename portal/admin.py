from django.contrib import admin

from .models import BankHoliday, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed_at"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "read_at", "emailed_at"]


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "region"]
    list_filter = ["region"]
    date_hierarchy = "date"
