"""Students as co-facilitators (issue 18, requirement 8).

A co-ordinator of the provider adds a student on placement with the provider to a
group session, and can add them to every later session of the same group (the
strand) that falls within their placement in the same step; they take a student
off one session. A cancelled session takes nobody new. Each change is one
transaction, and a refusal changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission

from ..models import GroupSession
from ..selectors.cofacilitation import placement_for_session

VIEW = "programmes.view_referral"
MANAGE_GROUPS = "programmes.manage_groups"


def cofacilitator_add(
    *, group_session: GroupSession, student: User | None, by: User, later: bool = False
) -> int:
    """Add `student` to the session (and, with `later`, to each later scheduled
    session of its group within their placement); returns how many sessions they
    were added to."""
    require_object_permission(by, group_session, MANAGE_GROUPS, scope=VIEW)
    if student is None:
        raise ValidationError({"student": "Choose the student"})
    if group_session.status != GroupSession.Status.SCHEDULED:
        raise ValidationError("The session is cancelled, so nobody can be added to it.")
    placement = placement_for_session(student, group_session)
    if placement is None:
        raise ValidationError(
            {
                "student": f"{student.name} is not on a placement with "
                f"{group_session.programme.provider.name} on "
                f"{long_date(group_session.on)}, so they cannot co-facilitate this session"
            }
        )
    sessions = [group_session]
    if later:
        sessions += list(
            GroupSession.objects.filter(
                programme_id=group_session.programme_id,
                strand_id=group_session.strand_id,
                status=GroupSession.Status.SCHEDULED,
                on__gt=group_session.on,
                on__lte=placement.ends_on,
            )
        )
    added = 0
    with transaction.atomic(), acting_as(by):
        for session in sessions:
            if not session.students.filter(pk=student.pk).exists():
                session.students.add(student)
                added += 1
    if not added:
        raise ValidationError(
            {"student": f"{student.name} is co-facilitating this session already"}
        )
    return added


def cofacilitator_remove(*, group_session: GroupSession, student: User, by: User) -> None:
    require_object_permission(by, group_session, MANAGE_GROUPS, scope=VIEW)
    if not group_session.students.filter(pk=student.pk).exists():
        raise ValidationError(f"{student.name} is not co-facilitating this session.")
    with transaction.atomic(), acting_as(by):
        group_session.students.remove(student)
