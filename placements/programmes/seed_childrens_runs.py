"""The demo's finished run of the Children's Program (issue 19, requirement 10):
four families who came, their four days, their children's support groups and
the ratings before, after and 3 months on.

Written straight through the models (the services refuse a run that has already
started, rightly). Dates are counted from the run's first day, so the story
holds whenever the demo is seeded: a step or a follow-up that would fall after
today is left out. The figures are plausible, not all improving. Idempotent:
each family, child, place, day, step and rating is looked up before it is made.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

from portal.workingdays import WorkingDays

from .models import (
    ChildRating,
    ParentRating,
    Programme,
    RatingPoint,
    Referral,
    ReferredChild,
    Run,
    RunAttendance,
    RunPlace,
    SupportGroup,
    SupportGroupStep,
    TreatmentStage,
)
from .services.interest import NOT_ASKED

FOLLOW_UP_DAYS = 91  # "3 months after" the last day
GROUPS = {"norr": "Stjärnorna, Öppenvården Norrby", "aby": "Regnbågen, Åby familjecentral"}


class DemoChild(NamedTuple):
    name: str
    age: tuple[int, int]  # years and days on the first day
    said: str  # about support groups, at registration
    steps: list[tuple[str, int, str]]  # status, days from the first day, group
    ratings: tuple[tuple[int, int], ...]  # (home, talking) before, after, 3 months on
    missed: tuple[int, ...] = ()  # the days (1 to 4) the child was not there


FINISHED_FAMILIES = [
    {
        "parent": "Anna Sjöberg",
        "municipality": "Norrby",
        "stage": TreatmentStage.AFTERCARE,
        "sober_days": 410,  # sober on the first day
        "relationship": (3, 4, 4),
        "children": [
            DemoChild(
                "Wilma",
                (10, 35),
                SupportGroup.ATTENDING,
                [("queued", -300, "norr"), ("attending", -210, "norr"), ("finished", -60, "norr")],
                ((3, 2), (4, 4), (4, 3)),
            ),
            DemoChild(
                "Hugo",
                (8, 120),
                SupportGroup.NONE,
                [("queued", -20, "norr"), ("attending", 30, "norr")],
                ((2, 2), (3, 3), (3, 3)),
            ),
        ],
    },
    {
        "parent": "Peter Lindgren",
        "municipality": "Norrby",
        "stage": TreatmentStage.ENDING_TREATMENT,
        "sober_days": 95,
        "relationship": (2, 3, 3),
        "children": [
            DemoChild(
                "Ella",
                (9, 200),
                SupportGroup.NONE,
                [("queued", 40, "norr")],
                ((3, 3), (3, 2), (3, 3)),
            ),
        ],
    },
    {
        "parent": "Fatima Ali",
        "municipality": "Åby",
        "stage": TreatmentStage.AFTERCARE,
        "sober_days": 240,
        "relationship": (4, 4, 5),
        "children": [
            DemoChild(
                "Yusuf",
                (11, 10),
                SupportGroup.ATTENDING,
                [("queued", -220, "aby"), ("attending", -150, "aby")],
                ((4, 2), (4, 3), (5, 4)),
            ),
            DemoChild("Amira", (7, 90), SupportGroup.NONE, [], ((2, 1), (2, 3), (2, 2))),
        ],
    },
    {
        "parent": "Mikael Berg",
        "municipality": "Västerby",
        "stage": TreatmentStage.AFTERCARE,
        "sober_days": 62,
        "relationship": (2, 2, 3),
        "children": [
            DemoChild(
                "Alice",
                (12, 40),
                SupportGroup.QUEUED,
                [("queued", -100, "norr"), ("attending", 60, "norr")],
                ((1, 2), (3, 4), (2, 3)),
                (2,),  # ill on the second day
            ),
        ],
    },
]


def finished_run(programme: Programme, today) -> Run | None:
    """The demo's finished run: the latest planned run that has ended."""
    return (
        programme.runs.filter(status=Run.Status.PLANNED, ends_on__lt=today)
        .order_by("-starts_on", "-pk")
        .first()
    )


def seed_finished_run(programme: Programme, worker) -> Run | None:
    today = timezone.localdate()
    run = finished_run(programme, today)
    if run is None or worker is None:
        return None
    for family in FINISHED_FAMILIES:
        referral = _registration(programme, run, family)
        children = _children(referral, run, family)
        place = _place(run, referral, family, len(children), worker)
        _days(run, place, children, family, worker)
        _steps(run, children, family, worker, today)
        _ratings(run, place, children, family, worker, today)
    return run


def _registration(programme: Programme, run: Run, family: dict) -> Referral:
    referral = Referral.objects.filter(
        programme=programme, route=Referral.Route.INTEREST, parent_name=family["parent"]
    ).first()
    if referral is not None:
        return referral
    registered_on = run.starts_on - timedelta(days=75)
    received_at = timezone.make_aware(datetime.combine(registered_on, time(10, 15)))
    first_name = family["parent"].split()[0].lower()
    referral = Referral(
        programme=programme,
        route=Referral.Route.INTEREST,
        received_at=received_at,
        contact_due_on=WorkingDays().add(registered_on, programme.contact_working_days),
        parent_name=family["parent"],
        parent_email=f"{first_name}@example.se",
        municipality=family["municipality"],
        language=Referral.Language.SWEDISH,
        treatment_stage=family["stage"],
        sober_since=run.starts_on - timedelta(days=family["sober_days"]),
        parent_consent=True,
    )
    referral.full_clean(exclude=["reference", *NOT_ASKED])
    referral.save_with_new_reference()
    return referral


def _born(first_day, years: int, days: int):
    return first_day.replace(year=first_day.year - years, day=min(first_day.day, 28)) - (
        timedelta(days=days)
    )


def _children(referral: Referral, run: Run, family: dict) -> list[ReferredChild]:
    children = []
    for spec in family["children"]:
        child, _made = ReferredChild.objects.get_or_create(
            referral=referral,
            name=spec.name,
            defaults={
                "date_of_birth": _born(run.starts_on, *spec.age),
                "support_group": spec.said,
            },
        )
        children.append(child)
    return children


def _place(run: Run, referral: Referral, family: dict, children: int, worker) -> RunPlace:
    place = RunPlace.objects.filter(run=run, referral=referral).first()
    if place is None:
        sober_since = run.starts_on - timedelta(days=family["sober_days"])
        place = RunPlace(
            run=run,
            referral=referral,
            status=RunPlace.Status.CONFIRMED,
            children_count=children,
            sober_since=sober_since,
            invited_on=run.starts_on - timedelta(days=30),
            invited_by=worker,
            arrived_on=run.starts_on,
            sober_since_on_arrival=sober_since,
            arrival_recorded_by=worker,
        )
        place.full_clean()
        place.save()
    return place


def _days(run: Run, place: RunPlace, children, family: dict, worker) -> None:
    """Every child every day (but the days one missed); the parent on the parent days."""
    parent_days = run.programme.parent_day_numbers
    for number, day in enumerate(run.days, start=1):
        for child, spec in zip(children, family["children"], strict=True):
            RunAttendance.objects.get_or_create(
                place=place,
                child=child,
                day=day,
                defaults={"present": number not in spec.missed, "recorded_by": worker},
            )
        if number in parent_days:
            RunAttendance.objects.get_or_create(
                place=place,
                child=None,
                day=day,
                defaults={"present": True, "recorded_by": worker},
            )


def _steps(run: Run, children, family: dict, worker, today) -> None:
    for child, spec in zip(children, family["children"], strict=True):
        for status, offset, group in spec.steps:
            on = run.starts_on + timedelta(days=offset)
            if on > today:  # not happened yet
                continue
            SupportGroupStep.objects.get_or_create(
                child=child,
                status=status,
                defaults={"on": on, "group": GROUPS[group], "recorded_by": worker},
            )


def _ratings(run: Run, place: RunPlace, children, family: dict, worker, today) -> None:
    points = [
        (RatingPoint.BEFORE, run.starts_on),
        (RatingPoint.AFTER, run.ends_on),
        (RatingPoint.FOLLOW_UP, run.ends_on + timedelta(days=FOLLOW_UP_DAYS)),
    ]
    for index, (point, on) in enumerate(points):
        if on > today:  # the follow-up is not due yet
            continue
        for child, spec in zip(children, family["children"], strict=True):
            home, talking = spec.ratings[index]
            ChildRating.objects.get_or_create(
                place=place,
                child=child,
                point=point,
                defaults={
                    "home": home,
                    "talking": talking,
                    "recorded_on": on,
                    "recorded_by": worker,
                },
            )
        ParentRating.objects.get_or_create(
            place=place,
            point=point,
            defaults={
                "relationship": family["relationship"][index],
                "recorded_on": on,
                "recorded_by": worker,
            },
        )
