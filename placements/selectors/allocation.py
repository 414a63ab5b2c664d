"""Reads for allocation: placements without a practice educator, educators' room,
settings' places."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.accounts.models import User
from portal.accounts.roles import Role

from ..models import Placement
from .lifecycle import placements_visible_to
from .profiles import people_for_coordination

# --- Allocation: placements without a practice educator, educators' room, settings'
# places (issue 4, requirement 10; placements/views/allocation.py) ---------------
# A draft counts as well as the live statuses: it is being allocated.
ALLOCATABLE_STATUSES = frozenset(Placement.LIVE_STATUSES | {Placement.Status.DRAFT})
# How many practice educators with room the allocation page suggests per placement.
SUGGESTIONS_PER_PLACEMENT = 3


def _overlapping_window(queryset: QuerySet, starts_on=None, ends_on=None) -> QuerySet:
    """Rows whose dates touch the window [starts_on, ends_on] (either end optional)."""
    if starts_on:
        queryset = queryset.filter(ends_on__gte=starts_on)
    if ends_on:
        queryset = queryset.filter(starts_on__lte=ends_on)
    return queryset


def placements_needing_educator(
    user: User, *, level: str = "", starts_on=None, ends_on=None
) -> QuerySet[Placement]:
    """Placements in the user's scope, set up or under way, with no practice educator."""
    placements = placements_visible_to(user).filter(
        practice_educator__isnull=True, status__in=ALLOCATABLE_STATUSES
    )
    if level:
        placements = placements.filter(level=level)
    return _overlapping_window(placements, starts_on, ends_on).order_by("starts_on", "pk")


def educators_with_room(
    user: User, placements, *, limit: int | None = SUGGESTIONS_PER_PLACEMENT
) -> dict[int, list]:
    """For each of `placements` (a page of them), up to `limit` (all when None)
    practice educators the user may assign who could take it: at the PEPS stage
    its level needs, and with room during its dates by the rule confirming
    applies (placements/transitions.py check_educator: their live placements
    overlapping these dates are fewer than their most at once). Most room first.

    Keyed by placement pk; each entry is (educator, students then, most at once).
    Two queries, however many placements and educators.
    """
    from collections import defaultdict

    from ..transitions import FINAL_PLACEMENT_PEPS_STAGE

    placements = list(placements)
    if not placements:
        return {}
    pool = people_for_coordination(user, role=Role.PRACTICE_EDUCATOR).filter(
        educator_profile__isnull=False
    )
    educators = list(pool)
    booked: dict[int, list[tuple[int, object, object]]] = defaultdict(list)
    for educator_id, pk, starts_on, ends_on in Placement.objects.filter(
        practice_educator__in=pool.values("pk"),
        status__in=Placement.LIVE_STATUSES,
        starts_on__lt=max(p.ends_on for p in placements),
        ends_on__gt=min(p.starts_on for p in placements),
    ).values_list("practice_educator_id", "pk", "starts_on", "ends_on"):
        booked[educator_id].append((pk, starts_on, ends_on))
    suggestions: dict[int, list] = {}
    for placement in placements:
        fits = []
        for educator in educators:
            profile = educator.educator_profile
            if (
                placement.level == Placement.Level.FINAL
                and profile.peps_stage < FINAL_PLACEMENT_PEPS_STAGE
            ):
                continue
            then = sum(
                1
                for pk, starts_on, ends_on in booked[educator.pk]
                if pk != placement.pk
                and starts_on < placement.ends_on
                and ends_on > placement.starts_on
            )
            if then < profile.max_students:
                fits.append((educator, then, profile.max_students))
        fits.sort(key=lambda fit: (fit[1] - fit[2], fit[0].name, fit[0].pk))
        suggestions[placement.pk] = fits if limit is None else fits[:limit]
    return suggestions


def offers_visible_to(user: User):
    """Placement offers of the organisations the user co-ordinates (all for an admin),
    each with `places_taken` (live placements in that team overlapping its dates)
    and `open_places` (negative when the team has more students than places)."""
    from django.db.models import Count, F, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from ..models import PlacementOffer

    offers = PlacementOffer.objects.select_related("host")
    if not user.is_portal_admin:
        offers = offers.filter(host__in=user.organisations_where(Role.COORDINATOR))
    taken = (
        Placement.objects.filter(
            host=OuterRef("host"),
            team__iexact=OuterRef("team"),
            status__in=Placement.LIVE_STATUSES,
            # The overlap rule placements/transitions.py uses for clashes.
            starts_on__lt=OuterRef("ends_on"),
            ends_on__gt=OuterRef("starts_on"),
        )
        .order_by()
        .values("host")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return offers.annotate(
        places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0)
    ).annotate(open_places=F("places") - F("places_taken"))


def teams_without_offers(user: User, *, limit: int = 10) -> list[dict]:
    """Teams of the organisations the user co-ordinates (all for an admin) that have
    live placements no offer covers: their places are not recorded, so the page
    cannot show them as open or full. At most `limit`, with how many placements;
    one query."""
    from django.db.models import Count, Exists, Min, OuterRef
    from django.db.models.functions import Lower

    from ..models import PlacementOffer

    placements = Placement.objects.filter(status__in=Placement.LIVE_STATUSES)
    if not user.is_portal_admin:
        placements = placements.filter(host__in=user.organisations_where(Role.COORDINATOR))
    covered = Exists(
        PlacementOffer.objects.filter(
            host=OuterRef("host"),
            team__iexact=OuterRef("team"),
            starts_on__lt=OuterRef("ends_on"),
            ends_on__gt=OuterRef("starts_on"),
        )
    )
    return list(
        placements.exclude(covered)
        .annotate(team_key=Lower("team"))
        .values("host", "team_key")
        .annotate(host_name=Min("host__name"), team_name=Min("team"), placements=Count("pk"))
        .order_by("host_name", "team_key")[:limit]
    )


def offers_in_window(user: User, *, starts_on=None, ends_on=None, host=None):
    offers = _overlapping_window(offers_visible_to(user), starts_on, ends_on)
    if host is not None:
        offers = offers.filter(host=host)
    return offers.order_by("host__name", "team", "starts_on", "pk")
