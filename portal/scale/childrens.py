"""A second Children's Program (issue 19) at scale, run by the scale's provider:
certified leaders, interest registrations (most waiting), past runs whose
families arrived, came on the four days and were rated before, after and (three
months on) at the follow-up, with some support-group steps; and coming runs
with families invited. Modest volumes: one registration for every 8 students."""

from __future__ import annotations

from datetime import timedelta

from placements.programmes.models import (
    ChildRating,
    Leader,
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
from placements.programmes.models.referrals import REFERENCE_ALPHABET
from placements.programmes.seed_childrens import CHILDRENS_PROGRAM

from .base import Context, delete_rows, insert, insert_stream, person_name

SLUG = "childrens-program-tidewater"
MUNICIPALITIES = ("Norrby", "Åby", "Västerby", "Sjöstad")
FAMILIES_PER_RUN = 4
FOLLOW_UP_DAYS = 91


def _programme(ctx: Context) -> Programme:
    programme = Programme(
        **{**CHILDRENS_PROGRAM, "name": "Children's Program Tidewater"},
        slug=SLUG,
        provider=ctx.made["provider"],
    )
    programme.full_clean()
    insert(Programme, [programme])
    return programme


def _leaders(ctx: Context, programme: Programme) -> list[Leader]:
    rng, today = ctx.rng, ctx.today
    return insert(
        Leader,
        (
            Leader(
                programme=programme,
                name=" ".join(person_name(rng)),
                organisation="Öppenvården",
                municipality=MUNICIPALITIES[n % len(MUNICIPALITIES)],
                job_title="Familjebehandlare",
                certificate_number=f"CP-SC-{ctx.seed % 100:02d}{n:03d}",
                issued_by="Children's Program Sverige",
                issued_on=today - timedelta(days=900 + 30 * n),
                expires_on=today + timedelta(days=400 + 30 * n),
            )
            for n in range(4)
        ),
    )


def _runs(ctx: Context, programme: Programme, leaders: list[Leader]) -> list[Run]:
    # At most 12: a child's age must hold from the first run to the last.
    count = min(12, ctx.volumes.per(100, least=2))
    runs = []
    for n in range(count):
        # Half finished (every six weeks back), half coming.
        weeks = -6 * (count // 2 - n) if n < count // 2 else 4 * (n - count // 2 + 1)
        starts_on = ctx.today + timedelta(weeks=weeks)
        runs.append(
            Run(
                programme=programme,
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=programme.length_days - 1),
                venue="Kursgården Sjövik",
                places=10,
            )
        )
    insert(Run, runs)
    insert(
        Run.leaders.through,
        (
            Run.leaders.through(run_id=run.pk, leader_id=leader.pk)
            for run in runs
            for leader in leaders[:2]
        ),
    )
    return runs


def _registrations(ctx: Context, programme: Programme, runs: list[Run]):
    rng, today = ctx.rng, ctx.today
    references = set(Referral.objects.values_list("reference", flat=True))
    referrals, children = [], []
    for index in range(ctx.volumes.per(8, least=4)):
        while True:
            body = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            reference = f"CHI-{body[:4]}-{body[4:]}"
            if reference not in references:
                references.add(reference)
                break
        received = min(runs[0].starts_on, today) - timedelta(days=rng.randint(40, 200))
        first, last = person_name(rng)
        referral = Referral(
            programme=programme,
            route=Referral.Route.INTEREST,
            reference=reference,
            received_at=ctx.at(received, 9 + index % 8),
            contact_due_on=ctx.working_days.add(received, programme.contact_working_days),
            parent_name=f"{first} {last}",
            parent_email=f"family{index}@example.se",
            municipality=rng.choice(MUNICIPALITIES),
            language=Referral.Language.SWEDISH if ctx.chance(0.85) else Referral.Language.ENGLISH,
            treatment_stage=rng.choice((TreatmentStage.AFTERCARE, TreatmentStage.ENDING_TREATMENT)),
            sober_since=received - timedelta(days=rng.randint(40, 500)),
            parent_consent=True,
        )
        referrals.append(referral)
        for _n in range(rng.choice((1, 1, 2))):
            age_days = 365 * rng.randint(9, 11) + rng.randint(0, 300)
            children.append(
                ReferredChild(
                    referral=referral,
                    name=person_name(rng)[0],
                    date_of_birth=runs[-1].starts_on - timedelta(days=age_days),
                    support_group=rng.choice(SupportGroup.values),
                )
            )
    insert(Referral, referrals)
    insert(ReferredChild, children)
    by_referral: dict[int, list[ReferredChild]] = {}
    for child in children:
        by_referral.setdefault(child.referral_id, []).append(child)
    return referrals, by_referral


def generate(ctx: Context) -> dict[str, int]:
    rng, today = ctx.rng, ctx.today
    workers = ctx.made["programme_workers"]
    programme = _programme(ctx)
    leaders = _leaders(ctx, programme)
    runs = _runs(ctx, programme, leaders)
    referrals, children_of = _registrations(ctx, programme, runs)
    places, attendance, steps, child_ratings, parent_ratings = [], [], [], [], []
    parent_days = programme.parent_day_numbers
    families = iter(referrals)
    for run in runs:
        finished = run.ends_on < today
        for referral in [f for _, f in zip(range(FAMILIES_PER_RUN), families, strict=False)]:
            kids = children_of[referral.pk]
            worker = rng.choice(workers)
            place = RunPlace(
                run=run,
                referral=referral,
                status=RunPlace.Status.CONFIRMED if finished else RunPlace.Status.INVITED,
                children_count=len(kids),
                sober_since=referral.sober_since,
                invited_on=min(today, run.starts_on - timedelta(days=30)),
                invited_by=worker,
            )
            if finished:
                place.arrived_on = run.starts_on
                place.sober_since_on_arrival = referral.sober_since
                place.arrival_recorded_by = worker
            places.append((place, kids, worker))
    insert(RunPlace, (p for p, _, _ in places))
    for place, kids, worker in places:
        run = place.run
        if place.status != RunPlace.Status.CONFIRMED:
            continue
        for number, day in enumerate(run.days, start=1):
            for child in kids:
                attendance.append(
                    RunAttendance(
                        place=place,
                        child=child,
                        day=day,
                        present=ctx.chance(0.95),
                        recorded_by=worker,
                    )
                )
            if number in parent_days:
                attendance.append(
                    RunAttendance(
                        place=place,
                        child=None,
                        day=day,
                        present=ctx.chance(0.9),
                        recorded_by=worker,
                    )
                )
        points = [(RatingPoint.BEFORE, run.starts_on), (RatingPoint.AFTER, run.ends_on)]
        if run.ends_on + timedelta(days=FOLLOW_UP_DAYS) <= today:
            points.append((RatingPoint.FOLLOW_UP, run.ends_on + timedelta(days=FOLLOW_UP_DAYS)))
        for point, on in points:
            lift = 0 if point == RatingPoint.BEFORE else 1
            for child in kids:
                child_ratings.append(
                    ChildRating(
                        place=place,
                        child=child,
                        point=point,
                        home=min(5, rng.randint(1, 4) + lift * ctx.chance(0.6)),
                        talking=min(5, rng.randint(1, 4) + lift * ctx.chance(0.6)),
                        recorded_on=on,
                        recorded_by=worker,
                    )
                )
            parent_ratings.append(
                ParentRating(
                    place=place,
                    point=point,
                    relationship=min(5, rng.randint(2, 4) + lift * ctx.chance(0.5)),
                    recorded_on=on,
                    recorded_by=worker,
                )
            )
        for child in kids:
            if ctx.chance(0.5):
                queued = run.starts_on - timedelta(days=rng.randint(-20, 200))
                if queued <= today:
                    steps.append(
                        SupportGroupStep(
                            child=child,
                            status=SupportGroupStep.Status.QUEUED,
                            on=queued,
                            group="Stjärnorna",
                            recorded_by=worker,
                        )
                    )
    insert(SupportGroupStep, steps)
    insert(ChildRating, child_ratings)
    insert(ParentRating, parent_ratings)
    days = insert_stream(RunAttendance, attendance)
    return {
        "children's program registrations": len(referrals),
        "children's program runs": len(runs),
        "children's program places": len(places),
        "children's program attendance": days,
        "children's program ratings": len(child_ratings) + len(parent_ratings),
    }


def clear() -> dict[str, int]:
    ours = {"place__run__programme__slug": SLUG}
    return delete_rows(
        (ChildRating, ours),
        (ParentRating, ours),
        (RunAttendance, ours),
        (SupportGroupStep, {"child__referral__programme__slug": SLUG}),
        (RunPlace, {"run__programme__slug": SLUG}),
        (Run.leaders.through, {"run__programme__slug": SLUG}),
        (Run, {"programme__slug": SLUG}),
        (Leader, {"programme__slug": SLUG}),
        (ReferredChild, {"referral__programme__slug": SLUG}),
        (Referral, {"programme__slug": SLUG}),
        (Programme, {"slug": SLUG}),
    )
