"""People and referrals of a programme, for tests (built through the services)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from placements.programmes.models import ProgrammeWorker, Referral
from placements.programmes.services.referrals import ChildDetails, referral_receive
from portal.accounts.roles import Role
from tests.factories import user_with_role

from .support import pocar


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def programme_worker(programme=None, **fields):
    """A programme worker on `programme`'s team (POCAR by default)."""
    programme = programme or pocar()
    user = user_with_role(Role.PROGRAMME_WORKER, programme.provider, **fields)
    ProgrammeWorker.objects.create(programme=programme, user=user)
    return user


def provider_coordinator(programme=None, **fields):
    programme = programme or pocar()
    return user_with_role(Role.COORDINATOR, programme.provider, **fields)


def parent_answers(**changes) -> dict:
    data = {
        "referrer_name": "Rowan Referrer",
        "referrer_local_authority": "Midshire Council",
        "referrer_team": "Family Support East",
        "referrer_email": "rowan@midshire.example.org",
        "referrer_phone": "01234 567890",
        "children_open_to_services": True,
        "meets_threshold": True,
        "parent_name": "Jordan Parentname",
        "parent_date_of_birth": years_ago(30),
        "parent_gender": "female",
        "parent_phone": "07700 900123",
        "parent_email": "",
        "parent_address": "1 Example Road",
        "substances": "Alcohol, most days.",
        "treatment_so_far": "",
        "parent_consent": True,
        "needs_creche": True,
        "interpreter_language": "",
        "access_needs": "",
        "home_visit_risks": "",
    }
    data.update(changes)
    return data


def referral(programme=None, *, children=None, **changes):
    """A referral received now (move "now" with the `clock` fixture) through the form's service."""
    programme = programme or pocar()
    if not programme.is_accepting_referrals:
        programme.is_accepting_referrals = True
        programme.save()
    children = children or [
        ChildDetails(1, "Alex Childname", years_ago(3), "cp", True),
        ChildDetails(2, "Sam Childname", years_ago(9), "cin", True),
    ]
    return referral_receive(
        programme=programme, parent=parent_answers(**changes), children=children
    )


def fresh(record):
    return type(record).objects.get(pk=record.pk)


__all__ = ["Referral", "fresh", "programme_worker", "provider_coordinator", "referral"]
