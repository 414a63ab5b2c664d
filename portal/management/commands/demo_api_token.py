"""Issue a personal API token for a demo user and print it (the only time it is shown).

    python manage.py demo_api_token admin@example.org [--name NAME] [--days N] [--allow-api]

For scripts that call the API as a demo user (`make test-api-fuzz`), so nobody
copies a token by hand. The token is made by the same service as the tokens
page, with its checks: a role that does not use the API (a student) needs
`--allow-api`, which ticks "May use the API" on the account as an admin would.
Refuses production settings, like seed_demo.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import User
from portal.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Issue a personal API token for a demo user and print it."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The demo user, e.g. admin@example.org.")
        parser.add_argument("--name", default="Demo script", help="What the token is for.")
        parser.add_argument("--days", type=int, default=1, help="Days until it expires.")
        parser.add_argument(
            "--allow-api", action="store_true", help="Allow the account to use the API first."
        )

    def handle(self, *args, email: str, name: str, days: int, allow_api: bool, **options):
        if settings.PORTAL_ENVIRONMENT == "production":
            raise CommandError("demo_api_token refuses to run with production settings.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user {email}: run `manage.py seed_demo` first.")
        if allow_api and not user.api_access_allowed:
            user.api_access_allowed = True
            user.save(update_fields=["api_access_allowed"])
        try:
            issued = api_token_create(user=user, name=name, days=days)
        except (PermissionDenied, ValidationError) as refused:
            raise CommandError(f"{email}: {refused}") from refused
        self.stdout.write(issued.secret)
