"""The placement list's filters (the list page and its CSV and XLSX exports).

University oversight (issue 4, requirement 9) filters by course, cohort,
status and RAG status, on top of the list's student name and level. The
course and cohort choices are those of the placements the user can see, so a
tutor is never offered another university's courses.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from portal.waiting import placement_filters, placements_waiting

from ..models import Course, Placement
from ..oversight import RAG_CHOICES
from .lifecycle import PlacementFilterForm


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Course) -> str:
        return f"{obj.title} ({obj.university.name})"


class OversightFilterForm(PlacementFilterForm):
    course = CourseChoiceField(
        label="Course", required=False, queryset=Course.objects.none(), empty_label="Any course"
    )
    cohort = forms.ChoiceField(label="Cohort", required=False, choices=[("", "Any cohort")])
    rag = forms.ChoiceField(
        label="Progress status (RAG)",
        required=False,
        choices=[("", "Any progress status"), *RAG_CHOICES],
        help_text="Only placements under way have one.",
    )
    # "Waiting for you" (portal.waiting): the dashboard's counts link here, narrowed
    # to the placements with that work waiting for the user.
    waiting = forms.ChoiceField(label="Waiting for you", required=False, choices=[])

    def __init__(self, *args, placements: QuerySet[Placement], user=None, **kwargs):
        super().__init__(*args, **kwargs)
        in_scope = placements.order_by().values("course_id")
        self.fields["course"].queryset = (
            Course.objects.filter(pk__in=in_scope)
            .select_related("university")
            .order_by("title", "university__name")
        )
        cohorts = (
            placements.exclude(student__student_profile__isnull=True)
            .order_by("-student__student_profile__cohort")
            .values_list("student__student_profile__cohort", flat=True)
            .distinct()
        )
        self.fields["cohort"].choices = [("", "Any cohort"), *((c, c) for c in cohorts)]
        waiting = placement_filters(user)
        if waiting:
            self.fields["waiting"].choices = [("", "Anything or nothing"), *waiting]
        else:
            del self.fields["waiting"]

    def filter(self, placements: QuerySet[Placement]) -> QuerySet[Placement]:
        """`placements` narrowed by every filter given except the RAG status
        (worked out in bulk by the caller: placements.oversight) and what waits
        for the user (the caller's: `waiting_for`)."""
        data = self.cleaned_data
        if data.get("status"):
            placements = placements.filter(status=data["status"])
        if data.get("level"):
            placements = placements.filter(level=data["level"])
        if data.get("q"):
            placements = placements.filter(student__name__icontains=data["q"].strip())
        if data.get("course"):
            placements = placements.filter(course=data["course"])
        if data.get("cohort"):
            placements = placements.filter(student__student_profile__cohort=data["cohort"])
        return placements

    def waiting_for(self, user, placements: QuerySet[Placement]) -> QuerySet[Placement]:
        """`placements` narrowed to those with the chosen work waiting for `user`
        (none when the user holds no role that has such work)."""
        key = self.cleaned_data.get("waiting") if "waiting" in self.fields else None
        if not key:
            return placements
        waiting = placements_waiting(user, key)
        if waiting is None:
            return placements.none()
        return placements.filter(pk__in=waiting.values("pk"))
