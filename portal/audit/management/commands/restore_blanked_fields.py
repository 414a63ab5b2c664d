"""List, and with --apply restore, optional values blanked by an unchanged form save.

Run it once after deploying the date-field fix (issue 21): first as a dry run,
then with --apply. The work is done in portal/audit/restore.py.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from portal.audit.restore import (
    ALREADY_RESTORED,
    RESTORED,
    SKIPPED,
    WOULD_RESTORE,
    blanked_fields,
    blanked_fields_restore,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SUMMARY = {
    WOULD_RESTORE: "to restore",
    RESTORED: "restored",
    ALREADY_RESTORED: "already restored",
    SKIPPED: "skipped",
}


class Command(BaseCommand):
    help = (
        "Lists every save that emptied optional fields (dates above all) and changed "
        "nothing else, the signature of the date-input bug of issue 21. Changes nothing "
        "unless --apply is given; then puts each old value back if the field is still empty."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="Only saves made on or after this date (the day the broken forms went live).",
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Restore the values (without it, a dry run that changes nothing).",
        )
        parser.add_argument(
            "--dates-only",
            action="store_true",
            help="Only date and time fields, the ones the date-input bug could blank.",
        )

    def handle(self, *args, since=None, apply=False, dates_only=False, **options):
        since_date = parse_since(since)
        findings = blanked_fields(since=since_date, dates_only=dates_only)
        blanked_fields_restore(findings, apply=apply)
        for finding in findings:
            self.stdout.write(finding.describe())

        counts = {outcome: 0 for outcome in (WOULD_RESTORE, RESTORED, ALREADY_RESTORED, SKIPPED)}
        for finding in findings:
            counts[finding.outcome] += 1
        scope = f" since {since_date.isoformat()}" if since_date else ""
        self.stdout.write(
            f"Total: {len(findings)} blanked field{'' if len(findings) == 1 else 's'}{scope}: "
            + ", ".join(
                f"{number} {SUMMARY[outcome]}" for outcome, number in counts.items() if number
            )
            if findings
            else f"Total: no blanked fields found{scope}."
        )
        if apply:
            self.stdout.write(
                f"Applied: {counts[RESTORED]} restored, each with a history entry "
                f"naming restore_blanked_fields."
            )
        else:
            self.stdout.write(
                "Dry run: nothing was changed. Run again with --apply to restore "
                f"{counts[WOULD_RESTORE]} field{'' if counts[WOULD_RESTORE] == 1 else 's'}."
            )


def parse_since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not ISO_DATE.fullmatch(value.strip()):
            raise ValueError
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"--since must be a date written YYYY-MM-DD, for example 2026-11-30 (got {value!r})."
        ) from None
