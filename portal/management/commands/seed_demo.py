"""Demo organisations, one user per role, and the public home page.

Idempotent: running it again changes nothing. Refuses production settings.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.audit.context import acting_as

QUIET_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
DEMO_PASSWORD = "practice-demo-2026"  # noqa: S105 - printed for demo use; refused in production

ORGANISATIONS = {
    "university": ("Midshire University", Organisation.Kind.UNIVERSITY),
    "council": ("Midshire Children's Services", Organisation.Kind.LOCAL_AUTHORITY),
    "school_a": ("Brookfield Primary School", Organisation.Kind.SCHOOL),
    "school_b": ("Hillcrest Academy", Organisation.Kind.SCHOOL),
    "recovery": ("Harbour Recovery Service", Organisation.Kind.SERVICE_PROVIDER),
    "sweden": ("Familjeprogrammet Norr", Organisation.Kind.SERVICE_PROVIDER),
}

# email, display name, organisation key, role
USERS = [
    ("student@example.org", "Sam Student", "university", Role.STUDENT),
    ("educator@example.org", "Priya Educator", "council", Role.PRACTICE_EDUCATOR),
    ("supervisor@example.org", "Owen Supervisor", "council", Role.ONSITE_SUPERVISOR),
    ("tutor@example.org", "Teresa Tutor", "university", Role.TUTOR),
    ("coordinator@example.org", "Chris Coordinator", "council", Role.COORDINATOR),
    ("school@example.org", "Sophie School", "school_a", Role.SCHOOL_CONTACT),
    ("school2@example.org", "Harvey Hillcrest", "school_b", Role.SCHOOL_CONTACT),
    ("socialworker@example.org", "Sade Socialworker", "council", Role.SOCIAL_WORKER),
    ("manager@example.org", "Mo Manager", "council", Role.TEAM_MANAGER),
    ("lifestory@example.org", "Lena Lifestory", "council", Role.LIFESTORY_WORKER),
    ("programmeworker@example.org", "Pip Programmeworker", "recovery", Role.PROGRAMME_WORKER),
    ("recovery@example.org", "Rhea Recovery", "recovery", Role.COORDINATOR),
    ("pocarstudent@example.org", "Olu Adeyemi", "university", Role.STUDENT),
    ("barnprogram@example.org", "Sara Lindqvist", "sweden", Role.PROGRAMME_WORKER),
    ("editor@example.org", "Ed Editor", "council", Role.EDITOR),
    ("admin@example.org", "Ada Admin", "council", Role.ADMIN),
]


class Command(BaseCommand):
    help = "Create demo organisations, one user per role and the public home page."

    def handle(self, *args, **options):
        if settings.PORTAL_ENVIRONMENT == "production":
            raise CommandError("seed_demo refuses to run with production settings.")
        # One hash for every demo user: hashing is deliberately slow.
        self.password_hash = make_password(DEMO_PASSWORD)
        # The demo's own notifications would otherwise print hundreds of emails.
        with override_settings(EMAIL_BACKEND=QUIET_EMAIL), transaction.atomic():
            organisations = {
                key: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
                for key, (name, kind) in ORGANISATIONS.items()
            }
            admin = self._user("admin@example.org", "Ada Admin", superuser=True)
            with acting_as(admin):
                for email, name, org_key, role in USERS:
                    user = self._user(email, name, superuser=role == Role.ADMIN)
                    organisation = organisations[org_key]
                    if not Membership.objects.filter(
                        user=user, organisation=organisation, role=role
                    ).exists():
                        membership_grant(user=user, organisation=organisation, role=role)
                from placements.seed import seed_practice_learning

                seed_practice_learning(
                    organisations=organisations, admin=admin, password_hash=self.password_hash
                )
                from placements.casework.seed import seed_casework

                seed_casework(organisations=organisations, admin=admin)
                from lifestory.seed import seed_life_story_books

                seed_life_story_books(organisations=organisations, admin=admin)
                from placements.programmes.seed import seed_programmes

                seed_programmes(organisations=organisations, admin=admin)
            from cms.seed import seed_public_site

            seed_public_site()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ as any of:")
        for email, _, _, role in USERS:
            self.stdout.write(f"  {email:<26} {role.label}")
        self.stdout.write(f"Demo password for every user: {DEMO_PASSWORD}")

    def _user(self, email: str, name: str, *, superuser: bool) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email, name=name, password=self.password_hash, is_superuser=superuser
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
