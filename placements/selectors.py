"""Reads about placements, scoped to who is asking.

`placements_visible_to` is the one definition of a user's scope over
placements; rules.py and every list, dashboard and API route use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.accounts.roles import Role

from .access import past_grace
from .models import Placement


def placement_scope(user: User) -> Q | None:
    """The filter for the placements `user` may see; None means all of them."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_portal_admin:
        return None
    scope = Q(pk__in=[])
    roles = user.active_roles
    # The people named on a placement see it while it runs and for a grace period
    # after it finishes (placements/access.py); the organisations keep it.
    named = Q(pk__in=[])
    if Role.STUDENT in roles:
        named |= Q(student=user)
    if Role.PRACTICE_EDUCATOR in roles:
        named |= Q(practice_educator=user)
    if Role.ONSITE_SUPERVISOR in roles:
        named |= Q(onsite_supervisor=user)
    if Role.TUTOR in roles:
        named |= Q(tutor=user)
    if named != Q(pk__in=[]):
        scope |= named & ~past_grace()
    universities = user.organisations_where(Role.TUTOR, Role.COORDINATOR)
    if universities:
        # Tutors and co-ordinators see the placements of their university's students.
        scope |= Q(course__university__in=universities)
    hosts = user.organisations_where(Role.COORDINATOR)
    if hosts:
        # Co-ordinators also see every placement their organisation hosts.
        scope |= Q(host__in=hosts)
    return scope


def placements_visible_to(user: User) -> QuerySet[Placement]:
    placements = Placement.objects.all()
    scope = placement_scope(user)
    if scope is not None:
        placements = placements.filter(scope)
    return placements.with_people()


# --- Practice learning agreement ------------------------------------------------
# DOMAIN.md / issue 4: the dashboards warn when a placement's agreement is not
# fully signed 10 days after the start.
AGREEMENT_SIGNING_DAYS = 10


def agreements_overdue(placements, *, on=None) -> QuerySet[Placement]:
    """The live placements among `placements` whose agreement is overdue.

    Overdue: started `AGREEMENT_SIGNING_DAYS` or more days before `on` (today
    by default) and the agreement is missing or lacks a required signature
    (student, practice educator, on-site supervisor when there is one, tutor).
    `placements` is a queryset or a list; the answer is one query.
    """
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from portal.models import Signature

    on = on or timezone.localdate()
    if isinstance(placements, QuerySet):
        chosen = Q(pk__in=placements.values("pk"))
    else:
        chosen = Q(pk__in=[placement.pk for placement in placements])

    def signed_as(capacity: str) -> Exists:
        return Exists(
            Signature.objects.filter(
                content_type__app_label="placements",
                content_type__model="learningagreement",
                object_id=OuterRef("learning_agreement__pk"),
                capacity=capacity,
            )
        )

    fully_signed = (
        Q(learning_agreement__isnull=False)
        & signed_as("student")
        & signed_as("practice_educator")
        & signed_as("tutor")
        & (Q(onsite_supervisor__isnull=True) | signed_as("onsite_supervisor"))
    )
    return (
        Placement.objects.filter(chosen)
        .filter(
            status__in=Placement.LIVE_STATUSES,
            starts_on__lte=on - timedelta(days=AGREEMENT_SIGNING_DAYS),
        )
        .exclude(fully_signed)
    )


# --- end practice learning agreement --------------------------------------------


# --- People: students and practice educators a co-ordinator works with ------
def people_for_coordination(user: User, *, role: str, q: str = ""):
    """Current holders of `role` (student or practice educator) in the user's
    organisations (all organisations for an admin), with their profile and,
    for educators, how many live placements they hold now."""
    from django.db.models import Count
    from django.db.models import Q as _Q

    from portal.accounts.models import Membership

    memberships = Membership.objects.current().filter(role=role)
    if not user.is_portal_admin:
        memberships = memberships.filter(
            organisation__in=user.organisations_where(Role.COORDINATOR)
        )
    people = User.objects.filter(pk__in=memberships.values("user_id")).order_by("name", "pk")
    if q:
        people = people.filter(_Q(name__icontains=q) | _Q(email__icontains=q))
    if role == Role.STUDENT:
        return people.select_related(
            "student_profile", "student_profile__course", "student_profile__university"
        )
    return people.select_related("educator_profile").annotate(
        live_placements=Count(
            "placements_educated",
            filter=_Q(placements_educated__status__in=list(Placement.LIVE_STATUSES)),
        )
    )


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

    from .transitions import FINAL_PLACEMENT_PEPS_STAGE

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

    from .models import PlacementOffer

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

    from .models import PlacementOffer

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


# --- end allocation ----------------------------------------------------------------


# --- Capability evidence ----------------------------------------------------------
def capability_short_label(capability) -> str:
    """“PCF 3” or “KSS 7”: the framework's code up to its first hyphen, and the number."""
    return f"{capability.version.framework.code.split('-')[0].upper()} {capability.number}"


def evidence_capabilities(placement: Placement) -> QuerySet:
    """The capabilities evidence on `placement` may be shown against: those of the
    current framework versions, and older ones its evidence is linked to (one query)."""
    from .models import Capability, EvidenceItem

    linked = EvidenceItem.capabilities.through.objects.filter(
        evidenceitem__placement=placement
    ).values("capability_id")
    return (
        Capability.objects.filter(Q(version__is_current=True) | Q(pk__in=linked))
        .select_related("version__framework")
        .order_by(
            "version__framework_id", "-version__is_current", "-version__published_on", "number"
        )
    )


def evidence_for_placement(
    placement: Placement,
    *,
    kind: str = "",
    capability_id: int | None = None,
    q: str = "",
    comment: str = "",
) -> QuerySet:
    """The placement's evidence, newest first, filtered; capabilities prefetched
    with their framework, so a page of any length costs the same queries."""
    from django.db.models import Prefetch

    from .models import Capability, EvidenceItem

    items = EvidenceItem.objects.filter(placement=placement)
    if kind:
        items = items.filter(kind=kind)
    if capability_id:
        items = items.filter(capabilities__pk=capability_id)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(reflection__icontains=q))
    if comment in ("awaiting", "given"):
        items = items.filter(commented_at__isnull=comment == "awaiting")
    return (
        items.select_related("commented_by")
        .prefetch_related(
            Prefetch(
                "capabilities",
                queryset=Capability.objects.select_related("version__framework").order_by(
                    "version__framework_id", "number"
                ),
            )
        )
        .order_by("-date", "-pk")
    )


def evidence_coverage(placement: Placement) -> list[dict]:
    """The coverage matrix of `placement`: one group per framework version, each
    with a row per capability holding the number of evidence items of each kind,
    the total and the practice educator's rating (three queries in all).

    Groups: the current versions, then any older version evidence links to.
    """
    from django.db.models import Count

    from .models import DomainRating, EvidenceItem

    kinds = EvidenceItem.Kind.values
    cells: dict[tuple[int, str], int] = {}
    for row in (
        EvidenceItem.capabilities.through.objects.filter(evidenceitem__placement=placement)
        .values("capability_id", "evidenceitem__kind")
        .annotate(items=Count("evidenceitem_id"))
    ):
        cells[(row["capability_id"], row["evidenceitem__kind"])] = row["items"]
    ratings = {
        r.capability_id: r
        for r in DomainRating.objects.filter(placement=placement).select_related("rated_by")
    }
    groups: list[dict] = []
    for capability in evidence_capabilities(placement):
        if not groups or groups[-1]["version"].pk != capability.version_id:
            groups.append({"version": capability.version, "rows": []})
        counts = [cells.get((capability.pk, kind), 0) for kind in kinds]
        capability.short_label = capability_short_label(capability)
        groups[-1]["rows"].append(
            {
                "capability": capability,
                "counts": list(zip(kinds, counts, strict=True)),
                "total": sum(counts),
                "rating": ratings.get(capability.pk),
            }
        )
    return groups


# --- end capability evidence ------------------------------------------------------


# --- Reviews: midpoint review, final report, practice assessment panel -----------
PCF_CODE = "pcf"


def pcf_domains() -> list:
    """The domains of the current PCF version, in order (one query)."""
    from .models import Capability

    return list(
        Capability.objects.filter(
            version__framework__code=PCF_CODE, version__is_current=True
        ).order_by("number")
    )


def _final_report_signed_as(capacity: str):
    from django.db.models import Exists, OuterRef

    from portal.models import Signature

    return Exists(
        Signature.objects.filter(
            content_type__app_label="placements",
            content_type__model="finalreport",
            object_id=OuterRef("final_report__pk"),
            capacity=capacity,
        )
    )


def final_reports_awaiting_countersignature(placements: QuerySet[Placement]) -> QuerySet:
    """Placements among `placements` whose submitted report the practice educator
    has signed and the tutor has not countersigned yet (one query)."""
    return placements.filter(
        _final_report_signed_as("practice_educator"),
        status=Placement.Status.FINAL_REPORT_SUBMITTED,
    ).exclude(_final_report_signed_as("tutor"))


def final_reports_awaiting_panel(placements: QuerySet[Placement]) -> QuerySet:
    """Placements among `placements` whose report is signed and countersigned and
    that wait for the panel's decision (one query)."""
    return placements.filter(
        _final_report_signed_as("practice_educator"),
        _final_report_signed_as("tutor"),
        status=Placement.Status.FINAL_REPORT_SUBMITTED,
    )


@dataclass
class ReviewOverview:
    """Where one placement's reviews have got to, for its page."""

    placement: Placement
    midpoint_review: object | None
    actions_open: int
    final_report: object | None
    report_signed: dict  # {capacity: Signature}
    panel_decisions: list

    @property
    def report_stage(self) -> str:
        Status = Placement.Status
        report, signed = self.final_report, self.report_signed
        if report is None:
            if self.placement.status in (Status.MIDPOINT_REVIEWED, Status.FINAL_REPORT_SUBMITTED):
                return "Not written yet"
            return "Written after the midpoint review"
        if "practice_educator" not in signed:
            referred = self.panel_decisions and self.panel_decisions[0].outcome == "referred"
            return "Referred back by the panel: being revised" if referred else "Draft"
        if "tutor" not in signed:
            return "Signed by the practice educator, awaiting the tutor's countersignature"
        if self.placement.status in (Status.PASSED, Status.FAILED):
            return "Decided by the practice assessment panel"
        return "Countersigned, awaiting the practice assessment panel"


def review_overview(placement: Placement) -> ReviewOverview:
    """The placement's midpoint review, final report (with its signatures) and panel
    sittings, in four queries."""
    from django.db.models import Count

    from portal import signatures

    from .models import FinalReport, MidpointReview, PanelDecision

    review = (
        MidpointReview.objects.filter(placement=placement)
        .annotate(actions_open=Count("actions", filter=Q(actions__done_at__isnull=True)))
        .first()
    )
    report = FinalReport.objects.filter(placement=placement).first()
    if report is not None:
        report.placement = placement
    return ReviewOverview(
        placement=placement,
        midpoint_review=review,
        actions_open=review.actions_open if review else 0,
        final_report=report,
        report_signed={s.capacity: s for s in signatures.signatures_for(report)},
        panel_decisions=list(PanelDecision.objects.filter(placement=placement)),
    )


# --- end reviews ------------------------------------------------------------------


# --- Placement quality: students' ratings per setting (issue 4, requirement 11;
# placements/views/quality.py) ----------------------------------------------------
# A setting's averages, distributions and comments are shown only once it has at
# least this many responses, so that no answer can be traced to one student.
QUALITY_MIN_RESPONSES = 3


def quality_feedback_visible_to(user: User):
    """Ratings of the settings a user may see.

    Admins see all. A co-ordinator sees the settings their organisation hosts,
    and (for a university, which quality-assures where its students go) the
    settings that have hosted one of its students. The ratings do not record a
    university on purpose, so a university sees every student's ratings of
    those settings, under the same threshold as the host.
    """
    from django.db.models import Exists, OuterRef

    from .models import QualityFeedback

    feedback = QualityFeedback.objects.all()
    if user.is_portal_admin:
        return feedback
    mine = user.organisations_where(Role.COORDINATOR)
    if not mine:
        return feedback.none()
    placed_there = Exists(
        Placement.objects.filter(
            host=OuterRef("host"), team__iexact=OuterRef("team"), course__university__in=mine
        )
    )
    return feedback.filter(Q(host__in=mine) | placed_there)


def quality_by_setting(user: User, *, q: str = ""):
    """One row per setting (host and team, whatever the team's capitals) with the
    number of responses, the average and the count of each score per item, and
    the latest month; ordered by host and team. One query per page."""
    from django.db.models import Avg, Count, Max, Min
    from django.db.models.functions import Lower

    from .models import QualityFeedback

    feedback = quality_feedback_visible_to(user)
    if q:
        feedback = feedback.filter(Q(host__name__icontains=q) | Q(team__icontains=q))
    scores = {}
    for name in QualityFeedback.SCORES:
        scores[f"avg_{name}"] = Avg(name)
        for value in range(1, 6):
            scores[f"n_{name}_{value}"] = Count("pk", filter=Q(**{name: value}))
    return (
        feedback.annotate(team_key=Lower("team"))
        .values("host", "team_key")
        .annotate(
            host_name=Min("host__name"),
            team_name=Min("team"),
            responses=Count("pk"),
            latest_month=Max("received_month"),
            **scores,
        )
        .order_by("host_name", "team_key")
    )


def quality_report_rows(user: User, rows) -> list[dict]:
    """The page of `quality_by_setting` rows made ready to show: below the threshold
    only the number of responses; otherwise each item's average and distribution,
    and the comments (in alphabetical order, so their order says nothing about
    when or by whom). One query for the comments of the whole page."""
    from django.db.models.functions import Lower

    from .models import QualityFeedback

    rows = list(rows)
    shown = [row for row in rows if row["responses"] >= QUALITY_MIN_RESPONSES]
    comments: dict[tuple[int, str], dict[str, list[str]]] = {}
    if shown:
        pairs = Q(pk__in=[])
        for row in shown:
            pairs |= Q(host=row["host"], team_key=row["team_key"])
        for host, team_key, went_well, could_improve in (
            quality_feedback_visible_to(user)
            .annotate(team_key=Lower("team"))
            .filter(pairs)
            .values_list("host", "team_key", "went_well", "could_improve")
        ):
            bucket = comments.setdefault((host, team_key), {"went_well": [], "could_improve": []})
            if went_well:
                bucket["went_well"].append(went_well)
            if could_improve:
                bucket["could_improve"].append(could_improve)
    ready = []
    for row in rows:
        setting = {
            "host": row["host_name"],
            "team": row["team_name"],
            "responses": row["responses"],
            "latest_month": row["latest_month"],
            "shown": row["responses"] >= QUALITY_MIN_RESPONSES,
        }
        if setting["shown"]:
            setting["items"] = [
                {
                    "question": QualityFeedback._meta.get_field(name).verbose_name,
                    "average": row[f"avg_{name}"],
                    "distribution": [(value, row[f"n_{name}_{value}"]) for value in range(1, 6)],
                }
                for name in QualityFeedback.SCORES
            ]
            bucket = comments.get((row["host"], row["team_key"]), {})
            setting["went_well"] = sorted(bucket.get("went_well", []), key=str.casefold)
            setting["could_improve"] = sorted(bucket.get("could_improve", []), key=str.casefold)
        ready.append(setting)
    return ready


# --- end placement quality -----------------------------------------------------------
