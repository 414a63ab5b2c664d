from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from portal.forms import DateField, PortalForm
from portal.permissions import ObjectPermissionMixin, PermissionMixin

from . import selectors
from .records import child_record_of
from .services import record_access

# Apps whose records have a history page.
PORTAL_APP_LABELS = {
    "accounts",
    "portal",
    "placements",
    "casework",
    "supervision",
    "lifestory",
    "programmes",
}


class AccessLogFilterForm(PortalForm):
    user = forms.CharField(label="User's email contains", required=False, max_length=254)
    record_type = forms.ModelChoiceField(
        label="Record type",
        required=False,
        queryset=ContentType.objects.none(),
        empty_label="Any record type",
    )
    date_from = DateField(label="From", required=False, help_text="")
    date_to = DateField(label="To", required=False, help_text="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].queryset = ContentType.objects.filter(
            app_label__in=PORTAL_APP_LABELS
        ).order_by("app_label", "model")
        self.fields["record_type"].label_from_instance = lambda ct: (
            f"{ct.model_class()._meta.verbose_name.capitalize()} ({ct.app_label})"
            if ct.model_class()
            else ct.model
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return cleaned


class AccessLogView(PermissionMixin, TemplateView):
    """Admins read who opened which sensitive record, filtered by user, type and date."""

    template_name = "audit/access_log.html"
    permission_required = "audit.view_accessevent"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AccessLogFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        events = selectors.access_events(
            user_email=filters.get("user", ""),
            content_type=filters.get("record_type"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=Paginator(events, 50).get_page(self.request.GET.get("page")),
            query=query.urlencode(),
        )
        return context


HISTORY_PURPOSE = "Viewed the change history"


class HistoryView(ObjectPermissionMixin, TemplateView):
    """Field-level changes to one record, for anyone allowed to see the record.

    A child's record (records.ChildRecord) is read like its own page: each view
    is logged, and the fields its page keeps from this reader are left out, with
    who made each change (the limited pages name no staff).
    """

    template_name = "audit/history.html"

    def get(self, request, *args, **kwargs):
        if kwargs["app_label"] not in PORTAL_APP_LABELS:
            raise Http404("Not found")
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except LookupError as missing:
            raise Http404("Not found") from missing
        if not hasattr(model, "history"):
            raise Http404("Not found")
        obj = model._default_manager.filter(pk=kwargs["pk"]).first()
        if obj is None:
            raise Http404("Not found")
        self.record = self.check_object(obj)
        self.hidden = frozenset()
        declared = child_record_of(model)
        if declared is not None:
            record_access(request.user, self.record, HISTORY_PURPOSE, path=request.path)
            self.hidden = declared.hidden_from(request.user, self.record)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.record,
            record_type=self.record._meta.verbose_name,
            entries=selectors.history_entries(self.record, hidden=self.hidden),
            show_who=not self.hidden,
        )
        return context
