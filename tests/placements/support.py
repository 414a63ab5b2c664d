"""Helpers shared by the placement tests: the people around one placement (`make_cast`)
and the oversight helpers (signed agreements, confirmed days, concerns) for the RAG
status, export and dashboard tests. No tests here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from placements.models import Course, Placement, PlacementDay
from placements.services.agreement import agreement_save, agreement_sign
from placements.services.concern import concern_raise, concern_step
from portal import signatures
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays
from supervision import oversight
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    CourseFactory,
    EducatorProfileFactory,
    PlacementFactory,
    StudentProfileFactory,
    UniversityFactory,
)


@dataclass
class Cast:
    university: Organisation
    course: Course
    host: Organisation
    student: User
    educator: User
    supervisor: User
    tutor: User
    host_coordinator: User
    university_coordinator: User
    admin: User
    placement: Placement

    def extras(self) -> dict[str, User]:
        """People who are not on the placement, made on demand (each costs queries)."""
        other_university = UniversityFactory()
        return {
            "colleague_tutor": user_with_role(Role.TUTOR, self.university),
            "other_tutor": user_with_role(Role.TUTOR, other_university),
            "other_coordinator": user_with_role(Role.COORDINATOR, OrganisationFactory()),
            "school_contact": user_with_role(
                Role.SCHOOL_CONTACT, OrganisationFactory(kind=Organisation.Kind.SCHOOL)
            ),
        }

    def person(self, who: str) -> User:
        if hasattr(self, who):
            return getattr(self, who)
        return self.extras()[who]


def make_cast(status: str = Placement.Status.PROPOSED, **placement_fields) -> Cast:
    """A placement (PROPOSED by default) that passes every confirmation check."""
    university = UniversityFactory(name="Northgate University")
    course = CourseFactory(university=university, title="BA (Hons) Social Work")
    host = OrganisationFactory(name="Eastbrook Children's Services")
    student = StudentProfileFactory(course=course, university=university).user
    student.name = "Sam Student"
    student.save(update_fields=["name"])
    educator = EducatorProfileFactory(organisation=host).user
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR, host, name="Owen Supervisor")
    tutor = user_with_role(Role.TUTOR, university, name="Teresa Tutor")
    fields = {
        "course": course,
        "host": host,
        "student": student,
        "practice_educator": educator,
        "onsite_supervisor": supervisor,
        "tutor": tutor,
        "status": status,
        **placement_fields,
    }
    placement = PlacementFactory(**fields)
    return Cast(
        university=university,
        course=course,
        host=host,
        student=student,
        educator=educator,
        supervisor=supervisor,
        tutor=tutor,
        host_coordinator=user_with_role(Role.COORDINATOR, host, name="Chris Coordinator"),
        university_coordinator=user_with_role(Role.COORDINATOR, university),
        admin=user_with_role(Role.ADMIN),
        placement=placement,
    )


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def years_ago(years: int, extra_days: int = 0):
    today = timezone.localdate()
    try:
        back = today.replace(year=today.year - years)
    except ValueError:
        back = today.replace(year=today.year - years, day=28)
    return back - timedelta(days=extra_days)


# --- university oversight ------------------------------------------------------------

SECTIONS = {
    "learning_needs": "Assessment skills",
    "learning_opportunities": "Duty desk",
    "supervision_day": 1,
    "supervision_time": time(14, 0),
    "supervision_arrangements": "Team room",
    "reasonable_adjustments": "",
    "induction": "Shadowing",
}


def sign_agreement(placement: Placement) -> None:
    """Write the placement's agreement and have everyone named sign it (the services)."""
    agreement = agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)
    for person in set(signatures.required_capacities(agreement).values()):
        agreement_sign(agreement=agreement, by=person)


def confirm_days(placement: Placement, count: int, *, kind=PlacementDay.Kind.PLACEMENT) -> None:
    """`count` confirmed days on the placement's first working days."""
    working_days = WorkingDays()
    day = placement.starts_on - timedelta(days=1)
    for _ in range(count):
        day = working_days.add(day, 1)
        PlacementDay.objects.create(
            placement=placement,
            date=day,
            kind=kind,
            hours=7,
            confirmed_at=timezone.now(),
            confirmed_by=placement.practice_educator,
        )


def working_day_after_start(placement: Placement, n: int) -> date:
    """The n-th working day of the placement (1 = its first)."""
    return WorkingDays().add(placement.starts_on - timedelta(days=1), n)


def raise_concern(placement: Placement, *, stage: int = 1):
    concern = concern_raise(
        placement=placement,
        by=placement.practice_educator,
        summary="Late to visits",
        action_plan="Weekly check-in",
    )
    if stage == 2:
        concern = concern_step(concern=concern, name="escalate", by=placement.practice_educator)
    return concern


def answer_cannot_tell(monkeypatch) -> set[int]:
    """Have the supervision app answer None, "cannot tell" (its contract still allows
    it), for the placements whose pk is put in the returned set.

    Every other placement gets the selectors' real answer, so a test can set a
    "no data" placement beside placements rated on their real supervision records.
    """
    cannot_tell: set[int] = set()

    def unless_cannot_tell(selector):
        def answer(placements, *, today=None):
            placements = list(placements)
            known = selector([p for p in placements if p.pk not in cannot_tell], today=today)
            return {p.pk: None if p.pk in cannot_tell else known[p.pk] for p in placements}

        return answer

    for name in ("supervision_gaps_for", "observations_overdue_for"):
        monkeypatch.setattr(oversight, name, unless_cannot_tell(getattr(oversight, name)))
    return cannot_tell
