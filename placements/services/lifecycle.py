"""Creating placements and moving them through their statuses.

Every status change goes through `placement_transition`, which applies the one
table in placements/transitions.py with the one engine, portal.transitions: the
move must be allowed from the current status, the person must hold its
permission, its checks must pass. Then the status is saved (the history row
names who) and the people on the placement are told.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.services import notify
from portal.transitions import Transition, apply_transition

from ..contrast import check_contrasting_settings, check_setting_described
from ..models import SETTING_FIELDS, Course, Placement, PlacementOffer, StudentProfile
from ..transitions import TRANSITIONS, check_educator, refusal_message

# Details a co-ordinator may change while the placement is a draft or proposed.
EDITABLE_STATUSES = frozenset({Placement.Status.DRAFT, Placement.Status.PROPOSED})
EDITABLE_FIELDS = (
    "host",
    "team",
    "practice_educator",
    "onsite_supervisor",
    "tutor",
    "level",
    "starts_on",
    "ends_on",
    "required_days",
    *SETTING_FIELDS,
)


def _holds_role(user: User, role: str, organisation: Organisation | None = None) -> bool:
    return any(
        m.role == role and (organisation is None or m.organisation_id == organisation.pk)
        for m in user.active_memberships
    )


def educator_problems(placement: Placement) -> list[str]:
    """Why the chosen practice educator cannot take the placement: their PEPS stage
    for its level, their DBS check against its start, and their room during its dates
    (the rules confirming applies, placements/transitions.py check_educator). Every
    problem; none when nobody is chosen yet or the dates are not known."""
    if placement.practice_educator is None:
        return []
    if not (placement.starts_on and placement.ends_on):
        return []
    if placement.ends_on <= placement.starts_on:
        return []
    return check_educator(placement)


def team_room_problems(placement: Placement, offer: PlacementOffer | None) -> list[str]:
    """A team whose offer of places for these dates is taken up has no room for
    another student (placements/models/offer.py). A team without an offer is not
    counted: its places are not recorded."""
    if offer is None:
        return []
    taken = (
        Placement.objects.filter(
            host_id=offer.host_id,
            team__iexact=offer.team,
            status__in=Placement.LIVE_STATUSES,
            starts_on__lt=offer.ends_on,
            ends_on__gt=offer.starts_on,
        )
        .exclude(pk=placement.pk)
        .count()
    )
    if taken < offer.places:
        return []
    return [
        f"{offer.team} has no open place from {long_date(offer.starts_on)} to "
        f"{long_date(offer.ends_on)}: its {offer.places} "
        f"place{'s are' if offer.places != 1 else ' is'} taken."
    ]


def _validate(
    placement: Placement,
    *,
    check_educator_fit: bool = False,
    offer: PlacementOffer | None = None,
) -> None:
    """Every problem with the placement's details, in one ValidationError.

    With `check_educator_fit` (setting up, or choosing another practice educator)
    the educator's PEPS stage, DBS check and room are checked too; with an `offer`
    (setting up in a team that offers places), that a place is open."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if placement.starts_on and placement.ends_on and placement.ends_on <= placement.starts_on:
        add("ends_on", "The end date must be after the start date.")
    student = placement.student
    if not StudentProfile.objects.filter(user=student, course=placement.course).exists():
        add("student", f"{student} has no student profile on {placement.course.title}.")
    elif not _holds_role(student, Role.STUDENT):
        add("student", f"{student} does not hold a current student role.")
    educator = placement.practice_educator
    if educator is not None and not _holds_role(educator, Role.PRACTICE_EDUCATOR):
        add("practice_educator", f"{educator} is not a practice educator.")
    elif check_educator_fit:
        for problem in educator_problems(placement):
            add("practice_educator", problem)
    supervisor = placement.onsite_supervisor
    if supervisor is not None and not _holds_role(
        supervisor, Role.ONSITE_SUPERVISOR, placement.host
    ):
        add("onsite_supervisor", f"{supervisor} is not an on-site supervisor at {placement.host}.")
    tutor = placement.tutor
    university = placement.course.university
    if tutor is not None and not _holds_role(tutor, Role.TUTOR, university):
        add("tutor", f"{tutor} is not a tutor at {university}.")
    for problem in team_room_problems(placement, offer):
        add("team", problem)
    try:
        # Field rules (choices, required, day limits); the date rule is checked above.
        placement.full_clean(validate_constraints=False)
    except ValidationError as invalid:
        for field_name, messages in invalid.message_dict.items():
            for message in messages:
                if message not in errors.get(field_name, []):
                    add(field_name, message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def placement_create(
    *,
    by: User,
    student: User,
    course: Course,
    host: Organisation,
    team: str,
    practice_educator: User | None = None,
    onsite_supervisor: User | None = None,
    tutor: User | None = None,
    level: str,
    starts_on: date,
    ends_on: date,
    required_days: int | None = None,
    setting_kind: str = "",
    service_user_group: str = "",
    statutory_tasks: bool | None = None,
) -> Placement:
    """A new draft placement. Nobody is told until it is proposed.

    The setting's kind, service user group and statutory tasks not given (empty,
    or None) are copied from the team's offer of places for these dates, when
    the host recorded one (placements/models/setting.py)."""
    offer = team_offer(host=host, team=team, starts_on=starts_on, ends_on=ends_on)
    if offer is not None:
        setting_kind = setting_kind or offer.setting_kind
        service_user_group = service_user_group or offer.service_user_group
        if statutory_tasks is None:
            statutory_tasks = offer.statutory_tasks
    placement = Placement(
        student=student,
        course=course,
        host=host,
        team=team.strip(),
        practice_educator=practice_educator,
        onsite_supervisor=onsite_supervisor,
        tutor=tutor,
        level=level,
        starts_on=starts_on,
        ends_on=ends_on,
        required_days=required_days or course.required_days_for(level),
        setting_kind=setting_kind or "",
        service_user_group=service_user_group or "",
        statutory_tasks=bool(statutory_tasks),
        status=Placement.Status.DRAFT,
    )
    if not by.has_perm("placements.change_placement", placement):
        raise PermissionDenied(
            "Only a co-ordinator of the host organisation or the university, or an "
            "administrator, can set up this placement."
        )
    # Every problem at once, the practice educator's fit included; nothing is saved
    # and nobody is told on a refusal.
    _validate(placement, check_educator_fit=True, offer=offer)
    with acting_as(by):
        placement.save()
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, by: User, **changes) -> Placement:
    """Change the details of a draft or proposed placement.

    `changes` takes any of EDITABLE_FIELDS; `required_days=None` means the
    course's number for the level. A proposed placement whose setting changes
    must still keep the contrasting-settings rule (placements/contrast.py).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"placement_update() cannot change {', '.join(sorted(unknown))}")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    setting_before = {name: getattr(placement, name) for name in SETTING_FIELDS}
    educator_before = placement.practice_educator_id
    if not by.has_perm("placements.change_placement", placement):
        raise PermissionDenied("You cannot change this placement.")
    if placement.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"{placement.get_status_display()} placements cannot be changed: only draft and "
            "proposed ones can."
        )
    for name, value in changes.items():
        if name == "team":
            value = value.strip()
        setattr(placement, name, value)
    if placement.required_days is None:
        placement.required_days = placement.course.required_days_for(placement.level)
    # The person must also co-ordinate the (possibly new) host or the university.
    if not by.has_perm("placements.change_placement", placement):
        raise PermissionDenied("You can only place students with organisations you co-ordinate.")
    # Choosing another practice educator checks their fit as setting up does.
    _validate(
        placement,
        check_educator_fit=placement.practice_educator_id not in (None, educator_before),
    )
    setting_changed = any(getattr(placement, n) != setting_before[n] for n in SETTING_FIELDS)
    if placement.status == Placement.Status.PROPOSED and setting_changed:
        # Proposing checked the rule; a proposed placement's new setting must keep it.
        problems = check_setting_described(placement) + check_contrasting_settings(placement)
        if problems:
            raise ValidationError(problems)
    with acting_as(by):
        placement.save()
    return placement


def team_offer(
    *, host: Organisation, team: str, starts_on: date, ends_on: date
) -> PlacementOffer | None:
    """The host's offer of places in `team` (whatever its case) that overlaps the dates."""
    if not (host and team and starts_on and ends_on):
        return None
    return (
        PlacementOffer.objects.filter(
            host=host,
            team__iexact=team.strip(),
            starts_on__lt=ends_on,
            ends_on__gt=starts_on,
        )
        .order_by("starts_on", "pk")
        .first()
    )


def placement_transition(
    *, placement: Placement, name: str, by: User, reason: str = "", record=None
) -> Placement:
    """Apply the move `name` to `placement` on behalf of `by`.

    Raises TransitionNotAllowed when the table has no such move from the
    current status, PermissionDenied when `by` may not take it, and a
    ValidationError listing every failed check (or naming `reason` when a
    required reason is missing). A refusal changes nothing. Returns the
    placement as saved (a fresh instance: the one passed in is not updated).

    A move the table says is `recorded_by` a record (a midpoint review, a
    signed final report, a panel decision) needs that `record`, written in the
    same transaction by placements.services.review; without it the move is
    refused, so no page or API call moves the status on its own.
    """
    return apply_transition(
        table=TRANSITIONS,
        record=placement,
        name=name,
        by=by,
        reason=reason,
        recorded_with=record,
        lock=lambda placement: locked_placement(placement.pk),
        refusal=lambda transition, placement: refusal_message(transition, placement.status),
        denial=lambda transition, placement: (
            f"Only {transition.who_text} can {transition.label[0].lower()}{transition.label[1:]}."
        ),
        reason_message="Enter the reason the placement is ending early.",
        record_fields=_record_reason,
        tell=lambda placement, transition, previous, reason: _tell_people(
            placement, transition, by=by, previous=previous
        ),
    )


def locked_placement(pk: int) -> Placement:
    """The placement with its people, locked until the transaction ends, so two people
    acting at once are serialised and the second sees the first's result."""
    # Only the placement's row: PostgreSQL refuses FOR UPDATE on the nullable side
    # of an outer join (no practice educator yet).
    return Placement.objects.select_for_update(of=("self",)).with_people().get(pk=pk)


def _record_reason(placement: Placement, transition: Transition, reason: str) -> list[str]:
    if transition.needs_reason:
        placement.ended_reason = reason
        return ["ended_reason"]
    return []


def people_on(placement: Placement) -> list[User]:
    """The student, practice educator, on-site supervisor and tutor (those named)."""
    people: dict[int, User] = {}
    for person in (
        placement.student,
        placement.practice_educator,
        placement.onsite_supervisor,
        placement.tutor,
    ):
        if person is not None:
            people.setdefault(person.pk, person)
    return list(people.values())


def _tell_people(placement: Placement, transition: Transition, *, by: User, previous: str) -> None:
    status = placement.get_status_display().lower()
    title = f"{placement.student}'s placement at {placement.host} is now {status}"
    body = (
        f"{by} moved {placement.student}'s {placement.get_level_display().lower()} "
        f"({placement.host}, {placement.team}, {long_date(placement.starts_on)} to "
        f"{long_date(placement.ends_on)}) from {previous.lower()} to {status}."
    )
    url = reverse("placements:placement_detail", args=[placement.pk])
    if transition.recorded_by is not None:
        # The record explains the move: link to it and say what comes next.
        body = f"{body} {transition.recorded_by.tell}"
        url = reverse(transition.recorded_by.page_url, args=[placement.pk])
    for person in people_on(placement):
        if person.pk == by.pk:
            continue  # nobody needs telling about their own action
        notify(user=person, title=title[:200], body=body, url=url, kind="placements")
