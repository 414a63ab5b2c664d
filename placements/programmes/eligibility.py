"""Who the Children's Program suits, and when (issue 19, requirement 2).

The programme is for children aged 7 to 12 on a run's first day, with a parent
who is at the end of primary treatment or in aftercare and has been sober for
at least 30 days on that day (all four numbers are the programme's data). A
family is never just refused: `assess` says, for each rule, whether it is met
on the next run's first day and, when it is not yet, the day it will be and the
first planned run on or after it. `explain` turns that into kind sentences in
the active language, with the other support on offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.dates import add_months, age_on

from .models import Programme, Run, TreatmentStage


def birthday(born: date, years: int) -> date:
    """The first day `age_on` counts a child born on `born` as `years` old (born on
    29 February: 1 March in a year without one)."""
    day = add_months(born, 12 * years)
    return day if day.day == born.day else day + timedelta(days=1)


@dataclass(frozen=True)
class ChildCheck:
    number: int
    first_name: str
    age: int  # on the day checked
    eligible: bool
    eligible_from: date | None  # too young: the birthday that makes them old enough
    too_old: bool


@dataclass(frozen=True)
class Assessment:
    day: date  # the first day of the next run, or today when none is planned
    run: Run | None
    children: tuple[ChildCheck, ...]
    stage_suits: bool
    sober_days: int | None
    sober_enough_from: date | None  # when sobriety is too short: the day it is long enough
    next_run_when_eligible: Run | None

    @property
    def sober_enough(self) -> bool:
        return self.sober_enough_from is None

    @property
    def eligible(self) -> bool:
        return self.stage_suits and self.sober_enough and any(c.eligible for c in self.children)

    @property
    def eligible_from(self) -> date | None:
        """The first day every rule is met for at least one child (None: never)."""
        if not self.stage_suits:
            return None
        dates = [c.eligible_from or self.day for c in self.children if not c.too_old]
        if not dates:
            return None
        return max(min(dates), self.sober_enough_from or self.day)


def planned_runs(programme: Programme, *, after: date) -> list[Run]:
    """The programme's planned runs starting after `after`, soonest first (one query)."""
    return list(
        Run.objects.filter(
            programme=programme, status=Run.Status.PLANNED, starts_on__gt=after
        ).order_by("starts_on", "pk")
    )


def assess(
    programme: Programme,
    *,
    children: Sequence[tuple[int, str, date]],
    treatment_stage: str,
    sober_since: date | None,
    today: date,
    run: Run | None = None,
    upcoming: list[Run] | None = None,
) -> Assessment:
    """`children`: (row number, first name, date of birth) for each child. Checked
    against `run`'s first day if given, else the next planned run's; `upcoming`
    (from `planned_runs`) saves the query when many families are assessed."""
    if upcoming is None:
        upcoming = planned_runs(programme, after=today)
    if run is None:
        run = upcoming[0] if upcoming else None
    day = run.starts_on if run else today
    checks = []
    for number, first_name, born in children:
        age = age_on(born, day)
        too_young = programme.min_age is not None and age < programme.min_age
        too_old = programme.max_age is not None and age > programme.max_age
        checks.append(
            ChildCheck(
                number=number,
                first_name=first_name,
                age=age,
                eligible=not (too_young or too_old),
                eligible_from=birthday(born, programme.min_age) if too_young else None,
                too_old=too_old,
            )
        )
    stages = programme.treatment_stages or []
    stage_suits = not stages or treatment_stage in stages
    sober_days = (day - sober_since).days if sober_since else None
    sober_enough_from = None
    if programme.min_sober_days and (sober_days is None or sober_days < programme.min_sober_days):
        start = sober_since or today
        sober_enough_from = start + timedelta(days=programme.min_sober_days)
    assessment = Assessment(
        day=day,
        run=run,
        children=tuple(checks),
        stage_suits=stage_suits,
        sober_days=sober_days,
        sober_enough_from=sober_enough_from,
        next_run_when_eligible=None,
    )
    when = assessment.eligible_from
    later = None
    if when is not None and not assessment.eligible:
        later = next((r for r in upcoming if r.starts_on >= when), None)
    return Assessment(**{**assessment.__dict__, "next_run_when_eligible": later})


def long(day: date) -> str:
    """The date written out in the active language ('3 maj 2027', '3 May 2027')."""
    return date_format(day, "j F Y")


def explain(programme: Programme, assessment: Assessment) -> list[str]:
    """Sentences for the family, in the active language: what fits, what does not
    yet and when it will, and the other support on offer."""
    lines = []
    day = long(assessment.day)
    if assessment.run is None:
        lines.append(
            _("No run has dates yet, so we checked against today's date, %(day)s.") % {"day": day}
        )
    for child in assessment.children:
        name = child.first_name
        if child.eligible:
            lines.append(
                _("%(name)s is %(age)s on %(day)s and can take part.")
                % {"name": name, "age": child.age, "day": day}
            )
        elif child.too_old:
            lines.append(
                _(
                    "%(name)s is %(age)s on %(day)s. The programme is for children up to "
                    "%(max)s, so it does not fit %(name)s, but a support group or family "
                    "talks at the outpatient service may."
                )
                % {"name": name, "age": child.age, "day": day, "max": programme.max_age}
            )
        else:
            lines.append(
                _(
                    "%(name)s is %(age)s on %(day)s. Children can take part from the age of "
                    "%(min)s, which %(name)s reaches on %(from)s."
                )
                % {
                    "name": name,
                    "age": child.age,
                    "day": day,
                    "min": programme.min_age,
                    "from": long(child.eligible_from),
                }
            )
    if not assessment.stage_suits:
        lines.append(
            _(
                "The programme suits a parent who is at the end of their primary treatment or "
                "in aftercare. Until then we can offer motivational talks with others in a "
                "similar situation, or another form of treatment."
            )
        )
    if not assessment.sober_enough:
        lines.append(
            _(
                "The parent needs at least %(days)s days of continuous sobriety on a run's first "
                "day. Counting from the date you gave, that is reached on %(from)s."
            )
            % {"days": programme.min_sober_days, "from": long(assessment.sober_enough_from)}
        )
    if assessment.eligible:
        if assessment.run is not None:
            lines.append(
                _("The next run starts on %(day)s. We will contact you about a place.")
                % {"day": day}
            )
    elif assessment.next_run_when_eligible is not None:
        lines.append(
            _(
                "The first run that would fit starts on %(day)s. We keep your registration and "
                "contact you before it."
            )
            % {"day": long(assessment.next_run_when_eligible.starts_on)}
        )
    elif assessment.eligible_from is not None:
        lines.append(
            _(
                "From %(day)s the programme would fit. We keep your registration and contact you "
                "when a run is planned."
            )
            % {"day": long(assessment.eligible_from)}
        )
    if not assessment.eligible:
        lines.append(
            _(
                "Meanwhile, the outpatient service offers support groups for children, "
                "motivational talks for parents and other treatment. Ask us about them."
            )
        )
    return lines


# The Children's Program's rule (seeds/001): at the end of primary treatment, or in aftercare.
STAGES_THAT_SUIT = (TreatmentStage.ENDING_TREATMENT, TreatmentStage.AFTERCARE)
