"""A notification is marked done when its task is done (issue 22, requirement 2):
the kinds beyond evidence, days, supervision records and sessions (those are in
tests/portal/test_waiting.py and tests/casework). Each test: the notice asking for
the task is unread, the person it asked does the task, the notice is done; other
people's notices (and news that is not a task) stay unread.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements.casework.models import SupportRequest
from placements.casework.services.plan_status import plan_transition
from placements.casework.services.requests import support_request_decide
from placements.models import Concern, Placement
from placements.services.agreement import agreement_save, agreement_sign
from placements.services.concern import concern_raise, concern_step
from placements.services.final_report import final_report_countersign, final_report_sign
from portal import signatures
from portal.accounts.roles import Role
from portal.services import notify
from tests.casework.factories import SchoolFactory
from tests.casework.support import request_post, work_with
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.support import (
    SECTIONS,
    make_cast,
    record_review,
    reviewed_cast,
    save_report,
)

pytestmark = pytest.mark.django_db


def unread(notice) -> bool:
    notice.refresh_from_db()
    return notice.read_at is None


def test_countersigning_the_final_report_marks_the_tutors_notification_done():
    cast = reviewed_cast()
    report = save_report(cast)
    final_report_sign(report=report, by=cast.educator)  # submits: the tutor is asked
    url = reverse("placements:final_report", args=[cast.placement.pk])
    asked = cast.tutor.notifications.get(url=url)
    students = cast.student.notifications.get(url=url)
    elsewhere = cast.tutor.notifications.create(title="Something else", url="/portal/")
    assert unread(asked)

    final_report_countersign(report=report, by=cast.tutor)

    assert not unread(asked)
    assert unread(students)
    assert unread(elsewhere)


def test_each_signer_of_the_learning_agreement_has_their_notification_done_when_they_sign():
    cast = make_cast(status=Placement.Status.ACTIVE)
    agreement = agreement_save(placement=cast.placement, by=cast.educator, **SECTIONS)
    signers = set(signatures.required_capacities(agreement).values()) - {cast.educator}
    assert {cast.student, cast.tutor} <= signers
    for person in signers:
        agreement_sign(agreement=agreement, by=person)
    changed = {**SECTIONS, "induction": "Shadowing, then a first joint visit"}
    agreement = agreement_save(placement=cast.placement, by=cast.educator, **changed)
    url = reverse("placements:agreement", kwargs={"pk": cast.placement.pk})
    sign_again = {person: person.notifications.get(url=url) for person in signers}
    assert all(unread(notice) for notice in sign_again.values())

    agreement_sign(agreement=agreement, by=cast.student)

    assert not unread(sign_again[cast.student])
    assert unread(sign_again[cast.tutor])  # still to sign

    for person in signers - {cast.student}:
        agreement_sign(agreement=agreement, by=person)
    agreement_sign(agreement=agreement, by=cast.educator)  # the last signature
    assert not any(unread(notice) for notice in sign_again.values())
    # The news that everyone has signed is not a task: it stays to be read.
    signed = cast.student.notifications.get(title="The practice learning agreement is signed")
    assert unread(signed)


def _concern_by_student(cast, summary="Late to visits"):
    return concern_raise(
        placement=cast.placement, by=cast.student, summary=summary, action_plan="Weekly check-in"
    )


def test_resolving_a_concern_marks_the_resolvers_notification_done():
    cast = make_cast(status=Placement.Status.ACTIVE)
    concern = _concern_by_student(cast)
    url = reverse("placements:concern_list", args=[cast.placement.pk])
    asked = cast.educator.notifications.get(url=url)
    tutors = cast.tutor.notifications.get(url=url)
    assert unread(asked)

    concern_step(concern=concern, name="resolve", by=cast.educator, outcome="Now on time.")

    assert not unread(asked)
    assert unread(tutors)


def test_escalating_a_concern_moves_it_on_and_marks_the_educators_notification_done():
    cast = make_cast(status=Placement.Status.ACTIVE)
    concern = _concern_by_student(cast)
    url = reverse("placements:concern_list", args=[cast.placement.pk])
    asked = cast.educator.notifications.get(url=url)

    concern_step(concern=concern, name="escalate", by=cast.educator)

    assert not unread(asked)
    # Now it waits for the tutor: their notice about stage 2 is unread.
    assert cast.tutor.notifications.filter(url=url, read_at__isnull=True).count() == 2


def test_a_concern_still_open_on_the_placement_keeps_the_notifications_unread():
    cast = make_cast(status=Placement.Status.ACTIVE)
    first = _concern_by_student(cast)
    _concern_by_student(cast, summary="Missed a supervision")
    url = reverse("placements:concern_list", args=[cast.placement.pk])
    notices = list(cast.educator.notifications.filter(url=url))
    assert len(notices) == 2

    concern_step(concern=first, name="resolve", by=cast.educator, outcome="Now on time.")

    assert Concern.objects.filter(status=Concern.Status.OPEN).count() == 1
    assert all(unread(notice) for notice in notices)


def test_deciding_a_schools_request_marks_the_deciders_notification_done(client):
    service, school = OrganisationFactory(), SchoolFactory()
    decider = user_with_role(Role.COORDINATOR, service)
    colleague = user_with_role(Role.COORDINATOR, service)
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    client.force_login(contact)
    assert client.post(reverse("casework:request_create"), request_post(school, service))
    support_request = SupportRequest.objects.get()
    url = reverse("casework:request_detail", args=[support_request.pk])
    asked, colleagues = decider.notifications.get(url=url), colleague.notifications.get(url=url)
    assert unread(asked)

    support_request_decide(
        support_request=support_request, name="decline", by=decider, reason="Out of our area."
    )

    assert not unread(asked)
    # A task of the role: only the co-ordinator who decided has it done; the page
    # the colleague's notice links to shows the decision.
    assert unread(colleagues)
    assert contact.notifications.filter(url=url, read_at__isnull=True).exists()  # the news


def test_agreeing_a_direct_work_plan_marks_the_agreers_notification_done():
    work = work_with(agreed=True)
    url = reverse("casework:plan_detail", args=[work.plan.pk])
    asked = notify(user=work.educator, title="Agree the direct-work plan", url=url)
    students = notify(user=work.student, title="The plan waits to be agreed", url=url)

    plan_transition(plan=work.plan, name="agree", by=work.educator)

    assert not unread(asked)
    assert unread(students)


def test_recording_the_midpoint_review_marks_the_reminder_to_hold_it_done():
    cast = make_cast(status=Placement.Status.ACTIVE)
    url = reverse("placements:midpoint_review", args=[cast.placement.pk])
    reminder = notify(user=cast.educator, title="Hold the midpoint review", url=url)
    tutors = notify(user=cast.tutor, title="The midpoint review is due", url=url)

    record_review(cast)

    assert not unread(reminder)
    assert unread(tutors)


def test_a_refused_task_leaves_the_notification_unread():
    cast = reviewed_cast()
    report = save_report(cast)
    final_report_sign(report=report, by=cast.educator)
    url = reverse("placements:final_report", args=[cast.placement.pk])
    asked = cast.tutor.notifications.get(url=url)

    with pytest.raises(ValidationError):
        final_report_countersign(report=report, by=cast.tutor, comment="x" * 100_000)

    assert unread(asked)
