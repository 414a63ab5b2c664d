"""Students co-facilitating groups (issue 18, requirement 8): who may join a group
session, the sessions a student co-facilitates, and the names of the families on
them (which the anonymisation guard refuses in what the university reads).

A student may co-facilitate while they are on a placement hosted by the
programme's provider that is under way on the session's day (active or past its
midpoint review: not proposed, not suspended, not ended).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from placements.models import Placement
from portal.accounts.models import User

from ..models import Attendance, Enrolment, GroupSession, ReferredChild

UNDER_WAY = (Placement.Status.ACTIVE, Placement.Status.MIDPOINT_REVIEWED)


def placements_with_provider(provider_id: int, on: date) -> QuerySet[Placement]:
    """Placements hosted by the provider and under way on `on`."""
    return Placement.objects.filter(
        host_id=provider_id, status__in=UNDER_WAY, starts_on__lte=on, ends_on__gte=on
    )


def students_who_may_join(group_session: GroupSession) -> list[User]:
    """The students who could be added to the session, by name (those on it already left out)."""
    placements = placements_with_provider(
        group_session.programme.provider_id, group_session.on
    ).values("student_id")
    return list(
        User.objects.filter(pk__in=placements)
        .exclude(co_facilitated_groups=group_session)
        .order_by("name", "pk")
    )


def placement_for_session(student: User, group_session: GroupSession) -> Placement | None:
    """The student's placement with the provider that covers the session's day."""
    return (
        placements_with_provider(group_session.programme.provider_id, group_session.on)
        .filter(student=student)
        .order_by("-starts_on", "-pk")
        .first()
    )


def co_facilitators_of(group_session: GroupSession) -> list[User]:
    return list(group_session.students.order_by("name", "pk"))


def _with_present(sessions: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return sessions.annotate(
        present=Count(
            "attendances", filter=Q(attendances__mark=Attendance.Mark.PRESENT), distinct=True
        )
    )


def sessions_of_student(student: User) -> QuerySet[GroupSession]:
    """The sessions `student` co-facilitates, newest first, with how many parents
    came (a number only: a student's list names nobody)."""
    sessions = GroupSession.objects.filter(students=student).select_related("programme", "strand")
    return _with_present(sessions).order_by("-on", "-starts_at", "-pk")


def co_facilitating_counts(student: User) -> dict | None:
    """{"held", "coming"}: the student's sessions held and coming up (one query);
    None when they co-facilitate none."""
    today = timezone.localdate()
    scheduled = Q(status=GroupSession.Status.SCHEDULED)
    counts = GroupSession.objects.filter(students=student).aggregate(
        total=Count("pk"),
        held=Count("pk", filter=scheduled & Q(on__lte=today)),
        coming=Count("pk", filter=scheduled & Q(on__gt=today)),
    )
    return counts if counts["total"] else None


def co_facilitates(student: User, group_session: GroupSession) -> bool:
    return group_session.students.filter(pk=student.pk).exists()


def names_on_groups(*, student: User, practice_educator: User | None = None) -> set[str]:
    """The names of the parents, and of their children, enrolled on a group the
    student co-facilitates while the enrolment covered the session's day.

    Programme workers are not practice educators, so only the student's groups
    count; `practice_educator` is part of the guard's signature."""
    on_groups = GroupSession.objects.filter(
        students=student,
        programme_id=OuterRef("programme_id"),
        on__gte=OuterRef("starts_on"),
        on__lte=OuterRef("ends_on"),
    )
    enrolments = Enrolment.objects.filter(Exists(on_groups))
    parents = enrolments.values_list("referral__parent_name", flat=True)
    children = ReferredChild.objects.filter(
        referral__in=enrolments.values("referral_id")
    ).values_list("name", flat=True)
    return {name for name in (*parents, *children) if name}


def group_session_for_student(pk: int) -> GroupSession | None:
    """A session for its student's evidence link, with how many parents came."""
    sessions = GroupSession.objects.select_related("programme__provider", "strand")
    return _with_present(sessions).filter(pk=pk).first()
