"""A second POCAR, run by the scale's recovery service, with referrals at every
stage of intake: the children named on each, and enrolments for most of those
accepted (women's group; the men's strand is not running, so keywork only)."""

from __future__ import annotations

from datetime import timedelta

from placements.programmes.models import (
    Enrolment,
    GroupSlot,
    Programme,
    Referral,
    ReferredChild,
    Strand,
)
from placements.programmes.models.referrals import REFERENCE_ALPHABET, SocialCareStatus
from placements.programmes.seed import POCAR, SLOTS, STRANDS

from .base import Context, delete_rows, insert, person_name

SLUG = "pocar-tidewater"
R = Referral.Status
# status, share
STATUSES = (
    (R.RECEIVED, 0.10),
    (R.ALLOCATED, 0.15),
    (R.ACCEPTED, 0.45),
    (R.NOT_SUITABLE, 0.10),
    (R.PARENT_DECLINED, 0.10),
    (R.WITHDRAWN, 0.10),
)
SUBSTANCES = ("Alcohol", "Cannabis and alcohol", "Heroin (on a script)", "Cocaine", "Alcohol")


def _programme(ctx: Context) -> tuple[Programme, Strand]:
    programme = Programme(
        **{**POCAR, "name": "POCAR Tidewater", "is_accepting_referrals": True},
        slug=SLUG,
        provider=ctx.made["provider"],
    )
    programme.full_clean()
    insert(Programme, [programme])
    insert(
        GroupSlot,
        (
            GroupSlot(programme=programme, weekday=weekday, starts_at=starts, ends_at=ends)
            for weekday, starts, ends in SLOTS
        ),
    )
    strands = insert(
        Strand,
        (
            Strand(programme=programme, name=name, for_gender=gender, running_now=running)
            for name, gender, running in STRANDS
        ),
    )
    return programme, strands[0]


def generate(ctx: Context) -> dict[str, int]:
    rng, today, made = ctx.rng, ctx.today, ctx.made
    programme, women = _programme(ctx)
    statuses = [s for s, _ in STATUSES]
    shares = [share for _, share in STATUSES]
    references: set[str] = set(Referral.objects.values_list("reference", flat=True))
    referrals, children, enrolments = [], [], []
    for index in range(ctx.volumes.referrals):
        status = rng.choices(statuses, shares)[0]
        days_ago = rng.randint(1, 12) if status in Referral.OPEN else rng.randint(20, 400)
        received = today - timedelta(days=days_ago)
        while True:
            body = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            reference = f"POC-{body[:4]}-{body[4:]}"
            if reference not in references:
                references.add(reference)
                break
        first, last = person_name(rng)
        gender = "female" if ctx.chance(0.8) else "male"
        referral = Referral(
            programme=programme,
            reference=reference,
            status=status,
            received_at=ctx.at(received, 9 + index % 8),
            contact_due_on=ctx.working_days.add(received, programme.contact_working_days),
            referrer_name=" ".join(person_name(rng)),
            referrer_local_authority=rng.choice(made["hosts"]).name,
            referrer_team="Children's Social Work",
            referrer_email=f"referrer{index}@council.example.org",
            referrer_phone="01632 960000",
            children_open_to_services=True,
            meets_threshold=True,
            parent_name=f"{first} {last}",
            parent_date_of_birth=today - timedelta(days=365 * rng.randint(20, 45)),
            parent_gender=gender,
            parent_phone=f"07700 8{index:05d}",
            parent_address=f"{rng.randint(1, 200)} Harbour Road\nTidewater",
            substances=rng.choice(SUBSTANCES),
            parent_consent=True,
            needs_creche=ctx.chance(0.4),
        )
        if status != R.RECEIVED:
            referral.care_coordinator = rng.choice(made["programme_workers"])
            referral.allocated_at = ctx.at(received + timedelta(days=1), 11)
            referral.contacted_on = received + timedelta(days=rng.randint(2, 9))
        if status not in Referral.OPEN:
            referral.decided_at = ctx.at(received + timedelta(days=14), 15)
            if status == R.ACCEPTED:
                referral.assessment_on = received + timedelta(days=12)
            else:
                referral.outcome_reason = "Talked through with the referrer and the parent."
        referrals.append(referral)
        for number in range(rng.choice((1, 1, 2, 3))):
            age = rng.randint(0, 12)
            children.append(
                ReferredChild(
                    referral=referral,
                    name=f"{person_name(rng)[0]} {last}",
                    date_of_birth=today - timedelta(days=365 * age + rng.randint(0, 300)),
                    social_care_status=rng.choice(
                        (SocialCareStatus.CP, SocialCareStatus.CIN, SocialCareStatus.CIN)
                    ),
                    lives_with_parent=number == 0 or ctx.chance(0.6),
                )
            )
        if status == R.ACCEPTED and ctx.chance(0.8):
            starts_on = referral.assessment_on + timedelta(days=7)
            ends_on = starts_on + timedelta(weeks=programme.length_weeks)
            enrolment = Enrolment(
                referral=referral,
                programme=programme,
                starts_on=starts_on,
                ends_on=ends_on,
                strand=women if gender == "female" else None,
                keywork_only_reason="" if gender == "female" else "The men's group is not running.",
                created_by=referral.care_coordinator,
                created_at=ctx.at(starts_on - timedelta(days=3)),
            )
            if ends_on < today:
                done = ctx.chance(0.7)
                enrolment.status = (
                    Enrolment.Status.COMPLETED if done else Enrolment.Status.NOT_COMPLETED
                )
                enrolment.sessions_offered = 32
                enrolment.sessions_attended = rng.randint(24, 32) if done else rng.randint(8, 23)
                enrolment.ended_on = ends_on
            enrolments.append(enrolment)
    insert(Referral, referrals)
    insert(ReferredChild, children)
    insert(Enrolment, enrolments)
    return {
        "programme referrals": len(referrals),
        "referred children": len(children),
        "enrolments": len(enrolments),
    }


def clear() -> dict[str, int]:
    ours = {"programme__slug": SLUG}
    return delete_rows(
        (Enrolment, ours),
        (ReferredChild, {"referral__programme__slug": SLUG}),
        (Referral, ours),
        (GroupSlot, ours),
        (Strand, ours),
        (Programme, {"slug": SLUG}),
    )
