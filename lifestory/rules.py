"""Who may do what with Life Story Books (issue 17, requirement 8).

The allocated life-story worker and the student co-worker write the book; a
team manager of the organisation holding the child's record reads it, comments
and approves; an administrator may do everything, and each read is logged.
Nobody else sees that a book exists: a book out of scope answers 404.
A book is started by a life-story worker (as its worker) or a team manager of
the organisation holding the child's record, or by an administrator.
"""

from __future__ import annotations

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from .models import LifeStoryBook
from .selectors import books as reads

S = LifeStoryBook.Status
# While these, the worker writes the chapters; in review the text waits for the
# manager, and an approved book changes only by a new version.
WRITING = frozenset({S.NOT_STARTED, S.GATHERING, S.DRAFTING, S.REVISIONS})


def _in(user, organisation_id, role) -> bool:
    return any(o.pk == organisation_id for o in user.organisations_where(role))


@rules.predicate
def works_with_books(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.active_roles & {Role.LIFESTORY_WORKER, Role.TEAM_MANAGER}:
        return True
    return LifeStoryBook.objects.filter(co_worker=user).exists()


@rules.predicate
def can_see_book(user, book) -> bool:
    return user.is_authenticated and reads.can_see_book(user, book)


@rules.predicate
def is_book_worker(user, book) -> bool:
    return book is not None and book.worker_id == user.pk


@rules.predicate
def is_book_coworker(user, book) -> bool:
    return book is not None and book.co_worker_id is not None and book.co_worker_id == user.pk


@rules.predicate
def manages_book(user, book) -> bool:
    """A team manager of the organisation holding the child's record."""
    return book is not None and _in(user, book.child.held_by_id, Role.TEAM_MANAGER)


@rules.predicate
def is_being_written(user, book) -> bool:
    return book is not None and book.status in WRITING


@rules.predicate
def is_in_review(user, book) -> bool:
    return book is not None and book.status == S.DRAFT_REVIEW


@rules.predicate
def may_start_book(user, child=None) -> bool:
    """With a child: may start their book. Without: may start one for someone."""
    if not user.is_authenticated:
        return False
    roles = (Role.LIFESTORY_WORKER, Role.TEAM_MANAGER)
    if child is None:
        return any(user.organisations_where(role) for role in roles)
    return any(_in(user, child.held_by_id, role) for role in roles)


writes_book = is_book_worker | is_book_coworker
may_approve = manages_book & ~is_book_worker & ~is_book_coworker

rules.add_perm("lifestory.list_books", is_portal_admin | works_with_books)
rules.add_perm("lifestory.view_lifestorybook", is_portal_admin | can_see_book)
rules.add_perm("lifestory.add_lifestorybook", is_portal_admin | may_start_book)
rules.add_perm(
    "lifestory.change_lifestorybook", can_see_book & (is_portal_admin | writes_book | manages_book)
)
rules.add_perm("lifestory.write_chapters", can_see_book & is_being_written & writes_book)
rules.add_perm(
    "lifestory.review_book", can_see_book & is_in_review & (manages_book | is_portal_admin)
)
rules.add_perm("lifestory.answer_comments", can_see_book & writes_book)
rules.add_perm("lifestory.clear_media", can_see_book & manages_book)
rules.add_perm(
    "lifestory.render_book", can_see_book & (is_portal_admin | writes_book | manages_book)
)


# --- the later-life letter: the book's people, on the letter's book ---------------------


@rules.predicate
def writes_letter(user, letter) -> bool:
    return letter is not None and writes_book(user, letter.book)


@rules.predicate
def manages_letter(user, letter) -> bool:
    return letter is not None and manages_book(user, letter.book)


may_approve_letter = manages_letter & ~writes_letter

# On the book: who starts and writes its letter (the letter's status is checked where
# it is written: a letter in review or approved refuses with its reason).
rules.add_perm("lifestory.write_letter", can_see_book & writes_book)
# Contribution links and what arrives through them: the book's writers only.
rules.add_perm("lifestory.manage_contributions", can_see_book & writes_book)
