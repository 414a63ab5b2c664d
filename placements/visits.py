"""Tutor visits and three-way meetings on the placement page and its timeline
(registered at start-up, PlacementsConfig.ready, through the same registries
later apps fill: placements.sections and placements.timeline)."""

from __future__ import annotations

from portal.dates import long_date

from .access import is_finished
from .models import Placement, TutorVisit
from .sections import placement_page_section
from .timeline import TimelineEvent, timeline_source


@placement_page_section("placements/visit/section.html", order=10)
def visits_section(placement: Placement, user) -> dict:
    """Every visit and meeting, newest first (one query), for everyone who sees the
    placement; recording and changing them for its tutor and co-ordinators."""
    return {
        "visits": list(
            TutorVisit.objects.filter(placement_id=placement.pk).select_related("recorded_by")
        ),
        "can_record": not is_finished(placement)
        and placement.status != Placement.Status.DRAFT
        and user.has_perm("placements.record_tutor_visit", placement),
    }


@timeline_source
def visit_events(placement: Placement) -> list[TimelineEvent]:
    """Each visit or meeting recorded: its kind, date and who attended, never its
    notes (university roles read the timeline; one query)."""
    return [
        TimelineEvent(
            when=visit.created_at,
            kind="visit",
            title=f"{visit.get_kind_display()} on {long_date(visit.held_on)} recorded",
            who=visit.recorded_by,
            detail="Attended: " + ", ".join(label.lower() for label in visit.attended_labels)
            if visit.attended
            else "",
        )
        for visit in TutorVisit.objects.filter(placement_id=placement.pk)
        .select_related("recorded_by")
        .defer("notes", "agreed_actions")
        .order_by("created_at", "pk")
    ]
