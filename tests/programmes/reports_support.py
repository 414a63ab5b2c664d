"""A family on POCAR with a register, keywork goals and an ended (or running)
enrolment, for the updates and reports tests (issue 18, requirement 5)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from pypdf import PdfReader

from placements.programmes.models import (
    Attendance,
    Enrolment,
    KeyworkGoal,
    KeyworkPlan,
    ProgrammeReport,
)
from placements.programmes.services.reports import report_create, report_render_run

from .delivery_support import (
    coordinator_of,
    enrolment,
    group_session,
    programme_with_strands,
    worker_on,
)

TODAY = date(2027, 3, 10)
GOAL = "Stay alcohol-free at weekends"


@dataclass
class Family:
    programme: object
    care_coordinator: object
    colleague: object  # on the team, not this family's care co-ordinator
    coordinator: object
    enrolment: Enrolment

    @property
    def referral(self):
        return self.enrolment.referral


def family(*, ended: bool = True) -> Family:
    """Four women's group sessions offered, three attended; one keywork goal scored
    3, 5 and 8. Ended (completed) a week ago, or still running."""
    programme = programme_with_strands()
    care_coordinator = worker_on(programme, name="Casey Coordinator")
    colleague = worker_on(programme, name="Toni Teammate")
    coordinator = coordinator_of(programme)
    starts_on = TODAY - timedelta(weeks=17) if ended else TODAY - timedelta(weeks=6)
    made = enrolment(
        programme, starts_on=starts_on, by=coordinator, care_coordinator=care_coordinator
    )
    for week, mark in enumerate(("present", "present", "absent", "present"), start=1):
        session = group_session(programme, on=starts_on + timedelta(weeks=week))
        Attendance.objects.create(group_session=session, enrolment=made, mark=mark)
    plan = KeyworkPlan.objects.create(enrolment=made, agreed_on=starts_on + timedelta(days=7))
    KeyworkGoal.objects.create(
        plan=plan, goal=GOAL, score_start=3, score_review=5, score_end=8 if ended else None
    )
    if ended:
        made.status = Enrolment.Status.COMPLETED
        made.sessions_offered = 4
        made.sessions_attended = 3
        made.ended_on = made.ends_on
        made.save()
    return Family(programme, care_coordinator, colleague, coordinator, made)


def made_report(world: Family, kind: str = ProgrammeReport.Kind.COMPLETION, summary: str = ""):
    report = report_create(
        referral=world.referral,
        kind=kind,
        summary=summary or "The parent came to nearly every group and met her goal.",
        by=world.care_coordinator,
    )
    return report_render_run(report.pk)


def pdf_text(report) -> str:
    with report.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return "\n".join(page.extract_text() for page in reader.pages)
