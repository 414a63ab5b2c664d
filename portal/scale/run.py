"""The order the scale modules run in, and how a previous run is found and removed.

History: no simple-history rows are written for the scale data. It stands for
records made before anyone measured (a few million history rows would double
the run's time and the database's size), and the pages read history only for
timelines and "changed since signed" views. Consequences to know when reading
benchmark figures: placement timelines show no events from the scale data, a
signature's `signed_version` is empty, and a finished placement with no history
counts as finished "now" for the access grace period (placements.access).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User

from . import (
    activity,
    casework,
    childrens,
    life_story,
    people,
    practice,
    referrals,
    reviews,
    supervision_records,
)
from .base import EMAIL_DOMAIN, SCALE_PASSWORD, Context, Volumes

STEPS = (
    ("people", people.generate),
    ("practice learning", practice.generate),
    ("reviews", reviews.generate),
    ("supervision", supervision_records.generate),
    ("casework", casework.generate),
    ("life story books", life_story.generate),
    ("programme referrals", referrals.generate),
    ("children's program", childrens.generate),
    ("notifications and access log", activity.generate),
)


def scale_data_present() -> bool:
    return User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).exists()


def generate(
    *, students: int, seed: int, report: Callable[[str], None] = lambda line: None
) -> dict[str, int]:
    """Write the scale data for `students` students; returns the row counts."""
    ctx = Context(
        volumes=Volumes(students),
        seed=seed,
        today=timezone.localdate(),
        password_hash=make_password(SCALE_PASSWORD, salt=f"scale{seed}"),
    )
    counts: dict[str, int] = {}
    with transaction.atomic():
        for name, step in STEPS:
            started = time.monotonic()
            made = step(ctx)
            counts.update(made)
            report(f"{name}: {time.monotonic() - started:.1f} s")
    return counts


def clear() -> dict[str, int]:
    """Delete what earlier runs wrote (the later areas first), in one transaction."""
    removed: dict[str, int] = {}
    with transaction.atomic():
        for module in (
            activity,
            childrens,
            referrals,
            life_story,
            casework,
            supervision_records,
            reviews,
            practice,
            people,
        ):
            removed.update(module.clear())
    return removed
