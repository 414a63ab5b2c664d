from datetime import date

from django.core.management.base import BaseCommand, CommandError

from portal.privacy.retention import retention_run


class Command(BaseCommand):
    help = (
        "Anonymise or delete the records whose retention period has ended "
        "(privacy.RetentionSchedule), and print the counts per record type."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            help="Count the periods to this day (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be anonymised or deleted; change nothing.",
        )

    def handle(self, *args, as_of=None, dry_run=False, **options):
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError(
                    f"--as-of must be a date as YYYY-MM-DD, not {as_of!r}."
                ) from error
        run = retention_run(as_of=day, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"{run} (report {run.pk}):")
        for row in run.results:
            if not row["expired"]:
                continue
            self.stdout.write(
                f"  {row['record_type']}: {row['expired']} expired; "
                f"{row['done'] if not dry_run else row['expired'] - row['held']} {verb} "
                f"{'anonymised' if row['action'] == 'anonymise' else 'deleted'}, "
                f"{row['held']} held, {row['failed']} failed"
            )
        totals = run.totals
        self.stdout.write(
            f"Total: {totals['expired']} expired, {totals['done']} done, "
            f"{totals['held']} held, {totals['failed']} failed."
        )
