"""Requests for support: a school asks for direct work with a pupil; the service
triages it (accept and allocate students, decline, or redirect).

`support_request_submit` writes a record of the pupil as the school entered
them, their main parent or carer and the request in one transaction: a refused
request leaves nothing behind. It never attaches the request to a record
already held (the school would see, and add to, a record it cannot see):
possible duplicates are flagged to the service's co-ordinators, who merge
them (services.merges). `support_request_decide` is the one function that
changes a request's status (transitions.requests.REQUEST_TRANSITIONS).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission
from portal.services import notifications_done_for, notify
from portal.transitions import Transition, apply_transition

from ..models import Carer, Child, SupportKind, SupportRequest, Theme
from ..models.requests import DECISION_TIMESCALE
from ..rules import HOLDING_KINDS
from ..selectors import requests as reads
from ..transitions.requests import REQUEST_TRANSITIONS
from .children import CARER_DETAILS, IDENTITY_FIELDS, allocation_create, tidy

# What a school tells the service about the pupil and their main parent or carer.
PUPIL_FIELDS = (*IDENTITY_FIELDS, "year_group")
REQUEST_CARER_FIELDS = CARER_DETAILS
CARER_PREFIX = "carer_"


def request_url(support_request: SupportRequest) -> str:
    return reverse("casework:request_detail", args=[support_request.pk])


def _errors_of(record, *, exclude: list[str], prefix: str = "", **options) -> dict:
    try:
        record.full_clean(exclude=exclude, **options)
    except ValidationError as error:
        return {f"{prefix}{field}": messages for field, messages in error.message_dict.items()}
    return {}


def _merge(errors: dict, more: dict) -> None:
    for field, messages in more.items():
        errors.setdefault(field, []).extend(messages)


def _waiting_from_school(school: Organisation, fields: dict) -> SupportRequest | None:
    """The school's own request for a pupil it entered with the same names and date of
    birth, still waiting for a decision (only what the school itself entered counts)."""
    if not (fields.get("first_name") and fields.get("last_name") and fields.get("date_of_birth")):
        return None
    return (
        SupportRequest.objects.filter(
            school=school,
            status=SupportRequest.Status.SUBMITTED,
            child_as_entered__first_name__iexact=fields["first_name"],
            child_as_entered__last_name__iexact=fields["last_name"],
            child_as_entered__date_of_birth=fields["date_of_birth"],
        )
        .order_by("submitted_at", "pk")
        .first()
    )


@transaction.atomic
def support_request_submit(
    *,
    by: User,
    school: Organisation,
    service: Organisation | None,
    child_fields: dict,
    carer_fields: dict,
    reason: str,
    themes: Iterable[Theme],
    parent_consent_on: date | None,
    parent_consent_by: str,
    child_view: str,
    parent_consent_given: bool | None = None,
    kind: str = SupportKind.DIRECT_WORK,
) -> SupportRequest:
    """A school contact of `school` asks `service` for direct work with a pupil.

    `parent_consent_given` defaults to whether a date or a name of consent was
    given; without consent the request is refused. Errors name the fields:
    the child's own, `carer_<field>` for the carer's, and the request's.
    """
    if not by.has_perm("casework.add_request", school):
        raise PermissionDenied("Only a contact of the pupil's school can ask for support.")
    unknown = (set(child_fields) - set(PUPIL_FIELDS)) | (
        set(carer_fields) - set(REQUEST_CARER_FIELDS)
    )
    if unknown:
        raise TypeError(f"support_request_submit() cannot take {', '.join(sorted(unknown))}")
    errors: dict[str, list] = {}
    if service is None:
        errors["service"] = ["Choose the service you are asking for support."]
    elif service.kind not in HOLDING_KINDS:
        errors["service"] = ["Choose one of the services: a school or university does not run one."]
    if kind not in SupportKind.values:
        errors["kind"] = ["Choose the kind of support you are asking for."]
    elif "service" not in errors:
        offered = reads.school_offers([school])[school.pk]
        if (service.pk, kind) not in offered:
            if not any(service_id == service.pk for service_id, _ in offered):
                errors["service"] = [
                    f"{school.name} does not work with {service.name}: choose one of the "
                    "services your school works with."
                ]
            else:
                errors["kind"] = [
                    f"{service.name} does not offer {school.name} "
                    f"{SupportKind(kind).label.lower()}: choose a kind of support it offers."
                ]

    pupil = tidy(child_fields)
    child = Child(**pupil, school=school, held_by=service, created_by=by)
    exclude = ["reference"] + (["held_by"] if "service" in errors else [])
    _merge(errors, _errors_of(child, exclude=exclude))
    waiting = _waiting_from_school(school, pupil)
    if waiting is not None:
        errors.setdefault("first_name", []).append(
            "Your school asked for support for this pupil on "
            f"{long_date(timezone.localdate(waiting.submitted_at))}"
            " and that request is waiting for a decision."
        )

    carer_values = tidy({key: value for key, value in carer_fields.items()})
    carer_values["has_parental_responsibility"] = bool(
        carer_values.get("has_parental_responsibility")
    )
    carer = Carer(**carer_values)
    _merge(
        errors,
        _errors_of(carer, exclude=["child"], prefix=CARER_PREFIX, validate_constraints=False),
    )

    consent_by = (parent_consent_by or "").strip()
    if parent_consent_given is None:
        parent_consent_given = bool(parent_consent_on or consent_by)
    support_request = SupportRequest(
        school=school,
        kind=kind if kind in SupportKind.values else SupportKind.DIRECT_WORK,
        reason=(reason or "").strip(),
        parent_consent_given=bool(parent_consent_given),
        parent_consent_on=parent_consent_on if parent_consent_given else None,
        parent_consent_by=consent_by if parent_consent_given else "",
        child_view=(child_view or "").strip(),
        submitted_by=by,
    )
    _merge(errors, _errors_of(support_request, exclude=["child", "child_as_entered"]))

    themes = list(themes)
    if any(not theme.is_active for theme in themes):
        errors.setdefault("themes", []).append("Choose from the themes the service offers.")
    if errors:
        raise ValidationError(errors)

    with acting_as(by):
        child.save()
        carer.child = child
        carer.is_main_contact = True
        carer.save()
        support_request.child = support_request.child_as_entered = child
        support_request.carer_as_entered = carer
        support_request.save()
        support_request.themes.set(themes)
    _tell_service(support_request, child)
    return support_request


def _tell_service(support_request: SupportRequest, child: Child) -> None:
    for coordinator in reads.members(child.held_by, Role.COORDINATOR):
        notify(
            user=coordinator,
            title=f"New request for support for {child.reference}",
            body=f"{support_request.school} asked for support for a pupil "
            f"({support_request.get_kind_display().lower()}). Decide within "
            f"{DECISION_TIMESCALE}: accept and allocate students, "
            "decline with a reason, or redirect to a social care referral.",
            url=request_url(support_request),
            kind="casework",
        )


# --- triage --------------------------------------------------------------------------

REASON_MESSAGES = {
    "decline": "Enter why the request is declined.",
    "redirect": "Enter where the child was referred, for example “Referred to the children's "
    "services front door on 3 March”.",
}


def _placement_for(student: User, service: Organisation, starts_on: date | None):
    placements = reads.triage_placements(service).filter(student=student)
    if starts_on is not None:
        placements = placements.filter(starts_on__lte=starts_on, ends_on__gte=starts_on)
    return placements.first()


def _allocate(support_request, *, by, students, practice_educator, starts_on) -> list:
    child = support_request.child
    errors: dict[str, list] = {}
    students = list({s.pk: s for s in students}.values())
    if not students:
        errors["students"] = ["Choose at least one student to do the work."]
    if starts_on is None:
        errors["starts_on"] = ["Enter the date the work starts."]
    if errors:
        raise ValidationError(errors)
    allocations = []
    # A student is named only to someone who may allocate their work (issue 13).
    in_scope = set(reads.triage_placements(child.held_by, by=by).values_list("student", flat=True))
    for student in students:
        placement = _placement_for(student, child.held_by, starts_on)
        who = str(student) if student.pk in in_scope else "A student chosen"
        if placement is None:
            errors.setdefault("students", []).append(
                f"{who} has no placement at {child.held_by} on the day the work starts."
            )
            continue
        if not by.has_perm("casework.add_allocation", placement):
            errors.setdefault("students", []).append(
                f"{who} is not one of the students you educate: a co-ordinator of "
                f"{child.held_by} can allocate them."
            )
            continue
        try:
            allocation = allocation_create(
                by=by,
                child=child,
                student=student,
                placement=placement,
                starts_on=starts_on,
                practice_educator=practice_educator,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = {"student": "students", "placement": "students"}.get(field, field)
                errors.setdefault(target, []).extend(
                    m if str(student) in m else f"{student}: {m}" for m in messages
                )
            continue
        allocation.support_request = support_request
        with acting_as(by):
            allocation.save(update_fields=["support_request"])
        allocations.append(allocation)
    if errors:
        # Raised inside the transaction: no allocation of this decision is kept.
        raise ValidationError(errors)
    return allocations


def support_request_decide(
    *,
    support_request: SupportRequest,
    name: str,
    by: User,
    reason: str = "",
    students: Iterable[User] = (),
    practice_educator: User | None = None,
    starts_on: date | None = None,
) -> SupportRequest:
    """Take the move `name` (accept, decline, redirect) on `support_request` for `by`.

    Accepting allocates each of `students` (on their current placement with the
    service) from `starts_on`, overseen by `practice_educator` (each student's own
    by default). Refused, nothing changes: out of scope (Http404), a move the
    status does not allow (TransitionNotAllowed), someone the move is not
    for (PermissionDenied), a missing reason or allocation problem (ValidationError).
    """
    allocations: list = []

    def lock_row(support_request: SupportRequest) -> SupportRequest:
        # Only the request's row: PostgreSQL refuses FOR UPDATE on the nullable
        # side of an outer join.
        return (
            SupportRequest.objects.select_for_update(of=("self",))
            .select_related("child", "child__held_by", "child_as_entered", "school", "submitted_by")
            .get(pk=support_request.pk)
        )

    def visible(support_request: SupportRequest) -> None:
        require_object_permission(by, support_request, scope="casework.view_request")

    def record_decision(
        support_request: SupportRequest, transition: Transition, reason: str
    ) -> list[str]:
        if transition.name == "accept":
            allocations.extend(
                _allocate(
                    support_request,
                    by=by,
                    students=students,
                    practice_educator=practice_educator,
                    starts_on=starts_on,
                )
            )
        support_request.decided_at = timezone.now()
        support_request.decided_by = by
        support_request.decision_reason = reason
        return ["decided_at", "decided_by", "decision_reason"]

    def tell(support_request: SupportRequest, transition, previous: str, reason: str) -> None:
        # "Decide within ...": done for the co-ordinator who decided (not their colleagues).
        notifications_done_for(user=by, url=request_url(support_request))
        _tell_school(support_request, allocations)
        _tell_allocated(support_request, allocations)

    return apply_transition(
        table=REQUEST_TRANSITIONS,
        record=support_request,
        name=name,
        by=by,
        reason=reason,
        lock=lock_row,
        guard=visible,
        refusal=lambda transition, support_request: (
            f"This request is already {support_request.get_status_display().lower()}: "
            f"“{transition.label}” is only possible while it waits for a decision."
        ),
        denial=lambda transition, support_request: (
            f"Only {transition.who_text.rstrip(',')} can do this."
        ),
        reason_message=lambda transition: REASON_MESSAGES.get(transition.name, "Enter the reason."),
        record_fields=record_decision,
        tell=tell,
    )


def _tell_school(support_request: SupportRequest, allocations: list) -> None:
    # The reference of the record the school made: never one it was merged into.
    reference = support_request.child_as_entered.reference
    status = support_request.status
    if status == SupportRequest.Status.ACCEPTED:
        title = f"Request for support for {reference} accepted"
        count = len(allocations)
        body = (
            f"{support_request.child.held_by} accepted the request: {count} "
            f"student{'s' if count != 1 else ''} will do the direct work, starting "
            f"{long_date(allocations[0].starts_on)}."
        )
    elif status == SupportRequest.Status.DECLINED:
        title = f"Request for support for {reference} declined"
        body = f"Reason: {support_request.decision_reason}"
    else:
        title = f"Request for support for {reference} redirected to a social care referral"
        body = support_request.decision_reason
    people = {support_request.submitted_by_id: support_request.submitted_by}
    for contact in reads.members(support_request.school, Role.SCHOOL_CONTACT):
        people.setdefault(contact.pk, contact)
    for person in people.values():
        if person.is_active:
            notify(
                user=person,
                title=title,
                body=body,
                url=request_url(support_request),
                kind="casework",
            )


def _tell_allocated(support_request: SupportRequest, allocations: list) -> None:
    child = support_request.child
    url = reverse("casework:child_detail", args=[child.pk])
    told: set[int] = set()
    for allocation in allocations:
        for person in (allocation.student, allocation.practice_educator):
            if person.pk in told:
                continue
            told.add(person.pk)
            notify(
                user=person,
                title=f"Direct work with {child.reference} is allocated",
                body=f"From {long_date(allocation.starts_on)}, "
                f"at the request of {support_request.school}.",
                url=url,
                kind="casework",
            )
