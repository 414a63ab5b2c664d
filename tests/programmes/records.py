"""One family's whole programme record, built through the services, for the tests
that walk every page and every table of a programme's records (issue 18, R9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from placements.models import Placement
from placements.programmes.models import (
    ChildRating,
    ContactAttempt,
    CrecheBooking,
    Enrolment,
    GroupSession,
    KeyworkPlan,
    KeyworkSession,
    OutcomeCheck,
    ParentRating,
    Programme,
    ProgrammeReport,
    Referral,
    ReferredChild,
    ReportLink,
    Run,
    RunAttendance,
    RunPlace,
    SelfEsteemScore,
    SupportGroupStep,
)
from placements.programmes.selectors.delivery import expected_at
from placements.programmes.services.cofacilitation import cofacilitator_add
from placements.programmes.services.delivery import enrolment_create
from placements.programmes.services.groups import (
    creche_book,
    group_sessions_generate,
    register_take,
)
from placements.programmes.services.intake import (
    contact_attempt_record,
    referral_allocate,
    referral_decide,
)
from placements.programmes.services.interest import InterestChild, interest_register
from placements.programmes.services.keywork import keywork_plan_agree, keywork_session_record
from placements.programmes.services.reports import (
    report_create,
    report_render_run,
    report_send,
    update_request_record,
)
from placements.programmes.services.runs import run_invite
from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

from .people import programme_worker, provider_coordinator, referral
from .support import childrens_program, pocar


@dataclass
class ProgrammeWorld:
    programme: Programme
    admin: User
    coordinator: User  # of the provider
    worker: User  # the family's care co-ordinator
    colleague: User  # on the team, not the family's care co-ordinator
    student: User  # on placement with the provider, co-facilitating the group session
    cp_worker: User  # on the Children's Program's team
    registration: Referral  # a family's registration of interest in the Children's Program
    place: RunPlace  # their place on a run
    referral: Referral
    child: ReferredChild
    contact: ContactAttempt
    enrolment: Enrolment
    group_session: GroupSession
    booking: CrecheBooking
    plan: KeyworkPlan
    keywork_session: KeyworkSession
    outcome: OutcomeCheck
    report: ProgrammeReport
    link: ReportLink
    names: tuple[str, ...]


def programme_world() -> ProgrammeWorld:
    programme = pocar()
    programme.strands.filter(name="Women's group").update(for_gender="female", running_now=True)
    coordinator = provider_coordinator(programme)
    worker = programme_worker(programme)
    colleague = programme_worker(programme)
    admin = user_with_role(Role.ADMIN)
    today = timezone.localdate()
    made = referral(programme)
    made = referral_allocate(referral=made, care_coordinator=worker, by=coordinator)
    contact = contact_attempt_record(
        referral=made,
        by=worker,
        made_on=today,
        method=ContactAttempt.Method.PHONE,
        result=ContactAttempt.Result.REACHED,
        assessment_offered_on=today,
    )
    made = referral_decide(referral=made, name="accept", by=worker)
    starts_on = today - timedelta(days=14)
    enrolment = enrolment_create(referral=made, starts_on=starts_on, by=worker)
    group_sessions_generate(
        programme=programme, start=starts_on, end=today + timedelta(days=14), by=coordinator
    )
    past = GroupSession.objects.filter(programme=programme, on__lte=today).order_by("-on").first()
    register_take(group_session=past, marks={e.pk: "present" for e in expected_at(past)}, by=worker)
    child = made.children.get(name="Alex Childname")  # aged 3: the creche takes them
    booking = creche_book(group_session=past, child=child, by=worker)
    plan = keywork_plan_agree(
        enrolment=enrolment,
        agreed_on=starts_on,
        goals=[("Stay sober on school days", 3)],
        by=worker,
    )
    student = PlacementFactory(
        host=programme.provider,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=90),
        status=Placement.Status.ACTIVE,
    ).student
    cofacilitator_add(group_session=past, student=student, by=coordinator)
    keywork_session = keywork_session_record(
        enrolment=enrolment, held_on=today, mode="phone", attended=True, note="", by=worker
    )
    SelfEsteemScore.objects.create(enrolment=enrolment, point="start", score=14, recorded_on=today)
    outcome = OutcomeCheck.objects.filter(child=child).first()
    update_request_record(referral=made, requested_on=today, how="phone", by=worker)
    report = report_create(
        referral=made, kind="update", summary="Coming to every group.", by=worker
    )
    report = report_render_run(report.pk)
    link, _token = report_send(report=report, by=worker)
    childrens = childrens_program()
    cp_worker = programme_worker(childrens)
    registration = interest_register(
        programme=childrens,
        details={
            "parent_name": "Vera Testberg",
            "parent_email": "vera@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": "aftercare",
            "sober_since": today - timedelta(days=200),
            "parent_consent": True,
        },
        children=[InterestChild(1, "Idunella", today.replace(year=today.year - 9), "none")],
    )
    run = Run.objects.create(
        programme=childrens, starts_on=today + timedelta(days=30), venue="Sjövik", places=8
    )
    place = run_invite(run=run, referral=registration, by=cp_worker)
    # A row of each record of a run's days and outcomes, for the history walk (written
    # straight: their services are tested in test_run_days/test_run_outcomes).
    cp_child = registration.children.get()
    RunAttendance.objects.create(
        place=place, child=cp_child, day=run.starts_on, present=True, recorded_by=cp_worker
    )
    SupportGroupStep.objects.create(
        child=cp_child, status="queued", on=today, group="Stödgruppen", recorded_by=cp_worker
    )
    ChildRating.objects.create(
        place=place,
        child=cp_child,
        point="before",
        home=3,
        talking=2,
        recorded_on=today,
        recorded_by=cp_worker,
    )
    ParentRating.objects.create(
        place=place, point="before", relationship=3, recorded_on=today, recorded_by=cp_worker
    )
    return ProgrammeWorld(
        programme=programme,
        admin=admin,
        coordinator=coordinator,
        worker=worker,
        colleague=colleague,
        student=student,
        cp_worker=cp_worker,
        registration=registration,
        place=place,
        referral=made,
        child=child,
        contact=contact,
        enrolment=enrolment,
        group_session=past,
        booking=booking,
        plan=plan,
        keywork_session=keywork_session,
        outcome=outcome,
        report=report,
        link=link,
        names=("Jordan Parentname", "Alex Childname", "Sam Childname", "Vera Testberg", "Idunella"),
    )
