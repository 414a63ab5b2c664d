"""A synthetic, clearly labelled POCAR cohort whose records give NEF's published
figures (2015): child protection plans down 53% three months after completion
and 85% twelve months after.

50 families, one child each, all completing in 2024: 40 children on a plan at
referral, 19 at 3 months ((40 − 19) / 40 = 52.5%, shown as 53%) and 6 at 12
months ((40 − 6) / 40 = 85%). Everyone in it is made up ("Synthetic Parent 07");
the referrer's address marks every record. Idempotent: a family already there is
left as it is. Refuses production settings. The figures printed at the end are
read by the selector the evaluation page uses.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.audit.context import acting_as

from ...models import (
    Enrolment,
    KeyworkGoal,
    KeyworkPlan,
    OutcomeCheck,
    Programme,
    Referral,
    ReferredChild,
    SelfEsteemScore,
)
from ...models.referrals import new_reference
from ...seed import seed_programmes
from ...selectors.evaluation import programme_evaluation
from ...services.outcomes import outcome_checks_open, outcome_checks_schedule

MARK = "synthetic-cohort@example.org"  # the referrer's address on every synthetic record
PROVIDER = "Harbour Recovery Service"
FAMILIES = 50
FIRST_END = date(2024, 1, 15)  # one family completes each week from here
SEED_FROM, SEED_TO = date(2024, 1, 1), date(2024, 12, 31)
WEEKS = 16

# (number of children with this path, status at referral, completion, 3 months, 12 months)
PATHS = (
    (6, "cp", "cp", "cp", "cp"),
    (2, "cp", "cp", "cp", "lac"),
    (11, "cp", "cp", "cp", "cin"),
    (11, "cp", "cp", "cin", "none"),
    (10, "cp", "cin", "cin", "none"),
    (10, "cin", "cin", "early_help", "none"),
)


def child_path(index: int) -> tuple[str, str, str, str]:
    for count, *statuses in PATHS:
        if index < count:
            return tuple(statuses)
        index -= count
    raise IndexError(index)


class Command(BaseCommand):
    help = "Write a synthetic POCAR cohort reproducing NEF's published outcome figures."

    def handle(self, *args, **options):
        if settings.PORTAL_ENVIRONMENT == "production":
            raise CommandError("seed_outcomes refuses to run with production settings.")
        with transaction.atomic():
            programme = self._programme()
            by = self._author()
            made = sum(self._family(programme, by, i) for i in range(FAMILIES))
        evaluation = programme_evaluation(programme, date_from=SEED_FROM, date_to=SEED_TO)
        self.stdout.write(
            f"Synthetic cohort for {programme.name}: {made} new families, "
            f"{evaluation.enrolments} completed enrolments ending "
            f"{SEED_FROM.isoformat()} to {SEED_TO.isoformat()}, {evaluation.n_children} children."
        )
        for key, figure in evaluation.figures.items():
            self.stdout.write(f"  {key}: {figure.display} (n={figure.n})")

    def _programme(self) -> Programme:
        programme = Programme.objects.filter(slug="pocar").first()
        if programme is not None:
            return programme
        provider, _ = Organisation.objects.get_or_create(
            name=PROVIDER, defaults={"kind": Organisation.Kind.SERVICE_PROVIDER}
        )
        return seed_programmes(organisations={"recovery": provider})

    def _author(self) -> User:
        user = User.objects.filter(email=MARK).first()
        if user is None:
            user = User(email=MARK, name="Synthetic cohort (not a person)", is_active=False)
            user.set_unusable_password()
            user.save()
        return user

    def _family(self, programme: Programme, by: User, i: int) -> bool:
        parent = f"Synthetic Parent {i + 1:02d}"
        if Referral.objects.filter(
            programme=programme, referrer_email=MARK, parent_name=parent
        ).exists():
            return False
        ended_on = FIRST_END + timedelta(weeks=i)
        starts_on = ended_on - timedelta(weeks=WEEKS)
        received = starts_on - timedelta(days=28)
        at_referral, completion, three, twelve = child_path(i)
        with acting_as(by):
            referral = Referral.objects.create(
                programme=programme,
                reference=new_reference(programme.slug),
                status=Referral.Status.ACCEPTED,
                received_at=timezone.make_aware(datetime.combine(received, time(10))),
                contact_due_on=received + timedelta(days=14),
                referrer_name="Synthetic Referrer",
                referrer_local_authority="Synthetic County (made-up data)",
                referrer_team="Synthetic team",
                referrer_email=MARK,
                referrer_phone="01632 960000",  # a number reserved for drama
                children_open_to_services=True,
                meets_threshold=True,
                parent_name=parent,
                parent_date_of_birth=date(1990, 1, 1) + timedelta(days=97 * i),
                parent_gender=Referral.Gender.FEMALE if i % 2 else Referral.Gender.MALE,
                parent_address="1 Synthetic Street\nNowhere\nZZ99 9ZZ",
                substances="Synthetic record: none recorded",
                parent_consent=True,
                contacted_on=received + timedelta(days=3),
                assessment_on=received + timedelta(days=10),
            )
            ReferredChild.objects.create(
                referral=referral,
                name=f"Synthetic Child {i + 1:02d}",
                date_of_birth=date(2015, 6, 1) + timedelta(days=53 * i),
                social_care_status=at_referral,
            )
            enrolment = Enrolment.objects.create(
                referral=referral,
                programme=programme,
                status=Enrolment.Status.COMPLETED,
                starts_on=starts_on,
                ends_on=ended_on,
                ended_on=ended_on,
                sessions_offered=32,
                sessions_attended=26 + i % 6,
                created_by=by,
            )
            outcome_checks_open(enrolment=enrolment, by=by)
            checks = outcome_checks_schedule(enrolment=enrolment, by=by)
            follow_ups = {
                OutcomeCheck.Point.COMPLETION: completion,
                OutcomeCheck.Point.THREE_MONTHS: three,
                OutcomeCheck.Point.TWELVE_MONTHS: twelve,
            }
            for check in checks:
                check.status = follow_ups[check.point]
                check.recorded_on = check.due_on
                check.recorded_by = by
                check.save(update_fields=["status", "recorded_on", "recorded_by"])
            plan = KeyworkPlan.objects.create(enrolment=enrolment, agreed_on=starts_on)
            for g, goal in enumerate(("Keep to the morning routine", "Stay in recovery")):
                start = 2 + (i + g) % 4
                KeyworkGoal.objects.create(
                    plan=plan, goal=goal, score_start=start, score_end=start + 3 + (i + g) % 3
                )
            rosenberg = 11 + i % 6
            SelfEsteemScore.objects.create(
                enrolment=enrolment, point="start", score=rosenberg, recorded_on=starts_on
            )
            SelfEsteemScore.objects.create(
                enrolment=enrolment, point="end", score=rosenberg + 4 + i % 3, recorded_on=ended_on
            )
        return True
