"""A placement's timeline: everything that happened to it, newest first.

Issue 4, requirement 9 ("a placement page with a timeline of everything that
happened"). The timeline merges, from the records' own history:
- status changes (with the reason when the placement ended early), and a
  co-ordinator letting it go ahead despite the contrasting-settings rule;
- the practice learning agreement written and changed, each signature, and
  signatures cleared by an edit;
- days confirmed, one entry per week of placement (not one per day);
- causes for concern raised, escalated, resolved, or leading to suspension or
  the end of the placement;
- the midpoint review, the final report (written, signed, the student's
  comment, the tutor's countersignature) and each practice assessment panel;
- capability evidence added and commented on;
- what later apps add through `timeline_source`, after placements' own entries
  (placements never imports them, docs/architecture.md): supervision and direct
  observations signed and locked, moved, cancelled or amended
  (supervision/timeline.py, registered at start-up).

It says only that something happened, when and by whom, with placement-level
facts (dates, outcomes, counts, evidence titles). It never copies free text
that could describe a child or family (evidence reflections, comments, concern
summaries, review notes): university roles read the timeline, and they never
see child details. Each source is one query, so the page costs the same
whatever the placement's length.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from portal.dates import long_date
from portal.models import Signature

from .models import (
    Concern,
    EvidenceItem,
    FinalReport,
    LearningAgreement,
    Placement,
    PlacementDay,
)
from .selectors.review import review_records


@dataclass
class TimelineEvent:
    when: datetime
    kind: str  # status, setting, agreement, days, concern, review, evidence
    title: str
    who: object = None  # the user who acted; None for the system
    detail: str = ""
    # Status changes only: the labels before (None when the placement was set up) and after.
    before: str | None = None
    after: str | None = None
    order: int = field(default=0, repr=False)  # keeps same-moment events in the order they happened


# The acting user's fields the timeline shows (str(user): the name, else the email).
_BY = ("history_user__name", "history_user__email")
_SIGNATURE_FIELDS = ("content_type_id", "object_id", "capacity", "history_date", "history_type")
_EVIDENCE_FIELDS = ("kind", "title", "date", "created_at", "commented_at")


def status_events(placement: Placement) -> list[TimelineEvent]:
    """The status changes in the placement's history, and a co-ordinator's override of
    the contrasting-settings rule, oldest first (one query)."""
    labels = dict(Placement.Status.choices)
    events: list[TimelineEvent] = []
    previous = None
    overridden = False
    for record in (
        placement.history.select_related("history_user")
        .only("status", "ended_reason", "contrast_override_reason", "history_date", *_BY)
        .order_by("history_date", "pk")
    ):
        if previous is None or record.status != previous:
            before = labels.get(previous, previous) if previous else None
            after = labels.get(record.status, record.status)
            ended = record.status == Placement.Status.ENDED_EARLY and record.ended_reason
            events.append(
                TimelineEvent(
                    when=record.history_date,
                    kind="status",
                    title=f"{before} → {after}" if before else f"Set up as {after.lower()}",
                    who=record.history_user,
                    detail=f"Reason: {record.ended_reason}" if ended else "",
                    before=before,
                    after=after,
                )
            )
        previous = record.status
        if record.contrast_override_reason and not overridden:
            # The reason itself is on the placement's page, in its details.
            events.append(
                TimelineEvent(
                    when=record.history_date,
                    kind="setting",
                    title="Allowed to go ahead despite the contrasting-settings rule",
                    who=record.history_user,
                )
            )
        overridden = bool(record.contrast_override_reason)
    return events


def _agreement_events(placement: Placement) -> list[TimelineEvent]:
    events = []
    for record in (
        LearningAgreement.history.filter(placement_id=placement.pk)
        .select_related("history_user")
        .only("history_date", "history_type", "history_id", *_BY)
        .order_by("history_date", "history_id")
    ):
        if record.history_type == "-":
            continue
        title = (
            "Practice learning agreement written"
            if record.history_type == "+"
            else "Practice learning agreement changed"
        )
        events.append(
            TimelineEvent(
                when=record.history_date, kind="agreement", title=title, who=record.history_user
            )
        )
    return events


_SIGNED_RECORDS = {
    "learningagreement": (LearningAgreement, "the practice learning agreement"),
    "finalreport": (FinalReport, "the final report"),
}
_CAPACITIES = {
    "learningagreement": dict(LearningAgreement.Capacity.choices),
    "finalreport": dict(FinalReport.Capacity.choices),
}


def _signature_events(placement: Placement) -> list[TimelineEvent]:
    """Signatures on the agreement and the final report, and clearings (one query)."""
    # By the content type's id (cached per process), not a join on its name.
    models_by_type = {
        ContentType.objects.get_for_model(model).pk: model_name
        for model_name, (model, _) in _SIGNED_RECORDS.items()
    }
    signed_records = Q(pk__in=[])
    for type_id, model_name in models_by_type.items():
        model = _SIGNED_RECORDS[model_name][0]
        signed = model.objects.filter(placement_id=placement.pk).values("pk")
        signed_records |= Q(content_type_id=type_id, object_id__in=signed)
    events = []
    cleared: dict[tuple, list] = defaultdict(list)
    for record in (
        Signature.history.filter(signed_records)
        .select_related("signer", "history_user")
        .only(*_SIGNATURE_FIELDS, "signer__name", "signer__email", *_BY)
        .order_by("history_date", "history_id")
    ):
        model_name = models_by_type[record.content_type_id]
        what = _SIGNED_RECORDS[model_name][1]
        if record.history_type == "+":
            capacity = _CAPACITIES[model_name].get(record.capacity, record.capacity)
            events.append(
                TimelineEvent(
                    when=record.history_date,
                    kind="review" if model_name == "finalreport" else "agreement",
                    title=f"Signed {what} as {capacity[0].lower()}{capacity[1:]}",
                    who=record.signer,
                )
            )
        elif record.history_type == "-":
            # An edit clears every signature at once: one entry per edit.
            moment = record.history_date.replace(microsecond=0)
            cleared[(model_name, record.object_id, moment)].append(record)
    for (model_name, _, _), records in cleared.items():
        what = _SIGNED_RECORDS[model_name][1]
        count = len(records)
        events.append(
            TimelineEvent(
                when=records[0].history_date,
                kind="agreement" if model_name == "learningagreement" else "review",
                title=f"{count} signature{'' if count == 1 else 's'} cleared",
                who=records[0].history_user,
                detail=f"{what[0].upper()}{what[1:]} changed after it was signed, "
                "so everyone signs it again.",
            )
        )
    return events


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def _day_events(placement: Placement) -> list[TimelineEvent]:
    """Confirmed days, one entry per week of placement (one query)."""
    weeks: dict[date, list[PlacementDay]] = defaultdict(list)
    for day in (
        PlacementDay.objects.filter(placement_id=placement.pk, confirmed_at__isnull=False)
        .select_related("confirmed_by")
        .only("date", "kind", "confirmed_at", "confirmed_by__name", "confirmed_by__email")
        .order_by("date")
    ):
        weeks[week_of(day.date)].append(day)
    labels = dict(PlacementDay.Kind.choices)
    events = []
    for monday, days in weeks.items():
        latest = max(days, key=lambda d: d.confirmed_at)
        kinds = Counter(labels[d.kind].lower() for d in days)
        count = len(days)
        events.append(
            TimelineEvent(
                when=latest.confirmed_at,
                kind="days",
                title=f"{count} day{'' if count == 1 else 's'} confirmed "
                f"for the week of {long_date(monday)}",
                who=latest.confirmed_by,
                detail=", ".join(f"{n} × {kind}" for kind, n in sorted(kinds.items())),
            )
        )
    return events


def _concern_events(placement: Placement) -> list[TimelineEvent]:
    """Each concern raised, escalated and closed, from its history (one query)."""
    records = (
        Concern.history.filter(placement_id=placement.pk)
        .select_related("history_user")
        .only("id", "stage", "status", "raised_at", "history_date", "history_type", *_BY)
        .order_by("id", "history_date", "history_id")
    )
    closing = {
        Concern.Status.RESOLVED: "Cause for concern resolved",
        Concern.Status.PLACEMENT_SUSPENDED: "Placement suspended because of a cause for concern",
        Concern.Status.PLACEMENT_ENDED: "Placement ended because of a cause for concern",
    }
    events = []
    previous = None
    for record in records:
        if previous is None or previous.id != record.id:
            previous = None
        raised = f"Raised on {long_date(record.raised_at.date())}" if record.raised_at else ""
        if previous is None:
            if record.history_type == "+":
                events.append(
                    TimelineEvent(
                        when=record.history_date,
                        kind="concern",
                        title=f"Cause for concern raised (stage {record.stage})",
                        who=record.history_user,
                    )
                )
        elif record.history_type == "~":
            if record.stage > previous.stage:
                events.append(
                    TimelineEvent(
                        when=record.history_date,
                        kind="concern",
                        title=f"Cause for concern escalated to stage {record.stage}",
                        who=record.history_user,
                        detail=raised,
                    )
                )
            if record.status != previous.status and record.status in closing:
                events.append(
                    TimelineEvent(
                        when=record.history_date,
                        kind="concern",
                        title=closing[record.status],
                        who=record.history_user,
                        detail=raised,
                    )
                )
        previous = record
    return events


def _review_events(placement: Placement) -> list[TimelineEvent]:
    """The midpoint review, the final report and the panel (the three queries of
    review_records, which the page's reviews share)."""
    records = review_records(placement)
    events = []
    for review in records.midpoint_reviews:
        events.append(
            TimelineEvent(
                when=review.created_at,
                kind="review",
                title=f"Midpoint review held on {long_date(review.held_on)}: "
                f"{review.get_outcome_display().lower()}",
                who=review.recorded_by,
            )
        )
    for report in records.final_reports:
        events.append(
            TimelineEvent(
                when=report.created_at,
                kind="review",
                title="Final report written, recommending "
                f"{report.get_recommendation_display().lower()}",
                who=report.written_by,
            )
        )
        if report.student_commented_at:
            events.append(
                TimelineEvent(
                    when=report.student_commented_at,
                    kind="review",
                    title="The student commented on the final report",
                    who=placement.student,
                )
            )
    for decision in records.panel_decisions:
        events.append(
            TimelineEvent(
                when=decision.recorded_at,
                kind="review",
                title=f"Practice assessment panel on {long_date(decision.sat_on)}: "
                f"{decision.get_outcome_display().lower()}",
                who=decision.recorded_by,
            )
        )
    return events


def _evidence_events(placement: Placement) -> list[TimelineEvent]:
    """Evidence added and commented on: title and type only (one query).

    The reflection and the practice educator's comment are not even loaded.
    """
    events = []
    for item in (
        EvidenceItem.objects.filter(placement_id=placement.pk)
        .select_related("commented_by")
        .only(*_EVIDENCE_FIELDS, "commented_by__name", "commented_by__email")
        .order_by("created_at", "pk")
    ):
        kind = item.get_kind_display().lower()
        events.append(
            TimelineEvent(
                when=item.created_at,
                kind="evidence",
                title=f"Evidence added: {item.title}",
                who=placement.student,
                detail=f"{kind[0].upper()}{kind[1:]}, work on {long_date(item.date)}",
            )
        )
        if item.commented_at:
            events.append(
                TimelineEvent(
                    when=item.commented_at,
                    kind="evidence",
                    title=f"Practice educator commented on evidence: {item.title}",
                    who=item.commented_by,
                )
            )
    return events


# function(placement) -> [TimelineEvent, ...]: a later app's entries, in a fixed
# number of queries.
TimelineSource = Callable[[Placement], list[TimelineEvent]]
_registered_sources: list[TimelineSource] = []


def timeline_source(source: TimelineSource) -> TimelineSource:
    """Register a function(placement) -> list of TimelineEvent that adds a later app's
    entries to the timeline. Like the rest, an entry says what happened, when and by
    whom, never free text: university roles read the timeline."""
    if source not in _registered_sources:
        _registered_sources.append(source)
    return source


def placement_timeline(placement: Placement) -> list[TimelineEvent]:
    """Everything that happened to `placement`, newest first (a fixed number of queries)."""
    sources = (
        status_events,
        _agreement_events,
        _signature_events,
        _day_events,
        _concern_events,
        _review_events,
        _evidence_events,
        *_registered_sources,
    )
    events = [event for source in sources for event in source(placement)]
    for order, event in enumerate(events):
        event.order = order
    return sorted(events, key=lambda event: (event.when, event.order), reverse=True)
