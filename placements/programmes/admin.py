"""Programmes are data: admins edit each one here, with its weekly group slots and
strands. Every change keeps its history (simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyAdmin, ReadOnlyInline
from portal.audit.records import ChildRecordAdminMixin

from .models import GroupSlot, Programme, Referral, ReferredChild, Strand


class GroupSlotInline(admin.TabularInline):
    model = GroupSlot
    extra = 0


class StrandInline(admin.TabularInline):
    model = Strand
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "provider", "is_accepting_referrals"]
    list_filter = ["kind", "is_accepting_referrals"]
    search_fields = ["name", "slug"]
    list_select_related = ["provider"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupSlotInline, StrandInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "provider", "summary", "language"]}),
        (
            "Delivery",
            {
                "fields": [
                    "length_weeks",
                    "length_days",
                    "entry",
                    "has_keywork",
                    "has_groups",
                    "address",
                ]
            },
        ),
        (
            "Referrals",
            {
                "fields": [
                    "is_accepting_referrals",
                    "who_may_refer",
                    "threshold_question",
                    "contact_working_days",
                ]
            },
        ),
        ("Completion", {"fields": ["completion_percent"]}),
        ("Creche", {"fields": ["has_creche", "creche_min_age", "creche_max_age", "creche_places"]}),
    ]


class ReferredChildInline(ReadOnlyInline):
    model = ReferredChild
    fields = ["name", "date_of_birth", "social_care_status", "lives_with_parent"]


@admin.register(Referral)
class ReferralAdmin(ChildRecordAdminMixin, ReadOnlyAdmin):
    """Referrals arrive through the public form (services.referrals): read-only here."""

    list_display = ["reference", "programme", "status", "received_at", "contact_due_on"]
    list_filter = ["programme", "status"]
    search_fields = ["reference"]
    list_select_related = ["programme"]
    inlines = [ReferredChildInline]
