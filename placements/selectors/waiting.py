"""Reads for "Waiting for you" (portal.waiting; issue 22, requirement 2).

Each count is one query (days to log: three, with the bank holidays), and each
answer carries the address of exactly those things: the thing itself when there
is one, the placement's own page when they are all on one placement, otherwise
the placements list filtered to the placements with such work (`?waiting=<key>`,
which `placements_with_*` below answer). Supervision and casework count their
records with `waiting_records` too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import Role
from portal.request_cache import per_request
from portal.waiting import NOTHING, Waiting
from portal.workingdays import WorkingDays

from ..models import Concern, EvidenceItem, MidpointReview, Placement, PlacementDay
from .agreement import agreements_overdue
from .review import final_reports_awaiting_countersignature

LIVE = Placement.LIVE_STATUSES
# Placements worth the co-ordinator's attention: set up but not yet finished.
OPEN_STATUSES = frozenset(Placement.LIVE_STATUSES | {Placement.Status.DRAFT})


def list_url(key: str) -> str:
    """The placements list narrowed to the placements with `key`'s work."""
    return f"{reverse('placements:placement_list')}?waiting={key}"


def waiting_records(
    records: QuerySet,
    key: str,
    *,
    record_url: Callable[[int, int], str] | None = None,
    placement_url: Callable[[int], str] | None = None,
    placement_field: str = "placement_id",
) -> Waiting:
    """How many `records` there are and where (one query): `record_url(placement pk,
    record pk)` for a single record, `placement_url(placement pk)` when they are all
    on one placement, else the filtered placements list."""
    rows = (
        records.order_by()
        .values(placement_field)
        .annotate(n=Count("pk", distinct=True), first=Min("pk"))
    )
    counted = {row[placement_field]: (row["n"], row["first"]) for row in rows}
    return waiting_counted(counted, key, record_url=record_url, placement_url=placement_url)


def waiting_counted(
    counted: dict[int, tuple[int, int]],
    key: str,
    *,
    record_url: Callable[[int, int], str] | None = None,
    placement_url: Callable[[int], str] | None = None,
) -> Waiting:
    """`waiting_records` from records counted already: {placement pk: (how many, the
    first record's pk)} (no query)."""
    total = sum(n for n, _ in counted.values())
    if not total:
        return NOTHING
    if total == 1 and record_url is not None:
        ((placement, (_, first)),) = counted.items()
        return Waiting(1, record_url(placement, first))
    if len(counted) == 1 and placement_url is not None:
        return Waiting(total, placement_url(next(iter(counted))))
    return Waiting(total, list_url(key))


def waiting_pks(pks, key: str, *, placement_url: Callable[[int], str]) -> Waiting:
    """How many placements wait, from their pks read already: one links to its page."""
    if not pks:
        return NOTHING
    if len(pks) == 1:
        return Waiting(1, placement_url(pks[0]))
    return Waiting(len(pks), list_url(key))


def _page(name: str, anchor: str = "") -> Callable[[int], str]:
    return lambda pk: reverse(f"placements:{name}", args=[pk]) + anchor


# --- The practice educator ----------------------------------------------------------


def days_to_confirm(user) -> QuerySet[PlacementDay]:
    """Days recorded on the educator's placements under way, not confirmed yet, and
    not queried and still waiting for the student's answer (those wait for the student)."""
    return PlacementDay.objects.filter(
        placement__practice_educator=user, placement__status__in=LIVE, confirmed_at__isnull=True
    ).exclude(queried_at__isnull=False, query_answered_at__isnull=True)


def evidence_to_comment(user) -> QuerySet[EvidenceItem]:
    """Evidence on the educator's placements under way that has no comment yet."""
    return EvidenceItem.objects.filter(
        placement__practice_educator=user, placement__status__in=LIVE, commented_at__isnull=True
    )


def educator_days(user) -> Waiting:
    return waiting_records(days_to_confirm(user), "days_to_confirm", placement_url=_page("ledger"))


def educator_evidence(user) -> Waiting:
    return waiting_records(
        evidence_to_comment(user),
        "evidence_to_comment",
        record_url=lambda placement, item: reverse(
            "placements:evidence_detail", args=[placement, item]
        ),
        placement_url=lambda pk: (
            reverse("placements:evidence_list", args=[pk]) + "?comment=awaiting"
        ),
    )


def placements_with_days_to_confirm(user) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=days_to_confirm(user).values("placement_id"))


def placements_with_evidence_to_comment(user) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=evidence_to_comment(user).values("placement_id"))


# --- The student ------------------------------------------------------------------------

# Placements in which the student records days (services.ledger.RECORDING_STATUSES,
# less a suspended placement: no days are owed while it is suspended).
DAYS_OWED = frozenset(
    {
        Placement.Status.ACTIVE,
        Placement.Status.MIDPOINT_REVIEWED,
        Placement.Status.FINAL_REPORT_SUBMITTED,
    }
)


@per_request
def student_live_placements(user) -> tuple[Placement, ...]:
    """The student's live placements (proposed onwards, not finished) with their people,
    by start date: one read a page's placement panels and "Waiting for you" share
    (portal.request_cache; callers must not change them)."""
    placements = tuple(
        # with_people() less the student (the user, set below) and the university.
        Placement.objects.select_related(
            "course", "host", "practice_educator", "onsite_supervisor", "tutor"
        )
        .filter(student=user, status__in=LIVE)
        .order_by("starts_on", "pk")
    )
    for placement in placements:
        placement.student = user
    return placements


@per_request
def student_day_rows(user) -> tuple[tuple, ...]:
    """Every day recorded on the student's live placements, as (placement pk, date, day
    pk, hours, confirmed_at, queried_at, query_answered_at, kind, makes_up_missed_day):
    one read for days to log, days queried and the dashboard's "Log today" and day
    ledger (a few hundred short rows at most)."""
    pks = [placement.pk for placement in student_live_placements(user)]
    fields = ("placement_id", "date", "pk", "hours", "confirmed_at", "queried_at")
    fields += ("query_answered_at", "kind", "makes_up_missed_day")
    # Made with no placements too (none has pk 0): the same count either way.
    return tuple(PlacementDay.objects.filter(placement_id__in=pks or [0]).values_list(*fields))


def days_to_log_by_placement(user, *, today=None) -> dict[int, int]:
    """{placement pk: days to log} for the student's placements under way.

    How they are counted: the working days (Monday to Friday, not a bank holiday in
    England and Wales) from the start of the placement up to yesterday (or its end,
    if sooner) on which nothing is recorded, of any kind. Today is not counted: the
    day is not over. Three queries: the student's live placements and their days
    (both shared with the dashboard's panel), the holidays.
    """
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    placements = [
        (placement.pk, placement.starts_on, placement.ends_on)
        for placement in student_live_placements(user)
        if placement.status in DAYS_OWED and placement.starts_on <= yesterday
    ]
    if not placements:
        return {}
    calendar = WorkingDays()
    recorded: dict[int, int] = {}
    limits = {pk: (starts_on, min(ends_on, yesterday)) for pk, starts_on, ends_on in placements}
    for placement_id, day, *_ in student_day_rows(user):
        if placement_id not in limits:
            continue
        first, last = limits[placement_id]
        if first <= day <= last and calendar.is_working_day(day):
            recorded[placement_id] = recorded.get(placement_id, 0) + 1
    owed = {}
    for pk, (first, last) in limits.items():
        missing = calendar.between(first - timedelta(days=1), last) - recorded.get(pk, 0)
        if missing > 0:
            owed[pk] = missing
    return owed


def student_days(user) -> Waiting:
    owed = days_to_log_by_placement(user)
    total = sum(owed.values())
    if not total:
        return NOTHING
    if len(owed) == 1:
        return Waiting(total, reverse("placements:ledger", args=[next(iter(owed))]))
    return Waiting(total, list_url("days_to_log"))


def placements_with_days_to_log(user) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=list(days_to_log_by_placement(user)))


def days_queried(user) -> QuerySet[PlacementDay]:
    """The student's days on placements under way that their practice educator has
    queried and they have not answered yet (services.ledger.day_update answers)."""
    return PlacementDay.objects.filter(
        placement__student=user,
        placement__status__in=LIVE,
        confirmed_at__isnull=True,
        queried_at__isnull=False,
        query_answered_at__isnull=True,
    )


def student_queried_days(user) -> Waiting:
    """The days of `days_queried`, counted from the student's days read once."""
    counted: dict[int, tuple[int, int]] = {}
    for placement_id, _, pk, _, confirmed_at, queried_at, answered_at, *_ in student_day_rows(user):
        if confirmed_at is None and queried_at is not None and answered_at is None:
            n, first = counted.get(placement_id, (0, pk))
            counted[placement_id] = (n + 1, min(first, pk))
    return waiting_counted(
        counted,
        "days_queried",
        record_url=lambda placement, day: reverse("placements:day_update", args=[placement, day]),
        placement_url=_page("ledger"),
    )


def placements_with_queried_days(user) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=days_queried(user).values("placement_id"))


# --- The tutor ----------------------------------------------------------------------------


def reports_to_countersign(user) -> QuerySet[Placement]:
    return final_reports_awaiting_countersignature(Placement.objects.filter(tutor=user))


@per_request
def tutor_reports_in_review(user) -> dict[bool, tuple[int, ...]]:
    """The tutor's placements whose final report waits in review, by whether the tutor
    has countersigned it (False: waiting for the tutor, as `reports_to_countersign`;
    True: waiting for the panel), each in start order: one query, shared by the
    tutor's reviews panel and "Waiting for you"."""
    from .review import final_reports_in_review

    waiting: dict[bool, list[int]] = {False: [], True: []}
    for pk, countersigned in (
        final_reports_in_review(Placement.objects.filter(tutor=user))
        .order_by("starts_on", "pk")
        .values_list("pk", "countersigned")
    ):
        waiting[countersigned].append(pk)
    return {countersigned: tuple(pks) for countersigned, pks in waiting.items()}


def tutor_reports(user) -> Waiting:
    return waiting_pks(
        tutor_reports_in_review(user)[False],
        "reports_to_countersign",
        placement_url=_page("final_report"),
    )


def reviews_overdue(user, *, today=None) -> QuerySet[Placement]:
    """The tutor's placements in practice whose midpoint review is overdue (the RAG
    rule of placements.oversight: not reviewed, ten working days after the midpoint).
    Two queries at most: the candidates and the bank holidays; the answer filters by pk."""
    return Placement.objects.filter(pk__in=_reviews_overdue_pks(user, today=today))


def _reviews_overdue_pks(user, *, today=None) -> list[int]:
    from ..oversight import PAST_MIDPOINT, midpoint_review_due

    today = today or timezone.localdate()
    candidates = list(
        Placement.objects.filter(tutor=user, status__in=LIVE, starts_on__lt=today)
        .exclude(status__in=PAST_MIDPOINT)
        .exclude(Exists(MidpointReview.objects.filter(placement=OuterRef("pk"))))
        .only("pk", "starts_on", "ends_on")
    )
    calendar = WorkingDays() if candidates else None
    return [p.pk for p in candidates if today > midpoint_review_due(p, calendar)]


def tutor_reviews(user) -> Waiting:
    return waiting_pks(
        _reviews_overdue_pks(user), "reviews_overdue", placement_url=_page("midpoint_review")
    )


def open_concerns(user) -> QuerySet[Concern]:
    return Concern.objects.filter(placement__tutor=user, status__in=Concern.UNRESOLVED_STATUSES)


@per_request
def tutor_open_concerns(user) -> tuple[Concern, ...]:
    """All the unresolved causes for concern about the tutor's placements, oldest first,
    with the placement, student and setting the panel names: one query shared by the
    tutor's panel (the first few) and "Waiting for you" (how many, where)."""
    return tuple(concern_panel_rows(open_concerns(user)).order_by("raised_at", "pk"))


def concern_panel_rows(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    """With only what the dashboards' concerns panel shows (placements/concern/panel.html)."""
    fields = ("placement", "raised_at", "stage", "status", "placement__student__name")
    fields += ("placement__student__email", "placement__host__name")
    return concerns.select_related("placement__student", "placement__host").only(*fields)


def tutor_concerns(user) -> Waiting:
    concerns = tutor_open_concerns(user)
    if not concerns:
        return NOTHING
    placements = {concern.placement_id for concern in concerns}
    if len(placements) == 1:
        return Waiting(len(concerns), _page("concern_list")(next(iter(placements))))
    return Waiting(len(concerns), list_url("open_concerns"))


def placements_with_open_concerns(user) -> QuerySet[Placement]:
    return Placement.objects.filter(pk__in=open_concerns(user).values("placement_id"))


# --- The co-ordinator -----------------------------------------------------------------


def coordinated(user) -> QuerySet[Placement]:
    organisations = user.organisations_where(Role.COORDINATOR)
    return Placement.objects.filter(
        Q(host__in=organisations) | Q(course__university__in=organisations)
    )


def without_educator(user) -> QuerySet[Placement]:
    """Placements set up and not finished that have no practice educator (the same
    placements as the co-ordinator's panel lists)."""
    return coordinated(user).filter(practice_educator__isnull=True, status__in=OPEN_STATUSES)


@per_request
def without_educator_pks(user) -> tuple[int, ...]:
    """The pks of `without_educator` in the panel's order (start date): one query shared
    by the co-ordinator's panel and "Waiting for you"."""
    return tuple(without_educator(user).order_by("starts_on", "pk").values_list("pk", flat=True))


def coordinator_without_educator(user) -> Waiting:
    return waiting_pks(
        without_educator_pks(user), "without_educator", placement_url=_page("placement_detail")
    )


def agreements_unsigned(user) -> QuerySet[Placement]:
    """Live placements whose learning agreement is not fully signed ten days after
    the start (placements.selectors.agreement, the dashboard's warning)."""
    return agreements_overdue(coordinated(user))


@per_request
def agreements_unsigned_pks(user) -> tuple[int, ...]:
    """The pks of `agreements_unsigned` in the panel's order (start date): one query
    shared by the co-ordinator's panel and "Waiting for you"."""
    return tuple(agreements_unsigned(user).order_by("starts_on", "pk").values_list("pk", flat=True))


def coordinator_agreements(user) -> Waiting:
    return waiting_pks(
        agreements_unsigned_pks(user), "agreements_unsigned", placement_url=_page("agreement")
    )
