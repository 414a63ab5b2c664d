"""University oversight: a red, amber or green (RAG) status for each live placement.

Issue 4, requirement 9. The status is worked out for many placements at once
with a fixed number of queries (one each for the placements' days, the bank
holidays, the overdue agreements, the open concerns and the midpoint reviews,
plus whatever each registered signal source needs), so lists, dashboards,
exports and the API can show it for every row.

Later apps add their own reasons through `rag_signal_source` (placements never
imports them, docs/architecture.md): supervision adds weekly supervision and
direct observations (supervision/oversight.py, registered at start-up).

Each reason links to the page that explains it (issue 22, requirement 6): the
concern, the days, the agreement, the midpoint review, the supervision log. The
link is built from the placement's id (and a concern's, read with its stage),
so it costs no query. Beside the status, `oversight_figures` lets a later app
add its figures to the placement export (supervision: records and observations).

How the status is decided
- Each rule below looks at one thing and may add a reason: red (a tutor
  should act now), amber (keep an eye on it), or "no data" (the portal cannot
  tell yet). A rule that finds nothing wrong adds nothing.
- The status is the worst reason: red over amber. With no red or amber
  reason, a placement with any "no data" reason shows "No data", not green
  (issue 4: missing supervision data "reports 'no data', not green"); only
  when every rule has data and finds nothing wrong is it green.
- Only live placements (proposed to final report submitted) have a status.
  Draft placements are not under way and finished ones (passed, failed,
  ended early) show their final status instead, so neither is in the answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.dates import long_date
from portal.workingdays import WorkingDays

from .ledger import DayTally, compute_ledger, tallies_for
from .models import Concern, MidpointReview, Placement
from .rag_cache import Fingerprint, rated
from .selectors.agreement import agreements_overdue

RED = "red"
AMBER = "amber"
GREEN = "green"
NO_DATA = "no_data"

# For filters and exports, in the order a tutor reads them (worst first).
RAG_CHOICES = [(RED, "Red"), (AMBER, "Amber"), (GREEN, "Green"), (NO_DATA, "No data")]
_LABELS = dict(RAG_CHOICES)
_TAG_CLASSES = {
    RED: "govuk-tag--red",
    AMBER: "govuk-tag--orange",
    GREEN: "govuk-tag--green",
    NO_DATA: "govuk-tag--grey",
}
_SEVERITY = {RED: 0, AMBER: 1, NO_DATA: 2}
NO_DAYS = DayTally()

# --- Thresholds (each is a judgement; the reason is next to it) ---------------------
# Days behind schedule. Amber is the day ledger's own "behind" warning (the
# confirmed days trail the expected pace by more than BEHIND_THRESHOLD_DAYS),
# so the RAG status and the ledger page never disagree. Red from two working
# weeks behind: more than the odd extra day can make up before the end date,
# so the tutor needs to agree an extension or a plan.
RED_DAYS_BEHIND = 10

# The midpoint review is due at the calendar midpoint of the placement. The
# review needs the student, the practice educator and the tutor in one room,
# which rarely falls on the exact day, so it is overdue only once this many
# working days have passed after the midpoint (two working weeks).
MIDPOINT_REVIEW_GRACE_WORKING_DAYS = 10

# Weekly supervision and direct observations: their thresholds are beside their
# rules in supervision/oversight.py.

# The practice learning agreement unsigned AGREEMENT_SIGNING_DAYS after the start
# is amber: the same rule, and the same selector, as the dashboards' warning.

# An open cause for concern: stage 1 (practice educator and student, with an
# action plan) is amber; stage 2 (the tutor has been asked to join) is red.
# A suspended placement is red whatever its concerns: it needs a decision.


# function(live placements, *, today) -> {placement pk: [(severity, reason, url), ...]}:
# what a later app adds to the status, for many placements in a fixed number of queries.
SignalSource = Callable[..., dict[int, list[tuple[str, ...]]]]
_signal_sources: list[SignalSource] = []


def rag_signal_source(source: SignalSource) -> SignalSource:
    """Register a function(placements, *, today) -> {pk: [(severity, reason, url), ...]}
    whose reasons join the RAG status of each live placement, after placements' own
    (in the order the sources were registered); `url` is the page that explains the
    reason (a pair without it links nowhere). A placement missing from its answer
    gets no reason from it. Today's statuses are kept between requests: the app
    calls placements.rag_cache.rag_changed(placement pk) whenever it writes what its
    source reads (supervision/signals.py)."""
    if source not in _signal_sources:
        _signal_sources.append(source)
    return source


@dataclass(frozen=True)
class Rag:
    """A placement's RAG status and the reasons for it, worst first."""

    status: str  # RED, AMBER, GREEN or NO_DATA
    reasons: tuple[str, ...] = ()
    # The page explaining each reason ("" for none), in the order of `reasons`. They
    # follow from the reasons, so they take no part in comparing statuses; and the
    # class default lets a status kept in the cache before links existed still read.
    links: tuple[str, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str:
        return _LABELS[self.status]

    @property
    def tag_class(self) -> str:
        return _TAG_CLASSES[self.status]

    @property
    def summary(self) -> str:
        """The reasons as one line (exports, screen readers)."""
        return "; ".join(self.reasons)

    @property
    def explained(self) -> list[tuple[str, str]]:
        """(reason, the page that explains it or "") pairs, for the pages."""
        links = self.links if len(self.links) == len(self.reasons) else ("",) * len(self.reasons)
        return list(zip(self.reasons, links, strict=True))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def midpoint_of(placement: Placement) -> date:
    """The calendar midpoint between the start and end dates."""
    return placement.starts_on + timedelta(days=(placement.ends_on - placement.starts_on).days // 2)


def rag_from(signals: Iterable[tuple[str, ...]]) -> Rag:
    """The status given (severity, reason) pairs or (severity, reason, url) triples,
    severity RED, AMBER or NO_DATA."""
    ordered = sorted(signals, key=lambda signal: _SEVERITY[signal[0]])  # stable: rule order kept
    severities = {signal[0] for signal in ordered}
    if RED in severities:
        status = RED
    elif AMBER in severities:
        status = AMBER
    elif NO_DATA in severities:
        status = NO_DATA
    else:
        status = GREEN
    return Rag(
        status=status,
        reasons=tuple(signal[1] for signal in ordered),
        links=tuple(signal[2] if len(signal) > 2 else "" for signal in ordered),
    )


def _page(name: str, pk: int, anchor: str = "") -> str:
    """The address of one of the placement's pages (no query: the id is known)."""
    return reverse(f"placements:{name}", args=[pk]) + anchor


def placement_rag_for(
    placements: Iterable[Placement],
    *,
    today: date | None = None,
    working_days: WorkingDays | None = None,
) -> dict[int, Rag]:
    """{placement pk: Rag} for the live placements among `placements`.

    `placements` need their own fields only (status, dates, required days);
    nothing related is read from them, so a slim queryset will do. Draft and
    finished placements are left out of the answer. Worked out afresh; the pages
    read today's statuses kept between requests (placements.rag_cache) instead:
    kept_rag_for for a page of rows or one placement, rag_for_queryset over a scope.
    """
    live = [p for p in placements if p.status in Placement.LIVE_STATUSES]
    if not live:
        return {}
    return _worked_out(live, today or timezone.localdate(), working_days or WorkingDays())


def _worked_out(live: list[Placement], today: date, working_days: WorkingDays) -> dict[int, Rag]:
    """The status of each of `live` (live placements), in a fixed number of queries."""
    pks = [p.pk for p in live]

    # Counted by the database: one row per placement, not one per day.
    days = tallies_for(pks)
    overdue_agreements = set(agreements_overdue(live, on=today).values_list("pk", flat=True))
    concerns: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for placement_id, stage, concern_id in (
        Concern.objects.filter(placement_id__in=pks, status__in=Concern.UNRESOLVED_STATUSES)
        .order_by("-stage", "raised_at", "pk")
        .values_list("placement_id", "stage", "pk")
    ):
        concerns[placement_id].append((stage, concern_id))
    reviewed = set(
        MidpointReview.objects.filter(placement_id__in=pks).values_list("placement_id", flat=True)
    )
    registered = [source(live, today=today) for source in _signal_sources]

    answer = {}
    for placement in live:
        pk = placement.pk
        signals: list[tuple[str, ...]] = []
        if placement.status == Placement.Status.SUSPENDED:
            # When and by whom: the timeline on the placement's page.
            signals.append((RED, "Placement suspended", _page("placement_detail", pk, "#timeline")))
        for stage, concern_id in concerns.get(pk, []):
            signals.append(
                (
                    RED if stage >= Concern.Stage.TUTOR else AMBER,
                    f"Open cause for concern (stage {stage})",
                    _page("concern_list", pk, f"#concern-{concern_id}"),
                )
            )
        ledger = compute_ledger(
            required_days=placement.required_days,
            starts_on=placement.starts_on,
            ends_on=placement.ends_on,
            days=days.get(placement.pk, NO_DAYS),
            today=today,
            working_days=working_days,
        )
        if ledger.behind:
            severity = RED if ledger.days_behind >= RED_DAYS_BEHIND else AMBER
            signals.append(
                (
                    severity,
                    f"{plural(ledger.days_behind, 'day')} behind schedule",
                    _page("ledger", pk),
                )
            )
        if pk in overdue_agreements:
            since_start = (today - placement.starts_on).days
            signals.append(
                (
                    AMBER,
                    f"Learning agreement unsigned {since_start} days after the start",
                    _page("agreement", pk),
                )
            )
        signals.extend(_midpoint_signals(placement, reviewed, today, working_days))
        for found in registered:
            signals.extend(found.get(placement.pk, ()))
        answer[placement.pk] = rag_from(signals)
    return answer


# Statuses in which the midpoint review has been done (through the lifecycle),
# even if the review's own record was not written in the portal.
PAST_MIDPOINT = frozenset(
    {Placement.Status.MIDPOINT_REVIEWED, Placement.Status.FINAL_REPORT_SUBMITTED}
)


def midpoint_review_due(placement: Placement, working_days: WorkingDays) -> date:
    """The last day the midpoint review is on time."""
    return working_days.add(midpoint_of(placement), MIDPOINT_REVIEW_GRACE_WORKING_DAYS)


def _midpoint_signals(placement, reviewed: set[int], today: date, working_days) -> list:
    if placement.pk in reviewed or placement.status in PAST_MIDPOINT:
        return []
    due = midpoint_review_due(placement, working_days)
    if today <= due:
        return []
    return [
        (
            AMBER,
            f"Midpoint review overdue (due by {long_date(due)})",
            _page("midpoint_review", placement.pk),
        )
    ]


# --- Reading RAG for querysets (lists, dashboards, exports) ---------------------------


def _slim(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Only what the rules read, so a long filtered list costs little to rate."""
    return (
        placements.filter(status__in=Placement.LIVE_STATUSES)
        .select_related(None)
        .only("pk", "status", "starts_on", "ends_on", "required_days", "course")
    )


def rag_for_queryset(placements: QuerySet[Placement], **kwargs) -> dict[int, Rag]:
    """placement_rag_for over every live placement of `placements` (not just a page):
    today's statuses kept between requests, the others worked out (placements.rag_cache)."""
    if kwargs:
        return placement_rag_for(_slim(placements), **kwargs)
    return rated_rows(placements)[1]


def rated_rows(placements: QuerySet[Placement]) -> tuple[list[Fingerprint], dict[int, Rag]]:
    """rag_for_queryset, with the rated fields (pk, status, dates...) of the rows read."""
    rows = [Fingerprint(*row) for row in _slim(placements).values_list(*Fingerprint._fields)]
    return rows, rated(rows, timezone.localdate(), _work_out)


def kept_rag_for(placements: Iterable[Placement]) -> dict[int, Rag]:
    """placement_rag_for for a page of rows or one placement, reading the statuses kept
    today: two cache reads, not the eight queries of working them out afresh."""
    live = {p.pk: p for p in placements if p.status in Placement.LIVE_STATUSES}
    rows = [Fingerprint.of(p) for p in live.values()]
    return rated(rows, timezone.localdate(), partial(_work_out, loaded=live), scope=False)


def _work_out(missing: list[Fingerprint], today: date, loaded: dict | None = None) -> dict:
    # The rules read only these fields: the rows stand in for placements not loaded.
    placements = [(loaded or {}).get(r.pk) or Placement(**r._asdict()) for r in missing]
    return _worked_out(placements, today, WorkingDays())


def filter_by_rag(
    placements: QuerySet[Placement], status: str, rags: dict[int, Rag] | None = None
) -> QuerySet[Placement]:
    """The placements of `placements` whose RAG status is `status` (pass `rags`
    already worked out over the same queryset to save the work)."""
    if rags is None:
        rags = rag_for_queryset(placements)
    return placements.filter(pk__in=[pk for pk, rag in rags.items() if rag.status == status])


def rag_counts(rags: dict[int, Rag]) -> list[dict]:
    """How many placements have each status, every status listed (worst first)."""
    counts = defaultdict(int)
    for rag in rags.values():
        counts[rag.status] += 1
    return [
        {
            "status": status,
            "label": label,
            "count": counts[status],
            "tag_class": _TAG_CLASSES[status],
        }
        for status, label in RAG_CHOICES
    ]


def attach_rag(placements: Iterable[Placement], rags: dict[int, Rag]) -> list[Placement]:
    """Set `placement.rag` (None when not rated) on each row, for templates."""
    rows = list(placements)
    for placement in rows:
        placement.rag = rags.get(placement.pk)
    return rows


# --- Figures beside the status in the placement export ---------------------------------

# function(placements) -> {placement pk: [one value per header]}: a later app's columns
# in the placement export, for many placements in a fixed number of queries.
FigureSource = Callable[[list[Placement]], dict[int, list]]
_figure_sources: list[tuple[tuple[str, ...], FigureSource]] = []


def oversight_figures(*headers: str) -> Callable[[FigureSource], FigureSource]:
    """Register a function(placements) -> {pk: [value, ...]} giving a later app's
    figures for each placement: columns `headers` of the placement export
    (placements/views/export.py), after placements' own, in the order registered.
    A placement missing from its answer gets empty cells. The placements come with
    their people and course loaded (Placement.objects.with_people)."""

    def register(source: FigureSource) -> FigureSource:
        if all(known is not source for _, known in _figure_sources):
            _figure_sources.append((headers, source))
        return source

    return register


def figure_headers() -> list[str]:
    return [header for headers, _ in _figure_sources for header in headers]


def figures_for(placements: list[Placement]) -> dict[int, list]:
    """{placement pk: every registered figure, in figure_headers() order}."""
    answer: dict[int, list] = {placement.pk: [] for placement in placements}
    for headers, source in _figure_sources:
        found = source(placements)
        for placement in placements:
            answer[placement.pk].extend(found.get(placement.pk) or [None] * len(headers))
    return answer
