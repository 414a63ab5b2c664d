"""The demo's Children's Program (issue 19): a municipal outpatient service's
residential programme for children aged 7 to 12, run in four-day runs.

The facts are the programme's (seeds/001: ages 7 to 12, four consecutive days,
the parent on two of them, certified leaders, a parent at the end of primary
treatment or in aftercare with at least 30 days of sobriety); the provider, the
leaders, the families and the dates are the demo's own, counted from today.
Idempotent: what exists is left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from portal.accounts.models import Organisation, User

from .models import Language, Leader, Programme, ProgrammeWorker, Referral, Run, TreatmentStage
from .seed_childrens_runs import seed_finished_run
from .services.interest import InterestChild, interest_register
from .services.runs import run_invite

CHILDRENS_PROGRAM = {
    "name": "Children's Program",
    "kind": Programme.Kind.CHILDREN_RESIDENTIAL,
    "language": Language.SWEDISH,
    "summary": "Four residential days for children aged 7 to 12 who live with a parent's "
    "alcohol or drug problem; the parent joins on two of them.",
    "length_days": 4,
    "entry": Programme.Entry.RUNS,
    "has_keywork": False,
    "has_groups": True,
    "address": "Öppenvården, Familjeprogrammet Norr\nStorgatan 12\n123 45 Norrby",
    "accommodation": "Kursgården Sjövik: families share a house for the four days.",
    "parent_days": "3, 4",
    "group_size": 10,
    "min_age": 7,
    "max_age": 12,
    "min_sober_days": 30,
    "treatment_stages": [TreatmentStage.ENDING_TREATMENT, TreatmentStage.AFTERCARE],
    "leaders_per_run": 2,
    "who_may_refer": "Families register their interest themselves.",
    "contact_working_days": 10,
    "completion_percent": 75,
    "is_accepting_referrals": True,
}
VENUE = "Kursgården Sjövik, Sjövägen 4, Norrby"

# name, municipality, job title, certificate number, issued (days ago), expires (days from now)
LEADERS = [
    ("Jessica Berg", "Norrby", "Familjebehandlare", "CP-SE-0107", 700, 400),
    ("Omar Haddad", "Norrby", "Socionom", "CP-SE-0112", 650, 500),
    ("Karin Ek", "Åby", "Behandlingsassistent", "CP-SE-0098", 1000, 60),  # expires within 90 days
    ("Lars Holm", "Åby", "Familjebehandlare", "CP-SE-0071", 1200, -20),  # expired
]

# parent, municipality, stage, days sober, children (first name, age in years and days)
FAMILIES = [
    (
        "Maria Lund",
        "Norrby",
        TreatmentStage.AFTERCARE,
        120,
        [("Elsa", 9, 40), ("Noah", 11, 100)],
    ),
    ("Johan Strand", "Åby", TreatmentStage.AFTERCARE, 200, [("Liv", 6, 200)]),  # too young
    # Sober for 5 days: 25 on the coming run's first day, 5 short.
    ("Sofia Nyberg", "Västerby", TreatmentStage.ENDING_TREATMENT, 5, [("Alva", 8, 10)]),
]


def seed_childrens_program(*, organisations: dict[str, Organisation], admin=None) -> Programme:
    provider = organisations["sweden"]
    programme = Programme.objects.filter(slug="childrens-program").first()
    if programme is None:
        programme = Programme(slug="childrens-program", provider=provider, **CHILDRENS_PROGRAM)
        programme.full_clean()
        programme.save()
    if admin is not None:
        seed_childrens_program_demo(programme)
    return programme


def seed_childrens_program_demo(programme: Programme) -> None:
    """The demo's team, leader register, two runs, three registrations waiting and the
    finished run's four families with their outcomes (requirement 10)."""
    provider = programme.provider
    worker = User.objects.filter(email="barnprogram@example.org").first()
    if worker is not None:
        ProgrammeWorker.objects.get_or_create(programme=programme, user=worker)
    today = timezone.localdate()
    leaders = []
    for name, municipality, title, number, issued, expires in LEADERS:
        leader = Leader.objects.filter(programme=programme, certificate_number=number).first()
        if leader is None:
            employer = provider.name if municipality == "Norrby" else f"{municipality} kommun"
            leader = Leader(
                programme=programme,
                name=name,
                organisation=employer,
                municipality=municipality,
                job_title=title,
                certificate_number=number,
                issued_by="Children's Program Sverige",
                issued_on=today - timedelta(days=issued),
                expires_on=today + timedelta(days=expires),
            )
            leader.full_clean()
            leader.save()
        leaders.append(leader)
    if not programme.runs.exists():
        # Ended about four months ago: its 3-month follow-up is in (seed_childrens_runs).
        finished = Run.objects.create(
            programme=programme, starts_on=today - timedelta(days=130), venue=VENUE, places=10
        )
        finished.leaders.set(leaders[:2])
        upcoming = Run.objects.create(
            programme=programme, starts_on=today + timedelta(days=20), venue=VENUE, places=10
        )
        upcoming.leaders.set(leaders[:2])
    if not Referral.objects.filter(programme=programme).exists():
        for parent, municipality, stage, sober, children in FAMILIES:
            interest_register(
                programme=programme,
                details={
                    "parent_name": parent,
                    "parent_email": f"{parent.split()[0].lower()}@example.se",
                    "parent_phone": "",
                    "municipality": municipality,
                    "language": Referral.Language.SWEDISH,
                    "treatment_stage": stage,
                    "sober_since": today - timedelta(days=sober),
                    "parent_consent": True,
                },
                children=[
                    InterestChild(
                        number=n,
                        first_name=first,
                        date_of_birth=_born(today, years, days),
                        support_group="queued" if n == 1 else "none",
                    )
                    for n, (first, years, days) in enumerate(children, start=1)
                ],
            )
        # The first family, who fit, is offered a place on the coming run.
        upcoming = programme.runs.filter(starts_on__gt=today).order_by("starts_on").first()
        if worker is not None and upcoming is not None:
            first = Referral.objects.get(programme=programme, parent_name=FAMILIES[0][0])
            run_invite(run=upcoming, referral=first, by=worker)
    # The finished run's families, days, support groups and ratings.
    seed_finished_run(programme, worker)


def _born(today, years: int, days: int):
    """A birthday `years` years and `days` days before today."""
    return today.replace(year=today.year - years, day=min(today.day, 28)) - timedelta(days=days)
