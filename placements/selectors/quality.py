"""Reads about placement quality: students' ratings per setting."""

from __future__ import annotations

from django.db.models import Q

from portal.accounts.models import User
from portal.accounts.roles import Role

from ..models import Placement

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

    from ..models import QualityFeedback

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

    from ..models import QualityFeedback

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

    from ..models import QualityFeedback

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
