"""Programme records in the demo data (placements/programmes/seed.py)."""

from __future__ import annotations

from .common import Target

PROGRAMME_WORKER = "programmeworker@example.org"
PROVIDER_COORDINATOR = "recovery@example.org"


def referral_being_contacted() -> Target:
    """Jamie's referral: allocated to the demo programme worker, not reached yet."""
    from placements.programmes.models import Referral

    referral = Referral.objects.get(parent_name="Jamie Example")
    return Target(kwargs={"pk": referral.pk})


def caseys_enrolment() -> Target:
    """Casey is on the women's group, with a keywork plan."""
    from placements.programmes.models import Enrolment

    return Target(kwargs={"pk": Enrolment.objects.get(referral__parent_name="Casey Madeup").pk})


def upcoming_run() -> Target:
    """The Children's Program's coming run: two certified leaders, a family invited."""
    from django.utils import timezone

    from placements.programmes.models import Run

    run = Run.objects.filter(
        programme__slug="childrens-program", starts_on__gt=timezone.localdate()
    ).earliest("starts_on")
    return Target(kwargs={"pk": run.pk})
