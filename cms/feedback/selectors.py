"""Reads for the editors' feedback report."""

from django.db.models import Count, Max, Q, QuerySet

from cms.models import PageFeedback, PortalFeedback


def feedback_received() -> QuerySet[PageFeedback]:
    """Every answer, newest first, with its page (one query for any number)."""
    return PageFeedback.objects.select_related("page", "page__locale").order_by(
        "-created_at", "-pk"
    )


def feedback_per_page(answers: QuerySet[PageFeedback]) -> QuerySet:
    """One row per page among `answers`: counts of yes and no and the latest date.

    Rows are dicts; the ordering puts the pages people answered most first.
    """
    return (
        answers.order_by()
        .values("page_id", "page__title", "page__locale__language_code")
        .annotate(
            useful_count=Count("pk", filter=Q(useful=True)),
            not_useful_count=Count("pk", filter=Q(useful=False)),
            comment_count=Count("pk", filter=~Q(comment="")),
            total=Count("pk"),
            latest=Max("created_at"),
        )
        .order_by("-total", "page__title", "page_id")
    )


def percent_useful(useful_count: int, total: int) -> int | None:
    if not total:
        return None
    return round(100 * useful_count / total)


def portal_feedback_received() -> QuerySet[PortalFeedback]:
    """Every answer about a portal page, newest first (one query for any number)."""
    return PortalFeedback.objects.order_by("-created_at", "-pk")


def area_of(path: str) -> str:
    """The part of the portal a path is in: its first segment ("/placements/"), or
    "/" for the home page."""
    first = path.strip("/").split("/", 1)[0]
    return f"/{first}/" if first else "/"


def portal_feedback_areas() -> list[str]:
    """The areas that have answers, in order."""
    paths = PortalFeedback.objects.order_by().values_list("path", flat=True).distinct()
    return sorted({area_of(path) for path in paths})


def in_area(answers: QuerySet[PortalFeedback], area: str) -> QuerySet[PortalFeedback]:
    if area == "/":
        return answers.filter(path="/")
    return answers.filter(Q(path=area.rstrip("/")) | Q(path__startswith=area))
