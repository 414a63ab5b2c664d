"""Supervision records and direct observations in the Django admin: read only.

They are written through the portal's pages and API, whose services apply
the transition tables, clear signatures on edits and lock on the last
signature. An admin edit would skip all of that (text could change under a
signature already given), so the admin shows the records and changes none:
no adding, no changing, no deleting, locked or not. Underneath, a locked
record refuses any save or delete in the model itself (portal.locking), so
even a change that got past these permissions would be refused.
"""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Observation,
    ObservationFeedback,
    ServiceUserFeedback,
    SupervisionAction,
    SupervisionSession,
)


class SupervisionRecordAdmin(ReadOnlyAdmin):
    """Shared by both records: the admin site already admits portal admins only."""

    def has_view_permission(self, request, obj=None):
        # The `rules` view permissions are about one record's placement; the
        # admin lists every record, which is for portal admins (every read of
        # these is by an admin, and they hold no child details).
        return request.user.is_portal_admin

    # No adding, changing or deleting (ReadOnlyAdmin). Locked: evidence for the panel,
    # never changed. Unlocked: changed only through the portal's services (see the
    # module docstring).


class SupervisionActionInline(ReadOnlyInline):
    model = SupervisionAction
    fields = ["description", "owner", "due_on", "done", "carried_from"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(SupervisionRecordAdmin):
    list_display = ["date", "starts_at", "placement", "status", "locked_at", "amends"]
    list_filter = ["status", "arrangement", "mode"]
    search_fields = ["placement__student__name", "placement__practice_educator__name"]
    list_select_related = ["placement__student", "amends"]
    date_hierarchy = "date"
    inlines = [SupervisionActionInline]


class ObservationFeedbackInline(ReadOnlyInline):
    model = ObservationFeedback
    fields = ["capability", "feedback"]


class ServiceUserFeedbackInline(ReadOnlyInline):
    model = ServiceUserFeedback
    fields = ["kind", "given_by", "faces", "comments"]


@admin.register(Observation)
class ObservationAdmin(SupervisionRecordAdmin):
    list_display = ["date", "placement", "observer", "observer_role", "status", "locked_at"]
    list_filter = ["status", "observer_role"]
    search_fields = ["placement__student__name", "observer__name", "setting"]
    list_select_related = ["placement__student", "observer"]
    date_hierarchy = "date"
    inlines = [ObservationFeedbackInline, ServiceUserFeedbackInline]
