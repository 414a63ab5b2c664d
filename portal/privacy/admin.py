from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.forms import PortalModelForm

from .models import LegalHold, RetentionSchedule
from .register import personal_records


class RetentionScheduleForm(PortalModelForm):
    class Meta:
        model = RetentionSchedule
        fields = ["record_type", "period_months", "counts_from", "action", "statutory", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register = personal_records()
        self.fields["record_type"] = forms.ChoiceField(
            choices=[("", "Choose a record type")] + [(label, label) for label in sorted(register)],
            help_text=RetentionSchedule._meta.get_field("record_type").help_text,
        )
        offered = sorted({key for entry in register.values() for key in entry.counts_from})
        self.fields["counts_from"] = forms.ChoiceField(
            choices=[("", "Choose the date it counts from")] + [(key, key) for key in offered],
            help_text="The date the period counts from; each record type offers some of these "
            "(the form says which if you choose another).",
        )


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(SimpleHistoryAdmin):
    form = RetentionScheduleForm
    list_display = [
        "record_type",
        "period_months",
        "counts_from",
        "action",
        "statutory",
        "updated_at",
    ]
    list_filter = ["action", "statutory"]
    search_fields = ["record_type", "source"]


@admin.register(LegalHold)
class LegalHoldAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "reason", "set_by", "set_at", "lifted_at"]
    list_filter = ["content_type"]
    readonly_fields = ["set_by", "set_at", "lifted_by"]
    fields = ["content_type", "object_id", "reason", "set_by", "set_at", "lifted_at", "lifted_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_by = request.user
        if "lifted_at" in form.changed_data:
            obj.lifted_by = request.user if obj.lifted_at else None
        super().save_model(request, obj, form, change)
