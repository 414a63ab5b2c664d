"""What the dashboard panels show about placements (portal.dashboard.panel_context).

Each provider makes a fixed number of queries, however many placements there
are; keys start with `placements_` so other apps' providers for the same
panel do not collide. Imported from PlacementsConfig.ready().

The parts of the panels (templates/placements/dashboard/) come first, at order
10; the student's and tutor's panels have a second part at 30, after
supervision's (20); casework's come last (50).
"""

from __future__ import annotations

import copy

from django.db.models import Count, Q
from django.utils import timezone

from portal.accounts.onboarding import first_step
from portal.accounts.roles import Role
from portal.dashboard import panel_context, panel_template
from portal.waiting import NOTHING, Waiting, waiting_item

from .ledger import tallies_of
from .models import Concern, Placement, PlacementDay
from .oversight import RED, Rag, attach_rag, rag_counts, rated_rows
from .progress import progress_for
from .selectors import waiting
from .selectors.agreement import agreement_overdue_flag
from .selectors.day_log import today_on
from .selectors.lifecycle import placements_visible_to
from .selectors.waiting import concern_panel_rows
from .services.profiles import own_profile_step_url
from .services.quality import placements_awaiting_quality_feedback

for _role in (
    Role.STUDENT,
    Role.PRACTICE_EDUCATOR,
    Role.ONSITE_SUPERVISOR,
    Role.TUTOR,
    Role.COORDINATOR,
):
    panel_template(_role, f"placements/dashboard/{_role.value}.html", order=10)
panel_template(Role.STUDENT, "placements/dashboard/student_progress.html", order=30)
panel_template(Role.TUTOR, "placements/dashboard/tutor_overview.html", order=30)

# "Waiting for you" (portal.waiting): what waits on placements, counted in
# selectors.waiting. Supervision's items sit between (order 30 to 50), casework's after.
waiting_item(
    Role.PRACTICE_EDUCATOR,
    "days_to_confirm",
    "Days to confirm",
    count=waiting.educator_days,
    order=10,
    placements=waiting.placements_with_days_to_confirm,
)
waiting_item(
    Role.PRACTICE_EDUCATOR,
    "evidence_to_comment",
    "Evidence to comment on",
    count=waiting.educator_evidence,
    order=20,
    placements=waiting.placements_with_evidence_to_comment,
)
waiting_item(
    Role.STUDENT,
    "days_to_log",
    "Days to log",
    count=waiting.student_days,
    order=10,
    placements=waiting.placements_with_days_to_log,
)
waiting_item(
    Role.STUDENT,
    "days_queried",
    "Days your practice educator queried",
    count=waiting.student_queried_days,
    order=5,
    placements=waiting.placements_with_queried_days,
)
waiting_item(
    Role.TUTOR,
    "reports_to_countersign",
    "Final reports to countersign",
    count=waiting.tutor_reports,
    order=10,
    placements=waiting.reports_to_countersign,
)
waiting_item(
    Role.TUTOR,
    "reviews_overdue",
    "Midpoint reviews overdue",
    count=waiting.tutor_reviews,
    order=20,
    placements=waiting.reviews_overdue,
)
waiting_item(
    Role.TUTOR,
    "open_concerns",
    "Open causes for concern",
    count=waiting.tutor_concerns,
    order=30,
    placements=waiting.placements_with_open_concerns,
)
waiting_item(
    Role.COORDINATOR,
    "without_educator",
    "Placements without a practice educator",
    count=waiting.coordinator_without_educator,
    order=10,
    placements=waiting.without_educator,
)
waiting_item(
    Role.COORDINATOR,
    "agreements_unsigned",
    "Learning agreements unsigned",
    count=waiting.coordinator_agreements,
    order=30,
    placements=waiting.agreements_unsigned,
)


def _own_profile_waiting(user) -> Waiting:
    """A practice educator whose profile (registration, PEPS stage, DBS) is not yet
    complete: one query (placements.services.profiles; issue 22, requirement 7)."""
    url = own_profile_step_url(user)
    return Waiting(1, url) if url else NOTHING


waiting_item(
    Role.PRACTICE_EDUCATOR,
    "complete_profile",
    "Complete your profile",
    count=_own_profile_waiting,
    order=5,
)
# Accepting an invitation as a practice educator leads to the profile page
# (portal.accounts.onboarding), until the profile is complete.
first_step(Role.PRACTICE_EDUCATOR, "Complete your profile", url=own_profile_step_url)

# The panels list at most this many placements and link to the full list.
PANEL_ROWS = 10


# What the panels' table of placements shows (includes/placement_panel_table.html,
# templatetags.placement_tables): read only these (issue 20: cheaper to build and load).
PANEL_TABLE_FIELDS = (
    "student__name",
    "student__email",
    "host__name",
    "team",
    "starts_on",
    "ends_on",
    "status",
)


def _panel_rows(placements):
    return placements.select_related("student", "host").only(*PANEL_TABLE_FIELDS)


def _rows(placements, *, limit: int = PANEL_ROWS, overdue: bool = False) -> dict:
    """The first `limit` placements and how many there are, in two queries.

    With `overdue`, also the pks of the rows shown whose agreement is not signed 10
    days after the start (read with the rows), so the table marks them.
    """
    placements = placements.order_by("starts_on", "pk")
    shown = _panel_rows(placements)
    if overdue:
        shown = shown.annotate(agreement_overdue=agreement_overdue_flag())
    listing = {"rows": list(shown[:limit]), "total": placements.count()}
    if overdue:
        listing["overdue"] = {row.pk for row in listing["rows"] if row.agreement_overdue}
    return listing


def _listing(pks, *, limit: int = PANEL_ROWS) -> dict:
    """`_rows` for placements whose pks are read already, in their order: one query for
    the rows shown (made with nothing to show too, so the count is the same either way)."""
    shown = list(pks[:limit])
    rows = _panel_rows(Placement.objects.filter(pk__in=shown or [0]))
    by_pk = {placement.pk: placement for placement in rows}
    return {"rows": [by_pk[pk] for pk in shown if pk in by_pk], "total": len(pks)}


def _open_concerns(placement_filter: Q) -> list[Concern]:
    """Unresolved causes for concern about the placements matching `placement_filter`
    (one query), oldest first, at most PANEL_ROWS."""
    concerns = concern_panel_rows(
        Concern.objects.filter(placement_filter, status__in=Concern.UNRESOLVED_STATUSES)
    ).order_by("raised_at", "pk")
    return list(concerns[:PANEL_ROWS])


@panel_context(Role.STUDENT)
def student_placements(user) -> dict:
    """The student's current placement(s): proposed onwards and not yet finished, and
    their progress on each (issue 16, requirement 4: placements.progress, a fixed
    number of queries however many days and pieces of evidence there are)."""
    # Copies of the first three of the read shared with "Waiting for you" (days to log):
    # "Log today" is set on them below.
    current = [copy.copy(placement) for placement in waiting.student_live_placements(user)[:3]]
    # The student's days, read once for "Waiting for you" too (days to log, days
    # queried): the ledgers' tallies and what is recorded today.
    days = waiting.student_day_rows(user)
    date = timezone.localdate()
    progress = progress_for(
        current,
        user=user,
        today=date,
        tallies=tallies_of((row[0], row[1], row[7], row[4], row[8]) for row in days),
    )
    # "Log today" on each (issue 22, requirement 3): no query but the bank holidays.
    recorded = {
        placement_id: PlacementDay(
            pk=pk, placement_id=placement_id, date=day, hours=hours, confirmed_at=confirmed_at
        )
        for placement_id, day, pk, hours, confirmed_at, *_ in days
        if day == date
    }
    today = today_on(current, today=date, recorded=recorded)
    for placement in current:
        placement.today_log = today[placement.pk]
    return {
        "placements_current": current,
        "placements_progress": [progress[placement.pk] for placement in current],
        "placements_open_concerns": _open_concerns(Q(placement__student=user)),
        # Ended placements whose setting the student has not rated yet (requirement 11).
        "placements_quality_due": list(
            # What the prompt names (placements/quality/prompt.html).
            placements_awaiting_quality_feedback(user).only("host__name", "team")[:3]
        ),
    }


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_placements(user) -> dict:
    return {
        "placements_educated": _rows(
            Placement.objects.filter(practice_educator=user, status__in=Placement.LIVE_STATUSES),
            overdue=True,
        ),
        "placements_open_concerns": _open_concerns(Q(placement__practice_educator=user)),
    }


@panel_context(Role.ONSITE_SUPERVISOR)
def supervisor_placements(user) -> dict:
    return {
        "placements_supervised": _rows(
            Placement.objects.filter(onsite_supervisor=user, status__in=Placement.LIVE_STATUSES)
        ),
        "placements_open_concerns": _open_concerns(Q(placement__onsite_supervisor=user)),
    }


def _oversight(user) -> tuple[dict, dict[int, Rag]]:
    """University oversight (issue 4, requirement 9): how many of the placements the
    user can see are red, amber, green or without data, and the red ones (worst
    reasons shown), in a fixed number of queries. The counts cover the same
    placements as the list, so each links to the list filtered by that status."""
    visible = placements_visible_to(user)
    rated, rags = rated_rows(visible)
    # The first red ones in the list's order, picked from the rated fields read: only
    # the rows shown are read whole (not the whole scope filtered by a list of pks).
    red = sorted((row.starts_on, row.pk) for row in rated if rags[row.pk].status == RED)
    shown = [pk for _, pk in red[:PANEL_ROWS]]
    # Made with nothing red too (no placement has pk 0): the same count either way.
    red_rows = (
        Placement.objects.filter(pk__in=shown or [0])
        .select_related("student", "host")
        .only(*PANEL_TABLE_FIELDS)  # what the table shows
        .order_by("starts_on", "pk")
    )
    return {
        "placements_rag_counts": rag_counts(rags),
        "placements_rated": len(rags),
        "placements_red": {"rows": attach_rag(red_rows, rags), "total": len(red)},
    }, rags


@panel_context(Role.TUTOR)
def tutor_placements(user) -> dict:
    oversight, rags = _oversight(user)
    tutored = _rows(
        Placement.objects.filter(tutor=user, status__in=Placement.LIVE_STATUSES),
        overdue=True,
    )
    attach_rag(tutored["rows"], rags)  # the tutor's own students are in their scope
    return {
        "placements_tutored": tutored,
        # The read "Waiting for you" counts (open causes for concern) too.
        "placements_open_concerns": list(waiting.tutor_open_concerns(user)[:PANEL_ROWS]),
        **oversight,
    }


@panel_context(Role.COORDINATOR)
def coordinator_placements(user) -> dict:
    """Counts by status, and the open placements that still need a practice educator."""
    organisations = user.organisations_where(Role.COORDINATOR)
    coordinated = waiting.coordinated(user)
    counts = {
        row["status"]: row["n"]
        for row in coordinated.order_by().values("status").annotate(n=Count("pk"))
    }
    by_status = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Placement.Status.choices
        if counts.get(value)
    ]
    return {
        "placements_by_status": by_status,
        "placements_total": sum(counts.values()),
        # The reads "Waiting for you" counts too.
        "placements_without_educator": _listing(waiting.without_educator_pks(user)),
        "placements_agreement_overdue": _listing(waiting.agreements_unsigned_pks(user)),
        "placements_open_concerns": _open_concerns(
            Q(placement__host__in=organisations)
            | Q(placement__course__university__in=organisations)
        ),
        **_oversight(user)[0],
    }


# --- Reviews: final reports waiting for the tutor or the panel --------------------------
def _review_rows(placements) -> dict:
    """The reports waiting for the tutor and those waiting for the panel, as `_rows`
    lists them, in two queries: which wait for what (a row per report, no more),
    then the rows shown (issue 20: the four queries of two `_rows` cost twice)."""
    from .selectors.review import final_reports_in_review

    waiting = {False: [], True: []}
    for pk, countersigned in (
        final_reports_in_review(placements)
        .order_by("starts_on", "pk")
        .values_list("pk", "countersigned")
    ):
        waiting[countersigned].append(pk)
    return _review_listings(waiting)


def _review_listings(waiting: dict[bool, list[int] | tuple[int, ...]]) -> dict:
    """The two review lists from the pks waiting for the tutor (False) and for the
    panel (True): one query for the rows shown."""
    shown = [pk for pks in waiting.values() for pk in pks[:PANEL_ROWS]]
    # Made with nothing to show too (no placement has pk 0): the same count either way.
    rows = _panel_rows(Placement.objects.filter(pk__in=shown or [0]))
    by_pk = {placement.pk: placement for placement in rows}

    def listing(pks: list[int]) -> dict:
        return {"rows": [by_pk[pk] for pk in pks[:PANEL_ROWS]], "total": len(pks)}

    return {"to_countersign": listing(waiting[False]), "awaiting_panel": listing(waiting[True])}


@panel_context(Role.TUTOR)
def tutor_reviews(user) -> dict:
    """Reports the tutor should countersign, and those waiting for the panel (2 queries)."""
    # The read "Waiting for you" counts (reports to countersign) too: one query.
    return {"placements_reviews": _review_listings(waiting.tutor_reports_in_review(user))}


@panel_context(Role.COORDINATOR)
def coordinator_reviews(user) -> dict:
    """Reports of the co-ordinator's universities waiting for the tutor or the panel."""
    universities = user.organisations_where(Role.COORDINATOR)
    return {
        "placements_reviews": _review_rows(
            Placement.objects.filter(course__university__in=universities)
        )
    }
