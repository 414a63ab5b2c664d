"""Organisations, people and their roles: universities and courses, host teams,
schools, a recovery service, and everyone who works in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress

from placements.models import Course, EducatorProfile, ServiceUserGroup, SettingKind, StudentProfile
from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role

from .base import EMAIL_DOMAIN, Context, by_scale_user, delete_rows, insert, person_name, place_name

# team, kind of setting, service user group, statutory tasks (issue 16's three facts)
TEAMS = (
    ("Children in Care", SettingKind.STATUTORY_CHILDREN, ServiceUserGroup.CHILDREN_AND_FAMILIES, 1),
    ("Early Help Hub", SettingKind.EARLY_HELP, ServiceUserGroup.YOUNG_PEOPLE, 0),
    ("Family Support", SettingKind.EARLY_HELP, ServiceUserGroup.CHILDREN_AND_FAMILIES, 0),
    ("Child Protection", SettingKind.STATUTORY_CHILDREN, ServiceUserGroup.CHILDREN_AND_FAMILIES, 1),
    ("Adult Safeguarding", SettingKind.ADULT_SERVICES, ServiceUserGroup.ADULTS, 1),
    ("Community Mental Health", SettingKind.HEALTH, ServiceUserGroup.MENTAL_HEALTH, 1),
    ("Youth Justice", SettingKind.STATUTORY_CHILDREN, ServiceUserGroup.YOUNG_PEOPLE, 1),
    ("Young Carers Project", SettingKind.VOLUNTARY, ServiceUserGroup.YOUNG_PEOPLE, 0),
)
# title, level, first placement days, final placement days, weekly supervision minutes
COURSES = (
    ("BA (Hons) Social Work", Course.Level.BA, 70, 100, 90),
    ("MA Social Work", Course.Level.MA, 70, 100, 90),
)


@dataclass(frozen=True)
class Setting:
    """A host team that takes students: the placement's host, team and setting facts."""

    host: Organisation
    team: str
    kind: str
    group: str
    statutory: bool
    onsite_supervisor: User
    coordinator: User


class People:
    """Builds users with unique addresses; inserts them all at once at the end."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.users: list[User] = []
        self.memberships: list[tuple[User, Organisation, str]] = []

    def new(self, role: str, organisation: Organisation) -> User:
        first, last = person_name(self.ctx.rng)
        number = len(self.users) + 1
        user = User(
            email=f"{first}.{last}.{number}@{EMAIL_DOMAIN}".lower(),
            name=f"{first} {last}",
            password=self.ctx.password_hash,
            date_joined=self.ctx.at(self.ctx.today - timedelta(days=400)),
        )
        self.users.append(user)
        self.memberships.append((user, organisation, role))
        return user

    def save(self) -> None:
        insert(User, self.users)
        starts_on = self.ctx.today - timedelta(days=400)
        insert(
            Membership,
            (
                Membership(user=user, organisation=org, role=role, starts_on=starts_on)
                for user, org, role in self.memberships
            ),
        )
        insert(
            EmailAddress,
            (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in self.users),
        )


def generate(ctx: Context) -> dict[str, int]:
    volumes, rng = ctx.volumes, ctx.rng
    people = People(ctx)
    universities = insert(
        Organisation,
        (
            Organisation(name=f"{place_name(i)} University", kind=Organisation.Kind.UNIVERSITY)
            for i in range(volumes.universities)
        ),
    )
    hosts = insert(
        Organisation,
        (
            Organisation(
                name=f"{place_name(i + 2)} Children's and Adults' Services",
                kind=Organisation.Kind.LOCAL_AUTHORITY,
            )
            for i in range(volumes.hosts)
        ),
    )
    schools = insert(
        Organisation,
        (
            Organisation(
                name=f"{place_name(i)} {'Primary School' if i % 3 else 'Academy'}",
                kind=Organisation.Kind.SCHOOL,
            )
            for i in range(volumes.schools)
        ),
    )
    (provider,) = insert(
        Organisation,
        [Organisation(name="Tidewater Recovery Service", kind=Organisation.Kind.SERVICE_PROVIDER)],
    )
    courses = insert(
        Course,
        (
            Course(
                university=university,
                title=title,
                level=level,
                first_placement_days=first,
                final_placement_days=final,
                weekly_supervision_minutes=minutes,
            )
            for university in universities
            for title, level, first, final, minutes in COURSES
        ),
    )

    host_coordinators = [people.new(Role.COORDINATOR, host) for host in hosts]
    university_coordinators = [people.new(Role.COORDINATOR, u) for u in universities]
    settings = []
    for index in range(volumes.settings):
        host_index = index % len(hosts)
        team, kind, group, statutory = TEAMS[(index // len(hosts)) % len(TEAMS)]
        settings.append(
            Setting(
                host=hosts[host_index],
                team=team if index < len(hosts) * len(TEAMS) else f"{team} {index}",
                kind=kind,
                group=group,
                statutory=bool(statutory),
                onsite_supervisor=people.new(Role.ONSITE_SUPERVISOR, hosts[host_index]),
                coordinator=host_coordinators[host_index],
            )
        )
    educators = [
        people.new(Role.PRACTICE_EDUCATOR, hosts[i % len(hosts)]) for i in range(volumes.educators)
    ]
    tutors = [people.new(Role.TUTOR, universities[i % 2]) for i in range(volumes.tutors)]
    school_contacts = [people.new(Role.SCHOOL_CONTACT, school) for school in schools]
    social_workers = [
        people.new(Role.SOCIAL_WORKER, hosts[i % len(hosts)])
        for i in range(max(volumes.social_workers, len(hosts)))
    ]
    team_managers = [people.new(Role.TEAM_MANAGER, host) for host in hosts]
    life_story_workers = [
        people.new(Role.LIFESTORY_WORKER, hosts[i % len(hosts)])
        for i in range(volumes.life_story_workers)
    ]
    programme_workers = [
        people.new(Role.PROGRAMME_WORKER, provider) for _ in range(volumes.programme_workers)
    ]
    students = [people.new(Role.STUDENT, universities[i % 2]) for i in range(volumes.students)]
    people.save()

    insert(
        EducatorProfile,
        (
            EducatorProfile(
                user=educator,
                swe_registration=f"SW{5000000 + index}",
                peps_stage=2 if ctx.chance(0.7) else 1,
                location=EducatorProfile.Location.ON_SITE
                if ctx.chance(0.6)
                else EducatorProfile.Location.OFF_SITE,
                max_students=rng.choice((4, 5, 6)),
                dbs_checked_on=ctx.today - timedelta(days=rng.randint(30, 900)),
            )
            for index, educator in enumerate(educators)
        ),
    )
    profiles = insert(
        StudentProfile,
        (
            StudentProfile(
                user=student,
                university=universities[index % 2],
                course=courses[(index % 2) * 2 + (index // 2) % 2],
                cohort=str(ctx.today.year - 1 - index % 2),
                student_number=f"{'AB'[index % 2]}{ctx.seed % 100:02d}{index:06d}",
                dbs_checked_on=ctx.today - timedelta(days=rng.randint(60, 700)),
            )
            for index, student in enumerate(students)
        ),
    )
    ctx.made.update(
        universities=universities,
        university_coordinators=university_coordinators,
        hosts=hosts,
        host_coordinators=host_coordinators,
        schools=schools,
        school_contacts=school_contacts,
        provider=provider,
        courses=courses,
        settings=settings,
        educators=educators,
        tutors=tutors,
        social_workers=social_workers,
        team_managers=team_managers,
        life_story_workers=life_story_workers,
        programme_workers=programme_workers,
        students=students,
        student_profiles=profiles,
        users=people.users,
    )
    return {
        "organisations": len(universities) + len(hosts) + len(schools) + 1,
        "courses": len(courses),
        "settings": len(settings),
        "users": len(people.users),
        "students": len(students),
        "practice educators": len(educators),
    }


def clear() -> dict[str, int]:
    scale_organisations = list(
        Organisation.objects.filter(**by_scale_user("memberships__user"))
        .values_list("pk", flat=True)
        .distinct()
    )
    return delete_rows(
        (EmailAddress, by_scale_user("user")),
        (Membership, by_scale_user("user")),
        (StudentProfile, by_scale_user("user")),
        (EducatorProfile, by_scale_user("user")),
        (Course, {"university__in": scale_organisations}),
        (User, by_scale_user("")),
        (Organisation, {"pk__in": scale_organisations}),
    )
