"""`make bench-supervision-pdf`: how long a worker takes to make a placement's
whole supervision log as a PDF (issue 20, requirement 4).

Builds, in a throwaway SQLite file (var/bench-supervision-pdf.sqlite3), a
placement of 100 placement days with a held supervision record on every one of
them (100 records: far more than the weekly sessions a real placement of that
length has), each with a full agenda, three PCF domains, two actions and both
signatures. Then times `export_run` (the Celery task's whole work: the records
read, the weekly compliance worked out, the HTML, WeasyPrint, the file saved) a
few times and reports the size, the queries and the seconds. The target is under
10 seconds. A benchmark, not a test: numbers move with the machine's load.

Usage: .venv/bin/python scripts/bench_supervision_pdf.py [--runs 3] [--days 100] [--records N]
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta

try:  # run as a script (scripts/ is on the path) or imported as scripts.<name>
    from bench_harness import report, throwaway_django, timed_runs
except ImportError:
    from scripts.bench_harness import report, throwaway_django, timed_runs

TARGET_SECONDS = 10.0
TEXT = (
    "We talked through the week's visits and what the family said about the new "
    "routine at school. The student reflected on how she had explained the plan and "
    "what she would say differently next time, and we agreed what to read before "
    "the next visit. "
)


def weekdays(start, count: int) -> list:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def build_placement(days: int, records: int | None = None):
    """A placement of `days` placement days with `records` held, signed supervision
    records spread evenly over them (one on every day when not given)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from placements.models import Capability, PlacementDay
    from portal.models import Signature
    from supervision.models import SupervisionAction, SupervisionSession
    from tests.placements.factories import PlacementFactory

    today = timezone.localdate()
    dates = weekdays(today - timedelta(days=days * 7 // 5 + 14), days)
    placement = PlacementFactory(
        starts_on=dates[0], ends_on=dates[-1] + timedelta(days=30), status="active"
    )
    student, educator = placement.student, placement.practice_educator
    PlacementDay.objects.bulk_create(
        PlacementDay(
            placement=placement,
            date=day,
            kind=PlacementDay.Kind.PLACEMENT,
            hours=7,
            confirmed_at=timezone.now(),
            confirmed_by=educator,
        )
        for day in dates
    )
    domains = list(Capability.objects.all()[:9])
    kind = ContentType.objects.get_for_model(SupervisionSession)
    agenda = {name: TEXT * 2 for name in SupervisionSession.AGENDA}
    records = days if records is None else records
    held_on = [dates[index * days // records] for index in range(records)]
    for number, day in enumerate(held_on):
        session = SupervisionSession.objects.create(
            placement=placement,
            date=day,
            starts_at=datetime.strptime("14:00", "%H:%M").time(),
            duration_minutes=60,
            status=SupervisionSession.Status.DRAFT,
            notes=TEXT * 3,
            student_reflection=TEXT * 2,
            written_by=educator,
            **agenda,
        )
        if domains:
            session.domains_discussed.set(domains[number % 3 :: 3][:3])
        for action in range(2):
            SupervisionAction.objects.create(
                session=session,
                description=f"Action {action + 1}: read the threshold document again",
                owner=student if action == 0 else educator,
                due_on=day + timedelta(days=7),
            )
        for signer, capacity in ((student, "student"), (educator, "practice_educator")):
            Signature.objects.create(
                content_type=kind, object_id=session.pk, signer=signer, capacity=capacity
            )
    # Locked as the signatures lock them, without the workflow's notifications.
    SupervisionSession.objects.filter(placement=placement).update(
        status=SupervisionSession.Status.LOCKED
    )
    return placement


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument(
        "--records", type=int, default=None, help="records on the placement (default: one a day)"
    )
    args = parser.parse_args()
    if args.records is not None and not 1 <= args.records <= args.days:
        parser.error(f"--records must be between 1 and the {args.days} days")
    throwaway_django("bench-supervision-pdf")
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.exports import export_run
    from portal.models import DocumentExport
    from supervision.exports import SUPERVISION_LOG
    from supervision.models import SupervisionSession

    placement = build_placement(args.days, args.records)
    held = SupervisionSession.objects.filter(placement=placement).count()
    queries = CaptureQueriesContext(connection)

    def queue(number: int) -> DocumentExport:
        # As export_request queues it, without handing it to Celery: the timing is
        # the task's own work.
        return DocumentExport.objects.create(
            kind=SUPERVISION_LOG,
            content_type=ContentType.objects.get_for_model(placement),
            object_id=placement.pk,
            requested_by=placement.student,
        )

    def run(export: DocumentExport) -> DocumentExport:
        with queries:
            export = export_run(export.pk)
        if export.status != DocumentExport.Status.DONE:
            sys.exit(f"The export failed: {export.error}")
        return export

    timings, export = timed_runs(args.runs, queue, run)
    with export.file.open("rb") as handle:
        body = handle.read()
    print(
        f"Supervision log: {args.days} placement days, {held} supervision records, "
        f"{len(body) // 1024} KB of PDF, {len(queries)} queries"
    )
    report("Export", timings, TARGET_SECONDS)


if __name__ == "__main__":
    main()
