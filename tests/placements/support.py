"""Helpers shared by the placement tests: the people around one placement (`make_cast`)
and the oversight helpers (signed agreements, confirmed days, concerns) for the RAG
status, export and dashboard tests. No tests here."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from placements.models import (
    Course,
    FinalReport,
    MidpointReview,
    Placement,
    PlacementDay,
)
from placements.selectors.review import pcf_domains
from placements.services.agreement import agreement_save, agreement_sign
from placements.services.concern import concern_raise, concern_step
from placements.services.final_report import (
    final_report_countersign,
    final_report_save,
    final_report_sign,
)
from placements.services.review import DomainAssessment, DomainProgress, midpoint_review_record
from portal import signatures
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.models import Notification
from portal.workingdays import WorkingDays
from supervision import oversight
from supervision.models import Observation
from tests.casework.factories import AllocationFactory, CarerFactory, ChildFactory
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    CourseFactory,
    EducatorProfileFactory,
    PlacementFactory,
    StudentProfileFactory,
    UniversityFactory,
)
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory


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


def progress(rating: str = "progressing") -> list[DomainProgress]:
    return [DomainProgress(d, rating, f"Progress in {d.title}.") for d in pcf_domains()]


def assessments(rating: str = "meets") -> list[DomainAssessment]:
    return [DomainAssessment(d, rating, f"Assessed {d.title}.") for d in pcf_domains()]


def record_review(cast, by=None, **overrides) -> MidpointReview:
    fields = {
        "placement": cast.placement,
        "by": by or cast.educator,
        "held_on": days_ago(1),
        "attendees": "Sam Student, student\nTeresa Tutor, tutor",
        "outcome": MidpointReview.Outcome.SATISFACTORY,
        "summary": "Good progress overall.",
        "progress": progress(),
        "actions": [],
    }
    fields.update(overrides)
    return midpoint_review_record(**fields)


def save_report(cast, by=None, **overrides) -> FinalReport:
    fields = {
        "placement": cast.placement,
        "by": by or cast.educator,
        "summary": "Sam has shown sound, reflective practice.",
        "recommendation": FinalReport.Recommendation.PASS,
        "assessments": assessments(),
    }
    fields.update(overrides)
    return final_report_save(**fields)


def reviewed_cast(**placement_fields):
    """An active placement whose midpoint review is recorded (midpoint reviewed)."""
    cast = make_cast(status=Placement.Status.ACTIVE, **placement_fields)
    record_review(cast)
    return cast


def submitted_cast(recommendation: str = "pass", countersigned: bool = True):
    """A placement whose final report the PE signed (and the tutor countersigned)."""
    cast = reviewed_cast()
    report = save_report(cast, recommendation=recommendation)
    final_report_sign(report=report, by=cast.educator)
    if countersigned:
        final_report_countersign(report=report, by=cast.tutor)
    Notification.objects.all().delete()
    return cast, report


def detail_url(placement) -> str:
    return f"/portal/placements/{placement.pk}/"


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def error_summary(response) -> list[str]:
    page = response.content.decode()
    start = page.find('class="govuk-error-summary"')
    if start < 0:
        return []
    block = page[start : page.index("</ul>", start)]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


DETAIL = {
    "student": 200,
    "educator": 200,
    "supervisor": 200,
    "tutor": 200,
    "colleague_tutor": 200,
    "other_tutor": 404,
    "host_coordinator": 200,
    "university_coordinator": 200,
    "other_coordinator": 404,
    "school_contact": 404,
    "admin": 200,
}


LIST_URL = "/portal/placements/"


def placement_for(course: Course, *, cohort: str = "2025", **fields) -> Placement:
    student = StudentProfileFactory(course=course, university=course.university, cohort=cohort)
    return PlacementFactory(
        course=course, student=student.user, starts_on=timezone.localdate(), **fields
    )


@dataclass
class University:
    university: Organisation
    ba: Course
    ma: Course
    tutor: User
    red: Placement  # BA 2025, stage 2 concern, tutored by `tutor`
    amber: Placement  # MA 2024, stage 1 concern, a colleague's tutee
    grey: Placement  # BA 2024, nothing wrong but the supervision app cannot tell
    passed: Placement  # BA 2025, finished
    elsewhere: Placement  # another university's


def university(cannot_tell: set[int]) -> University:
    """The placements every oversight page test reads. All start today, so the real
    supervision selectors find nothing missed; the grey one is put in `cannot_tell`
    (the supervision_cannot_tell fixture) so that the app answers "no data" for it."""
    northgate = UniversityFactory(name="Northgate University")
    ba = CourseFactory(university=northgate, title="BA Social Work")
    ma = CourseFactory(university=northgate, title="MA Social Work")
    tutor = user_with_role(Role.TUTOR, northgate, name="Teresa Tutor")
    red = placement_for(ba, tutor=tutor)
    raise_concern(red, stage=2)
    amber = placement_for(ma, cohort="2024")
    raise_concern(amber)
    grey = placement_for(ba, cohort="2024")
    cannot_tell.add(grey.pk)
    passed = placement_for(ba, status=Placement.Status.PASSED)
    elsewhere = placement_for(CourseFactory())
    raise_concern(elsewhere, stage=2)
    return University(northgate, ba, ma, tutor, red, amber, grey, passed, elsewhere)


def placements_for_counting(rows: int, university: Organisation) -> None:
    """`rows` placements, one in three red (a stage 2 concern); the others are amber
    (their agreement is unsigned 14 days in) and have a supervision session and an
    observation for the real supervision selectors to read (which change no status)."""
    course = CourseFactory(university=university)
    for index in range(rows):
        placement = PlacementFactory(course=course)
        if index % 3 == 0:
            raise_concern(placement, stage=2)
        else:
            SupervisionSessionFactory(placement=placement)
            ObservationFactory(placement=placement, status=Observation.Status.DRAFT)


# Children and carers on a placement's work, for the anonymisation guard's tests
# (placements/services/anonymisation.py). On the student's own work: Kayden Marsh
# (known as Kay), whose carer is Dana Whitfield. On the practice educator's work
# with another student: Ruby Stone. On nobody's work here: Oliver Thompson,
# allocated on another placement, so his name is an ordinary word for this one.
NAMES_ON_WORK = {
    "child's first name": "I sat with Kayden while he drew his family.",
    "child's surname": "The MARSH household was calm on the visit.",
    "carer's name": "Ms Whitfield said the mornings are hard.",
    "child on the practice educator's work": "We compared this with the work with Ruby.",
}


NOT_ON_WORK = "Oliver is a name from another placement's work, so it is fine here."


def allocate_named_children(placement) -> None:
    """Give `placement`'s student and practice educator the children above."""
    kayden = ChildFactory(
        first_name="Kayden", last_name="Marsh", preferred_name="Kay", held_by=placement.host
    )
    CarerFactory(child=kayden, name="Dana Whitfield")
    AllocationFactory(child=kayden, placement=placement)
    # Another student educated by the same practice educator, at the same host.
    other = PlacementFactory(
        host=placement.host, practice_educator=placement.practice_educator, course=placement.course
    )
    AllocationFactory(
        child=ChildFactory(first_name="Ruby", last_name="Stone", held_by=placement.host),
        placement=other,
    )
    AllocationFactory(child=ChildFactory(first_name="Oliver", last_name="Thompson"))
