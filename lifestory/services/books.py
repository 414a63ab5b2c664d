"""Writes to Life Story Books (issue 17): the project, its status and its versions.

`book_create` starts a book with version 1 and the default outline,
`book_update` changes its people and dates, and `book_transition` is the one
function that changes its status (transitions.BOOK_TRANSITIONS). Approval
signs and locks the current version (portal.signatures, portal.locking); an
amendment makes the next version from it. Notifications name the child by
reference only.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import Child
from placements.models import Placement
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.locking import amend, lock
from portal.permissions import require_object_permission
from portal.services import notify
from portal.signatures import sign
from portal.transitions import Transition
from portal.workingdays import WorkingDays

from ..models import BookVersion, Chapter, LifeStoryBook
from ..models.books import DEFAULT_OUTLINE, FINAL_WORKING_DAYS
from ..selectors.books import current_version
from ..transitions import BOOK_TRANSITIONS
from .renders import printed_version_for_delivery
from .telling import (
    EVERYONE,
    MANAGERS,
    WRITERS,
    apply_move,
    tell_move,
)

S = LifeStoryBook.Status
DETAIL_FIELDS = (
    "plan_type",
    "worker",
    "co_worker",
    "second_review_date",
    "celebration_hearing_date",
)
# A date this far from today is a typing mistake, not a hearing.
FURTHEST_YEARS = 5

REASON_MESSAGES = {
    "request_revisions": "Enter what needs to change before the book is approved.",
    "amend": "Enter the reason for changing the approved book.",
}


def book_url(book: LifeStoryBook) -> str:
    return reverse("lifestory:book_detail", args=[book.pk])


def _holds(user: User, organisation_id, role: str) -> bool:
    return any(o.pk == organisation_id for o in user.organisations_where(role))


def final_due_date_for(hearing: date | None, calendar: WorkingDays | None = None) -> date | None:
    if hearing is None:
        return None
    return (calendar or WorkingDays()).add(hearing, FINAL_WORKING_DAYS)


def _people_errors(child: Child, worker: User | None, co_worker: User | None) -> dict:
    errors: dict[str, list[str]] = {}
    if worker is None:
        errors["worker"] = ["Choose the life-story worker."]
    elif not _holds(worker, child.held_by_id, Role.LIFESTORY_WORKER):
        errors["worker"] = [f"{worker} is not a life-story worker of {child.held_by}."]
    if co_worker is not None:
        placed = Placement.objects.filter(student=co_worker, host_id=child.held_by_id).exclude(
            status__in=Placement.FINISHED_STATUSES
        )
        if not placed.exists():
            errors["co_worker"] = [
                f"{co_worker} is not a student on a current placement with {child.held_by}."
            ]
    return errors


def _date_errors(second_review: date | None, hearing: date | None) -> dict:
    today = timezone.localdate()
    earliest = today - timedelta(days=365 * FURTHEST_YEARS)
    latest = today + timedelta(days=365 * FURTHEST_YEARS)
    errors: dict[str, list[str]] = {}
    for name, day, label in (
        ("second_review_date", second_review, "The second adoption review"),
        ("celebration_hearing_date", hearing, "The celebration hearing"),
    ):
        if day is not None and not earliest <= day <= latest:
            errors[name] = [f"{label} must be within {FURTHEST_YEARS} years of today."]
    if not errors and second_review and hearing and hearing < second_review:
        errors["celebration_hearing_date"] = [
            "The celebration hearing must be on or after the second adoption review."
        ]
    return errors


@transaction.atomic
def book_create(
    *,
    by: User,
    child: Child | None,
    plan_type: str,
    worker: User | None,
    co_worker: User | None = None,
    second_review_date: date | None = None,
    celebration_hearing_date: date | None = None,
) -> LifeStoryBook:
    """Start the Life Story Book of `child`, with the default outline of chapters.

    Who: a team manager of the organisation holding the child's record, one of
    its life-story workers (naming themself), or an administrator.
    """
    if not by.is_authenticated:
        raise PermissionDenied("Sign in to start a Life Story Book.")
    if child is None:
        raise ValidationError({"child": ["Enter the child's reference."]})
    held_by = child.held_by_id
    manager = by.is_portal_admin or _holds(by, held_by, Role.TEAM_MANAGER)
    if not manager:
        if not _holds(by, held_by, Role.LIFESTORY_WORKER):
            raise ValidationError(
                {"child": ["No child with this reference is held by your service."]}
            )
        if worker is not None and worker.pk != by.pk:
            raise PermissionDenied(
                "As a life-story worker you can start a book only with yourself as its worker."
            )
    errors = _people_errors(child, worker, co_worker)
    errors.update(_date_errors(second_review_date, celebration_hearing_date))
    if plan_type not in LifeStoryBook.PlanType.values:
        errors["plan_type"] = ["Choose the child's plan."]
    if LifeStoryBook.objects.filter(child=child).exists():
        errors["child"] = ["This child already has a Life Story Book."]
    if errors:
        raise ValidationError(errors)
    book = LifeStoryBook(
        child=child,
        plan_type=plan_type,
        worker=worker,
        co_worker=co_worker,
        second_review_date=second_review_date,
        celebration_hearing_date=celebration_hearing_date,
        final_due_date=final_due_date_for(celebration_hearing_date),
        created_by=by,
    )
    with acting_as(by):
        book.save()
        version = BookVersion.objects.create(book=book, number=1)
        for position, title in enumerate(DEFAULT_OUTLINE, start=1):
            Chapter.objects.create(version=version, position=position, title=title)
    url = book_url(book)
    for person in (worker, co_worker):
        if person is not None and person.pk != by.pk:
            notify(
                user=person,
                title=f"You are working on the Life Story Book of {child.reference}",
                body="The book has its outline of chapters and its deadlines.",
                url=url,
                kind="life_story",
            )
    return book


def locked_book(book: LifeStoryBook) -> LifeStoryBook:
    return (
        LifeStoryBook.objects.select_for_update(of=("self",))
        .select_related("child", "child__held_by", "worker", "co_worker")
        .get(pk=book.pk)
    )


@transaction.atomic
def book_update(*, by: User, book: LifeStoryBook, **details) -> LifeStoryBook:
    """Change the book's plan, people or dates (the worker, co-worker or a manager).

    Only a manager or an administrator gives the book to another worker.
    """
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"book_update() cannot take {', '.join(sorted(unknown))}")
    require_object_permission(by, book, "lifestory.change_lifestorybook")
    book = locked_book(book)
    if book.status == S.DELIVERED:
        raise ValidationError("The book is delivered: its details are kept as they were.")
    worker = details.get("worker", book.worker)
    if worker != book.worker and not (
        by.is_portal_admin or _holds(by, book.child.held_by_id, Role.TEAM_MANAGER)
    ):
        raise PermissionDenied("Only a team manager can give the book to another worker.")
    co_worker = details.get("co_worker", book.co_worker)
    second = details.get("second_review_date", book.second_review_date)
    hearing = details.get("celebration_hearing_date", book.celebration_hearing_date)
    errors = _people_errors(book.child, worker, co_worker)
    errors.update(_date_errors(second, hearing))
    plan_type = details.get("plan_type", book.plan_type)
    if plan_type not in LifeStoryBook.PlanType.values:
        errors["plan_type"] = ["Choose the child's plan."]
    if errors:
        raise ValidationError(errors)
    book.plan_type = plan_type
    book.worker = worker
    book.co_worker = co_worker
    book.second_review_date = second
    book.celebration_hearing_date = hearing
    book.final_due_date = final_due_date_for(hearing)
    with acting_as(by):
        book.save()
    return book


def _copy_version(version: BookVersion) -> BookVersion:
    return BookVersion(book=version.book, number=version.number + 1)


def book_transition(
    *,
    book: LifeStoryBook,
    name: str,
    by: User,
    reason: str = "",
    delivered_to: str = "",
    delivered_on: date | None = None,
    delivery_form: str = "",
) -> LifeStoryBook:
    """Take the move `name` for `by` (see transitions.py). Delivery records to whom,
    when and in what form. Refused, nothing changes: out of scope (Http404), a
    move the status does not allow (TransitionNotAllowed), someone the move is
    not for (PermissionDenied), a missing reason or delivery detail, or an
    unmet check (ValidationError)."""
    if name in BOOK_TRANSITIONS:
        require_object_permission(by, book, scope="lifestory.view_lifestorybook")

    def vet(book: LifeStoryBook, transition: Transition, reason: str) -> None:
        if transition.name != "deliver":
            return
        errors: dict[str, list[str]] = {}
        if not (delivered_to or "").strip():
            errors["delivered_to"] = ["Enter who received the book."]
        if delivered_on is None:
            errors["delivered_on"] = ["Enter the date the book was handed over."]
        elif delivered_on > timezone.localdate():
            errors["delivered_on"] = ["The date of delivery must be today or in the past."]
        if delivery_form not in LifeStoryBook.DeliveryForm.values:
            errors["delivery_form"] = ["Choose the form the book was given in."]
        if errors:
            raise ValidationError(errors)
        printed_version_for_delivery(book)

    def record(book: LifeStoryBook, transition: Transition, reason: str) -> list[str]:
        if transition.name == "submit":
            book.submitted_at = timezone.now()
            return ["submitted_at"]
        if transition.name == "approve":
            book.approved_by = by
            book.approved_at = timezone.now()
            return ["approved_by", "approved_at"]
        if transition.name == "deliver":
            book.delivered_to = delivered_to.strip()
            book.delivered_on = delivered_on
            book.delivery_form = delivery_form
            book.delivered_render = printed_version_for_delivery(book)
            return ["delivered_to", "delivered_on", "delivery_form", "delivered_render"]
        return []

    def after_save(book: LifeStoryBook, transition: Transition) -> None:
        version = current_version(book)
        if transition.name == "approve":
            version.book = book
            sign(record=version, signer=by, capacity="team manager")
            lock(version)
        elif transition.name == "amend":
            _amend(version, reason)

    return apply_move(
        table=BOOK_TRANSITIONS,
        noun="book",
        messages=REASON_MESSAGES,
        record=book,
        name=name,
        by=by,
        reason=reason,
        lock=locked_book,
        vet=vet,
        record_fields=record,
        after_save=after_save,
        tell=lambda book, transition, previous, reason: _tell(book, transition.name, by, reason),
    )


def _amend(version: BookVersion, reason: str) -> BookVersion:
    """The next version, with a copy of every chapter of the approved one."""
    chapters = list(version.chapters.order_by("position", "pk"))
    correction = amend(record=version, reason=reason, copy=_copy_version)
    Chapter.objects.bulk_create(
        Chapter(version=correction, position=c.position, title=c.title, body=c.body)
        for c in chapters
    )
    return correction


# Each move people hear about: the title, the text and who hears it.
TOLD = {
    "submit": (
        "The Life Story Book of {reference} is ready for review",
        "Read each chapter and comment, then approve it or ask for changes.",
        MANAGERS,
    ),
    "request_revisions": (
        "Changes asked for in the Life Story Book of {reference}",
        "What needs to change: {reason}",
        WRITERS,
    ),
    "approve": (
        "The Life Story Book of {reference} is approved",
        "The approved version is locked. You can render the book and record its delivery.",
        WRITERS,
    ),
    "amend": (
        "The approved Life Story Book of {reference} is being changed",
        "Reason: {reason}",
        EVERYONE,
    ),
}


def _tell(book: LifeStoryBook, name: str, by: User, reason: str) -> None:
    tell_move(TOLD, name, book=book, by=by, reason=reason, url=book_url(book))
