"""The student's dashboard: its plans and sessions panels and its two "Waiting for
you" sessions items read the plans' children and the sessions' counts once per
request (issue 20), and show what they showed before."""

from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.casework.dashboard.plans import student_plans
from placements.casework.dashboard.sessions import student_sessions
from placements.casework.models import DirectWorkPlan
from placements.casework.selectors import waiting
from placements.casework.services.sessions import session_log, session_review
from tests.casework.support import a_theme, last_weekday, work_with

pytestmark = pytest.mark.django_db


def agreed(**kwargs):
    return work_with(status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True, **kwargs)


def log(work, session):
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme(),
        activities="Games",
        attendance=[{"child": child, "attended": True} for child in work.children],
    )


def everything(user):
    return (
        student_plans(user),
        student_sessions(user),
        waiting.student_sessions_to_log(user),
        waiting.student_sessions_returned(user),
    )


def test_a_group_plans_sessions_are_counted_once_whatever_its_children():
    work = agreed(n_children=3, first_session_on=last_weekday() - timedelta(weeks=2))
    log(work, work.sessions()[0])

    [plan] = student_plans(work.student)["casework_plans_mine"]

    assert plan.sessions_logged == 1
    assert [member.child for member in plan.members.all()] == sorted(
        work.children, key=lambda child: child.reference
    )


def test_one_request_reads_the_students_casework_once():
    # First session three weeks ago: sessions 1-4 are due, the first returned.
    work = agreed(n_children=2, first_session_on=last_weekday() - timedelta(weeks=3))
    sessions = work.sessions()
    log(work, sessions[0])
    session_review(session=sessions[0], by=work.educator, decision="returned", comments="More")
    alone = everything(work.student)  # outside a request: read afresh each time

    request_started.send(sender=None)
    try:
        with CaptureQueriesContext(connection) as first:
            shared = everything(work.student)
        with CaptureQueriesContext(connection) as again:
            everything(work.student)
    finally:
        request_finished.send(sender=None)

    # Plans, sessions to log, sessions returned, the plans' children, the counts.
    assert len(first) == 5 and len(again) == 0
    plans, panel, to_log, returned = shared
    assert [p.pk for p in plans["casework_plans_mine"]] == [work.plan.pk]
    assert [s.number for s in panel["casework_sessions_to_log"]] == [2, 3, 4]
    assert [s.number for s in panel["casework_sessions_returned"]] == [1]
    names = [str(child) for child in sorted(work.children, key=lambda c: c.reference)]
    for session in (*panel["casework_sessions_to_log"], *panel["casework_sessions_returned"]):
        assert [str(m.child) for m in session.plan.members.all()] == names
    assert (to_log.count, returned.count) == (3, 1)
    assert returned.url == reverse("casework:session_log", args=[sessions[0].pk])
    assert (to_log, returned) == alone[2:]
