"""The demo programme (issue 18): POCAR, run by the demo recovery service.

The facts are POCAR's (a rolling 16-week programme, two groups a week on Monday
and Wednesday from 10:30 to 12:00, contact within two weeks of a referral, a free
creche for children aged 0 to 5, a women's strand running and a men's strand
not); the provider, its address and the wording are the demo's own.
Idempotent: what exists is left as it is."""

from __future__ import annotations

from datetime import time

from portal.accounts.models import Organisation

from .models import GroupSlot, Programme, Strand

POCAR = {
    "name": "POCAR",
    "kind": Programme.Kind.PARENT_SUBSTANCE_MISUSE,
    "summary": "Parenting Our Children and Accessing Recovery: an intensive programme for "
    "parents whose drug or alcohol use worries their children's social worker.",
    "length_weeks": 16,
    "entry": Programme.Entry.ROLLING,
    "has_keywork": True,
    "has_groups": True,
    "address": "Harbour Recovery Service\n7 Wharf Lane\nMidshire\nMD1 4QT",
    "who_may_refer": "The child's social worker (children's services).",
    "threshold_question": "Do you believe the children may be at risk because of their "
    "parent's drug or alcohol use?",
    "contact_working_days": 10,  # "within two weeks": 10 working days
    "completion_percent": 75,
    "has_creche": True,
    "creche_min_age": 0,
    "creche_max_age": 5,
    "creche_places": 8,
    "is_accepting_referrals": True,
}
SLOTS = [
    (GroupSlot.Weekday.MONDAY, time(10, 30), time(12, 0)),
    (GroupSlot.Weekday.WEDNESDAY, time(10, 30), time(12, 0)),
]
STRANDS = [
    ("Women's group", Strand.For.WOMEN, True),
    ("Men's group", Strand.For.MEN, False),
]


def seed_programmes(*, organisations: dict[str, Organisation], admin=None) -> Programme:
    provider = organisations["recovery"]
    programme = Programme.objects.filter(slug="pocar").first()
    if programme is None:
        programme = Programme(slug="pocar", provider=provider, **POCAR)
        programme.full_clean()
        programme.save()
    for weekday, starts_at, ends_at in SLOTS:
        if not programme.slots.filter(weekday=weekday, starts_at=starts_at).exists():
            slot = GroupSlot(
                programme=programme, weekday=weekday, starts_at=starts_at, ends_at=ends_at
            )
            slot.full_clean()
            slot.save()
    for name, for_gender, running in STRANDS:
        if not programme.strands.filter(name=name).exists():
            Strand.objects.create(
                programme=programme, name=name, for_gender=for_gender, running_now=running
            )
    return programme
