"""What every scale module shares: the volumes, the seeded random source, dates
relative to today, names, and the batched insert."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from portal.models import Signature
from portal.workingdays import WorkingDays

from .names import FIRST_NAMES, PLACES, SURNAMES

# Every user the generator makes has an address at this domain: it is how a second
# run finds the first one's data (and how --fresh finds what to delete).
EMAIL_DOMAIN = "scale.example.org"
# Printed at the end, like seed_demo's: the data is for scratch databases only.
SCALE_PASSWORD = "practice-scale-2026"  # noqa: S105 - refused in production
BATCH_SIZE = 2000
DEFAULT_STUDENTS = 2000
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Volumes:
    """How many of each, for `students` (the issue's figures are for 2,000)."""

    students: int

    def per(self, every: int, *, least: int = 1) -> int:
        """One for every `every` students, at least `least`."""
        return max(least, round(self.students / every))

    @property
    def universities(self) -> int:
        return 2

    @property
    def settings(self) -> int:  # host teams: 200 at 2,000 students
        return self.per(10, least=2)

    @property
    def hosts(self) -> int:  # organisations hosting the settings, four teams each
        return max(1, self.settings // 4)

    @property
    def educators(self) -> int:
        return self.per(5, least=2)

    @property
    def tutors(self) -> int:
        return self.per(50, least=2)

    @property
    def schools(self) -> int:
        return self.per(20, least=2)

    @property
    def children(self) -> int:
        return self.students * 5

    @property
    def assessments(self) -> int:
        return max(1, round(self.students * 3 / 2))

    @property
    def social_workers(self) -> int:
        return self.per(40, least=2)

    @property
    def team_managers(self) -> int:
        return self.per(200, least=1)

    @property
    def life_story_workers(self) -> int:
        return self.per(100, least=1)

    @property
    def life_story_books(self) -> int:
        return self.per(4)

    @property
    def referrals(self) -> int:
        return self.per(4)

    @property
    def programme_workers(self) -> int:
        return self.per(200, least=2)


@dataclass
class Context:
    """The run's random source and dates, and what earlier steps made for later ones."""

    volumes: Volumes
    seed: int
    today: date
    password_hash: str
    rng: random.Random = field(init=False)
    working_days: WorkingDays = field(init=False)
    # Filled by the modules in turn (people first).
    made: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.working_days = WorkingDays()

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        """An aware moment on `day` (the records' own timestamps, not the time of the run)."""
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def working_days_from(self, start: date, end: date) -> Iterator[date]:
        """The working days from `start` to `end`, both included."""
        day = start
        while day <= end:
            if self.working_days.is_working_day(day):
                yield day
            day += timedelta(days=1)


@contextmanager
def timestamps_as_given(model: type[models.Model]):
    """Let `bulk_create` keep the created/updated times set on the rows: records
    made "weeks ago" say so, and two runs with the same seed write the same rows.
    Yields a function that gives the rows without a time this morning's."""
    automatic = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in automatic]
    morning = timezone.make_aware(datetime.combine(timezone.localdate(), time(8)))

    def fill(rows: list[models.Model]) -> list[models.Model]:
        for f in automatic:
            for row in rows:
                if getattr(row, f.attname) is None:
                    setattr(row, f.attname, morning)
        return rows

    for f in automatic:
        f.auto_now = f.auto_now_add = False
    try:
        yield fill
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert(model: type[models.Model], rows: Iterable[models.Model]) -> list[models.Model]:
    """Insert `rows` in batches and return them with their primary keys."""
    rows = list(rows)
    with timestamps_as_given(model) as fill:
        for start in range(0, len(rows), BATCH_SIZE):
            model._base_manager.bulk_create(fill(rows[start : start + BATCH_SIZE]))
    return rows


def insert_stream(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """Insert rows nobody needs again (days, attendance...) without keeping them all."""
    count = 0
    rows = iter(rows)
    with timestamps_as_given(model) as fill:
        while batch := list(islice(rows, BATCH_SIZE)):
            model._base_manager.bulk_create(fill(batch))
            count += len(batch)
    return count


def signature(record: models.Model, signer_id: int, capacity: str, signed_at: datetime):
    """A signature as portal.signatures.sign writes it (no history row to point at:
    the scale data has none, see run.py)."""
    return Signature(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        object_id=record.pk,
        signer_id=signer_id,
        capacity=str(capacity),
        signed_at=signed_at,
    )


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


def place_name(index: int) -> str:
    """A distinct place name for each index (a number once the list runs out)."""
    name = PLACES[index % len(PLACES)]
    return name if index < len(PLACES) else f"{name} {index // len(PLACES) + 1}"


def by_scale_user(path: str) -> dict[str, str]:
    """A filter for rows whose `path` (a user) is one of the generator's people."""
    prefix = f"{path}__" if path else ""
    return {f"{prefix}email__endswith": "@" + EMAIL_DOMAIN}


def delete_rows(*targets: tuple[type[models.Model], dict]) -> dict[str, int]:
    """Delete the rows of each (model, filter) in turn, straight in the database.

    Straight, because the scale data has locked records (portal.locking refuses
    to delete them through the ORM, rightly, for people's records) and an
    append-only access log. Only --fresh calls this, on data this module wrote.
    """
    removed = {}
    for model, where in targets:
        rows = model._base_manager.filter(**where)
        removed[model._meta.label] = rows._raw_delete(rows.db)
    return removed
