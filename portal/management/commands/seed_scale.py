"""Data at a real university's scale, for benchmarks (issue 20): see portal.scale.

Refuses production settings, and settings with DEBUG off other than the test and
benchmark settings (a server that may hold real records).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.scale.base import DEFAULT_SEED, DEFAULT_STUDENTS, EMAIL_DOMAIN, SCALE_PASSWORD
from portal.scale.run import clear, generate, scale_data_present

# Settings with DEBUG off where scale data is still wanted: the test suite's and
# the benchmark's (both on throwaway databases).
SCRATCH_ENVIRONMENTS = frozenset({"test", "bench"})


class Command(BaseCommand):
    help = (
        "Write a university's worth of practice learning, casework, Life Story Books and "
        "programme referrals for benchmarks: --students N (default 2000) and everything "
        "else in proportion (per 2,000 students: 200 host teams, 400 practice educators, "
        "about 200,000 placement days, 40,000 supervision records, 10,000 children). "
        "--seed makes it repeatable: the same seed on the same day writes the same data. "
        "Refused if scale data is already in the database, unless --fresh, which first "
        f"deletes what an earlier run wrote (every user at @{EMAIL_DOMAIN} and their "
        "records). Refuses production settings. For scratch databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=DEFAULT_STUDENTS)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Delete the data of an earlier seed_scale run first.",
        )

    def handle(self, *args, students, seed, fresh, **options):
        environment = getattr(settings, "PORTAL_ENVIRONMENT", "")
        if environment == "production" or (
            not settings.DEBUG and environment not in SCRATCH_ENVIRONMENTS
        ):
            raise CommandError(
                "seed_scale refuses to run with production settings (or with DEBUG off "
                "outside the test and benchmark settings): it writes thousands of made-up "
                "people and children."
            )
        if students < 1:
            raise CommandError("--students must be at least 1.")
        if scale_data_present():
            if not fresh:
                raise CommandError(
                    "Scale data is already in this database (users at "
                    f"@{EMAIL_DOMAIN}). Pass --fresh to delete it and write it again."
                )
            started = time.monotonic()
            removed = sum(clear().values())
            self.stdout.write(
                f"Deleted {removed} rows of the earlier run in {time.monotonic() - started:.1f} s."
            )
        started = time.monotonic()
        counts = generate(
            students=students,
            seed=seed,
            report=lambda line: self.stdout.write(f"  {line}"),
        )
        elapsed = time.monotonic() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:>32}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Scale data for {students} students written in {elapsed:.1f} s.")
        )
        self.stdout.write(f"Every scale user's password: {SCALE_PASSWORD}")
