"""A student's progress on a placement: the day ledger, the capability evidence
per PCF domain and what is next (issue 16, requirement 4).

One read for the two places that show it, with one template
(placements/progress/panel.html): the student's dashboard, for each of their
live placements, and the placement page, for everyone who sees the placement
(the ledger, evidence, reviews and agreement are all readable by them:
placements/rules.py). `progress_for` answers for many placements in a fixed
number of queries, however many days and pieces of evidence there are.

What is next: the midpoint review and the practice learning agreement come
from here; later apps add their own steps through `next_step_source`
(placements never imports them, docs/architecture.md): supervision adds the
direct observations due (supervision/progress.py, registered at start-up).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from portal.dates import long_date
from portal.models import Signature
from portal.workingdays import WorkingDays

from .ledger import DayTally, Ledger, ledger_for, tallies_for
from .models import DomainRating, EvidenceItem, LearningAgreement, MidpointReview, Placement
from .oversight import PAST_MIDPOINT, midpoint_of, midpoint_review_due
from .services.agreement import capacities_to_sign
from .services.coverage import rated_domains

# A step's state, shown as a task list's status.
DONE = "done"
TO_DO = "to_do"
DUE = "due"  # someone's to do, by a date
WAITING = "waiting"  # for someone else
OVERDUE = "overdue"
NOT_YET = "not_yet"  # cannot start yet

STATE_LABELS = {
    DONE: "Done",
    TO_DO: "To do",
    DUE: "Due",
    WAITING: "Waiting for others",
    OVERDUE: "Overdue",
    NOT_YET: "Not started yet",
}
STATE_TAGS = {
    DONE: "",  # GOV.UK task list: a completed task's status is plain text
    TO_DO: "govuk-tag--blue",
    DUE: "govuk-tag--blue",
    WAITING: "govuk-tag--light-blue",
    OVERDUE: "govuk-tag--red",
    NOT_YET: "govuk-tag--grey",
}


@dataclass(frozen=True)
class NextStep:
    """One line of "What is next"."""

    title: str
    state: str  # DONE, TO_DO, DUE, WAITING, OVERDUE or NOT_YET
    hint: str = ""
    url: str = ""
    due_on: date | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def tag_class(self) -> str:
        return STATE_TAGS[self.state]


@dataclass(frozen=True)
class DomainCoverage:
    """One PCF domain: how many pieces of evidence show it, and the PE's rating."""

    capability: object
    evidence: int
    rating: DomainRating | None


@dataclass
class PlacementProgress:
    placement: Placement
    ledger: Ledger
    coverage: list[DomainCoverage]
    next_steps: list[NextStep] = field(default_factory=list)

    @property
    def domains_without_evidence(self) -> int:
        return sum(1 for domain in self.coverage if not domain.evidence)


# function(placements, *, user, today) -> {placement pk: [NextStep, ...]}: the steps a
# later app adds, for many placements in a fixed number of queries.
NextStepSource = Callable[..., dict[int, list[NextStep]]]
_next_step_sources: list[NextStepSource] = []


def next_step_source(source: NextStepSource) -> NextStepSource:
    """Register a function(placements, *, user, today) -> {pk: [NextStep, ...]} whose
    steps join "What is next" after placements' own (midpoint review, agreement)."""
    if source not in _next_step_sources:
        _next_step_sources.append(source)
    return source


def _coverage_by_placement(placements: list[Placement]) -> dict[int, list[DomainCoverage]]:
    """The current PCF domains (those the PE rates) with each placement's evidence
    count and rating, in three queries."""
    domains = list(rated_domains())
    counts = {
        (row["evidenceitem__placement"], row["capability"]): row["items"]
        for row in EvidenceItem.capabilities.through.objects.filter(
            evidenceitem__placement__in=placements, capability__in=domains
        )
        .values("evidenceitem__placement", "capability")
        .annotate(items=Count("evidenceitem_id"))
    }
    ratings = {
        (rating.placement_id, rating.capability_id): rating
        for rating in DomainRating.objects.filter(placement__in=placements, capability__in=domains)
    }
    return {
        placement.pk: [
            DomainCoverage(
                capability=domain,
                evidence=counts.get((placement.pk, domain.pk), 0),
                rating=ratings.get((placement.pk, domain.pk)),
            )
            for domain in domains
        ]
        for placement in placements
    }


def _midpoint_step(placement, review, today: date, working_days: WorkingDays) -> NextStep:
    url = reverse("placements:midpoint_review", args=[placement.pk])
    if review is not None:
        return NextStep(
            "Midpoint review",
            DONE,
            hint=f"Held on {long_date(review.held_on)}: {review.get_outcome_display().lower()}",
            url=url,
        )
    if placement.status in PAST_MIDPOINT:  # reviewed, though not in the portal
        return NextStep("Midpoint review", DONE, hint="Recorded outside the portal", url=url)
    midpoint = midpoint_of(placement)
    due = midpoint_review_due(placement, working_days)
    if today > due:
        return NextStep(
            "Midpoint review", OVERDUE, hint=f"It was due by {long_date(due)}", url=url, due_on=due
        )
    return NextStep(
        "Midpoint review",
        DUE if today >= midpoint else NOT_YET,
        hint=f"Around the midpoint, {long_date(midpoint)}",
        url=url,
        due_on=midpoint,
    )


def _agreement_steps(placements: list[Placement], user) -> dict[int, NextStep]:
    """The practice learning agreement of each placement, from `user`'s side: theirs
    to sign, waiting for others, or signed (two queries)."""
    agreements = {
        agreement.placement_id: agreement
        for agreement in LearningAgreement.objects.filter(placement__in=placements)
    }
    signed: dict[int, list[Signature]] = defaultdict(list)
    if agreements:
        for signature in Signature.objects.filter(
            content_type=ContentType.objects.get_for_model(LearningAgreement),
            object_id__in=[agreement.pk for agreement in agreements.values()],
        ):
            signed[signature.object_id].append(signature)
    steps = {}
    for placement in placements:
        url = reverse("placements:agreement", args=[placement.pk])
        title = "Practice learning agreement"
        agreement = agreements.get(placement.pk)
        if agreement is None:
            steps[placement.pk] = NextStep(
                title, WAITING, hint="Not written yet: the practice educator writes it", url=url
            )
            continue
        agreement.placement = placement  # its people are loaded already
        signatures = signed[agreement.pk]
        if agreement.status_from(signatures) == LearningAgreement.Status.SIGNED:
            steps[placement.pk] = NextStep(title, DONE, hint="Signed by everyone", url=url)
        elif capacities_to_sign(agreement=agreement, user=user, signed=signatures):
            steps[placement.pk] = NextStep(
                "Sign the practice learning agreement", TO_DO, hint="Waiting for you", url=url
            )
        else:
            done = {signature.capacity for signature in signatures}
            waiting = [
                LearningAgreement.Capacity(capacity).label.lower()
                for capacity in agreement.signature_capacities()
                if capacity not in done
            ]
            steps[placement.pk] = NextStep(
                title, WAITING, hint=f"Waiting for the {', the '.join(waiting)}", url=url
            )
    return steps


def progress_for(
    placements: Iterable[Placement],
    *,
    user,
    today: date | None = None,
    tallies: dict[int, DayTally] | None = None,
) -> dict[int, PlacementProgress]:
    """The progress of each placement (by pk), as `user` sees it, in a fixed number of
    queries. The placements should come with their people (`with_people()` or the
    same select_related), as the agreement names them. `tallies`: the placements'
    days counted already (ledger.tallies_of), saving the query that counts them."""
    placements = list(placements)
    if not placements:
        return {}
    today = today or timezone.localdate()
    working_days = WorkingDays()
    # Counted by the database, unless counted already.
    days = tallies if tallies is not None else tallies_for(p.pk for p in placements)
    coverage = _coverage_by_placement(placements)
    reviews = {
        review.placement_id: review
        for review in MidpointReview.objects.filter(placement__in=placements)
    }
    agreements = _agreement_steps(placements, user)
    going = [p for p in placements if p.status not in Placement.FINISHED_STATUSES]
    later = [source(going, user=user, today=today) for source in _next_step_sources]
    progress = {}
    for placement in placements:
        steps = []
        if placement.status not in Placement.FINISHED_STATUSES:  # nothing is next once decided
            steps.append(agreements[placement.pk])
            steps.append(_midpoint_step(placement, reviews.get(placement.pk), today, working_days))
            for found in later:
                steps.extend(found.get(placement.pk, ()))
        progress[placement.pk] = PlacementProgress(
            placement=placement,
            ledger=ledger_for(
                placement,
                today=today,
                days=days.get(placement.pk, DayTally()),
                working_days=working_days,
            ),
            coverage=coverage[placement.pk],
            next_steps=steps,
        )
    return progress
