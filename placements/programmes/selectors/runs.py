"""Reads for runs, places and the waiting list (issue 19, requirement 3)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from ..models import Referral, Run, RunPlace

WAITING = (Referral.Status.RECEIVED, Referral.Status.ALLOCATED, Referral.Status.ACCEPTED)


def referral_for_run_page(pk: int) -> Referral | None:
    return Referral.objects.select_related("programme").filter(pk=pk).first()


def run_place(pk: int) -> RunPlace | None:
    return RunPlace.objects.select_related("run", "referral__programme").filter(pk=pk).first()


def waiting_list(programme) -> QuerySet[Referral]:
    """Registrations waiting for a place, oldest first, with their children."""
    held = RunPlace.objects.filter(status__in=RunPlace.HOLDING).values("referral_id")
    return (
        Referral.objects.filter(
            programme=programme, route=Referral.Route.INTEREST, status__in=WAITING
        )
        .exclude(pk__in=held)
        .prefetch_related("children")
        .order_by("received_at", "pk")
    )


def runs_with_places(programme, *, after: date) -> list[Run]:
    """Planned runs starting after `after`, soonest first, each with `places_left`."""
    runs = Run.objects.filter(
        programme=programme, status=Run.Status.PLANNED, starts_on__gt=after
    ).annotate(
        held=Sum(
            "family_places__children_count",
            filter=Q(family_places__status__in=RunPlace.HOLDING),
        )
    )
    found = list(runs.order_by("starts_on", "pk"))
    for run in found:
        run.places_left = run.places - (run.held or 0)
    return found


def places_of(referral: Referral) -> list[RunPlace]:
    return list(referral.run_places.select_related("run").order_by("-invited_on", "-pk"))


def demand(programme) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """Registrations by municipality and month (one query): the months (YYYY-MM,
    oldest first) and, per municipality, the count in each month and in all."""
    rows = Referral.objects.filter(programme=programme, route=Referral.Route.INTEREST).values_list(
        "municipality", "received_at"
    )
    counts: Counter = Counter()
    months: set[str] = set()
    for municipality, received_at in rows:
        month = f"{timezone.localtime(received_at):%Y-%m}"
        months.add(month)
        counts[(municipality or "", month)] += 1  # "": not given (the page says so)
    ordered = sorted(months)
    table = []
    for municipality in sorted({m for m, _ in counts}):
        per_month = [counts[(municipality, month)] for month in ordered]
        table.append((municipality, per_month, sum(per_month)))
    return ordered, table
