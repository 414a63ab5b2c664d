from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.privacy.subject_access import PERSON_KINDS, person_for, subject_access_zip


class Command(BaseCommand):
    help = "Write everything held about one person to a ZIP (a subject access request)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--person",
            required=True,
            help=f"Who, as kind:id, the kind one of {', '.join(PERSON_KINDS)} (child:12).",
        )
        parser.add_argument("--out", required=True, help="The ZIP file to write.")

    def handle(self, *args, person: str, out: str, **options):
        kind, _, raw_id = person.partition(":")
        if not raw_id.isdigit():
            raise CommandError("--person must be kind:id, for example child:12 or user:3.")
        try:
            subject = person_for(kind, int(raw_id))
        except LookupError as error:
            raise CommandError(str(error)) from error
        _, body = subject_access_zip(subject)
        Path(out).write_bytes(body)
        self.stdout.write(f"Wrote {out} ({len(body)} bytes) about {kind} {raw_id}.")
