"""The demo programme (issue 18): POCAR, run by the demo recovery service.

The facts are POCAR's (a rolling 16-week programme, two groups a week on Monday
and Wednesday from 10:30 to 12:00, contact within two weeks of a referral, a free
creche for children aged 0 to 5, a women's strand running and a men's strand
not); the provider, its address and the wording are the demo's own.
Idempotent: what exists is left as it is."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.workingdays import WorkingDays

from .models import ContactAttempt, GroupSlot, Programme, ProgrammeWorker, Referral, Strand
from .services.intake import contact_attempt_record, referral_allocate, referral_decide
from .services.referrals import ChildDetails, referral_receive

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
    if admin is not None:
        seed_programme_demo(programme=programme, admin=admin)
    return programme


# --- the demo's referrals (issue 18, requirement 11) ------------------------------------------
# Every family here is invented. Days are counted back from today, so the flags
# (one referral overdue for contact) hold whenever the demo is seeded.

DEMO_REFERRER = {
    "referrer_name": "Robin Referrer",
    "referrer_local_authority": "Midshire Council",
    "referrer_team": "Children's Social Work, East",
    "referrer_email": "robin.referrer@midshire.example.org",
    "referrer_phone": "01632 960000",
    "children_open_to_services": True,
    "meets_threshold": True,
    "parent_consent": True,
    "parent_email": "",
    "treatment_so_far": "",
    "interpreter_language": "",
    "access_needs": "",
    "home_visit_risks": "",
}

# parent's name, gender, age, substances, days since referral, children (name, age, status)
DEMO_FAMILIES = {
    "overdue": ("Dana Demo", "female", 31, "Alcohol", 20, [("Ellis Demo", 4, "cp")]),
    "new": ("Morgan Sample", "female", 27, "Cannabis and alcohol", 1, [("Rae Sample", 2, "cin")]),
    "tried": ("Jamie Example", "female", 35, "Heroin (on a script)", 6, [("Kit Example", 7, "cp")]),
    "booked": (
        "Taylor Fictional",
        "female",
        29,
        "Cocaine",
        4,
        [("Ari Fictional", 1, "cp"), ("Bo Fictional", 5, "cp")],
    ),
    "accepted": ("Casey Madeup", "female", 33, "Alcohol", 30, [("Dee Madeup", 3, "cp")]),
    "father": ("Lee Placeholder", "male", 38, "Alcohol", 28, [("Max Placeholder", 6, "cin")]),
    "not_suitable": ("Alex Invented", "female", 41, "Alcohol", 25, [("Jo Invented", 12, "cin")]),
    "declined": ("Sky Pretend", "female", 24, "Cannabis", 22, [("Ray Pretend", 2, "early_help")]),
    "withdrawn": ("Frankie Dummy", "male", 45, "Alcohol", 18, [("Lou Dummy", 9, "cp")]),
}


def _years_ago(today, years: int):
    return today.replace(year=today.year - years, day=min(today.day, 28))


def _demo_referral(programme, key: str):
    name, gender, age, substances, days_ago, children = DEMO_FAMILIES[key]
    today = timezone.localdate()
    referral = referral_receive(
        programme=programme,
        parent={
            **DEMO_REFERRER,
            "parent_name": name,
            "parent_gender": gender,
            "parent_date_of_birth": _years_ago(today, age),
            "parent_phone": "07700 900000",
            "parent_address": "1 Demo Street\nMidshire",
            "substances": substances,
            "needs_creche": any(child_age <= 5 for _, child_age, _ in children),
        },
        children=[
            ChildDetails(n, child, _years_ago(today, child_age), status, True)
            for n, (child, child_age, status) in enumerate(children, start=1)
        ],
    )
    received = timezone.now() - timedelta(days=days_ago)
    due = WorkingDays().add(timezone.localdate(received), programme.contact_working_days)
    Referral.objects.filter(pk=referral.pk).update(received_at=received, contact_due_on=due)
    return Referral.objects.get(pk=referral.pk)


def seed_programme_demo(*, programme: Programme, admin) -> dict:
    """The team, and referrals in every state of intake. Idempotent: a programme
    with referrals already is left as it is. Returns the demo's referrals by key."""
    worker = User.objects.get(email="programmeworker@example.org")
    coordinator = User.objects.get(email="recovery@example.org")
    ProgrammeWorker.objects.get_or_create(programme=programme, user=worker)
    if Referral.objects.filter(programme=programme).exists():
        return {}
    today = timezone.localdate()
    made = {key: _demo_referral(programme, key) for key in DEMO_FAMILIES}
    for key in ("tried", "booked", "accepted", "father", "not_suitable", "declined", "withdrawn"):
        made[key] = referral_allocate(referral=made[key], care_coordinator=worker, by=coordinator)

    def contact(key, days_ago, result, assessment_in=None):
        made[key] = Referral.objects.get(pk=made[key].pk)
        contact_attempt_record(
            referral=made[key],
            by=worker,
            made_on=today - timedelta(days=days_ago),
            method=ContactAttempt.Method.PHONE,
            result=result,
            assessment_offered_on=None
            if assessment_in is None
            else today + timedelta(days=assessment_in),
        )

    R = ContactAttempt.Result
    contact("tried", 2, R.NO_ANSWER)
    contact("booked", 1, R.REACHED, assessment_in=6)
    for key in ("accepted", "father"):
        contact(key, 24, R.NO_ANSWER)
        contact(key, 22, R.REACHED, assessment_in=-15)
        made[key] = referral_decide(referral=made[key], name="accept", by=worker)
    contact("declined", 20, R.REACHED)
    made["not_suitable"] = referral_decide(
        referral=made["not_suitable"],
        name="not_suitable",
        by=worker,
        reason="The youngest child is 12: the programme's creche and groups suit younger "
        "families. Referred on to the family's drug and alcohol service.",
    )
    made["declined"] = referral_decide(
        referral=made["declined"],
        name="parent_declined",
        by=worker,
        reason="Does not want to join a group at present; will think again in the spring.",
    )
    made["withdrawn"] = referral_decide(
        referral=made["withdrawn"],
        name="withdraw",
        by=worker,
        reason="The social worker withdrew it: the family moved out of the area.",
    )
    return made
