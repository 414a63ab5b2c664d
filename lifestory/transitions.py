"""The transition table of Life Story Books (shape: portal.transitions).

    not started → gathering → drafting (the worker or co-worker)
    drafting or revisions → draft review (the worker or co-worker; every
        chapter has text)
    draft review → revisions (a team manager, with what needs to change)
    draft review → approved (a team manager who does not write the book; every
        comment resolved; the version is signed and locked)
    approved → delivered (the worker, recording to whom, when and in what form)
    approved or delivered → revisions (the worker or a team manager, with the
        reason: the text becomes a new version, copied from the approved one)

The one function that applies a move is services.books.book_transition.

The later-life letter has its own table (LETTER_TRANSITIONS, below):

    draft → in review (the worker or co-worker; the letter has its text)
    in review → draft (a team manager, with what needs to change)
    in review → approved (a team manager who does not write the book; the
        letter is signed and locked)
    approved → draft (the worker, co-worker or a team manager, with the reason:
        the move is taken by a new version copied from the approved one, which
        stays as it was signed)

The one function that applies a letter's move is services.letters.letter_transition.
"""

from __future__ import annotations

from portal.transitions import Transition, available

from .models import LaterLifeLetter, LifeStoryBook
from .rules import (
    manages_book,
    manages_letter,
    may_approve,
    may_approve_letter,
    writes_book,
    writes_letter,
)

S = LifeStoryBook.Status
L = LaterLifeLetter.Status


def _version(book):
    return book.versions.order_by("-number").first()


def chapters_written(book: LifeStoryBook) -> list[str]:
    version = _version(book)
    chapters = list(version.chapters.all()) if version else []
    if not chapters:
        return ["Add at least one chapter."]
    return [
        f"Write the chapter “{chapter.title}”, or remove it."
        for chapter in chapters
        if not (chapter.body or "").strip()
    ]


def comments_resolved(book: LifeStoryBook) -> list[str]:
    version = _version(book)
    open_comments = version.chapters.filter(
        comments__isnull=False, comments__resolved_at__isnull=True
    ).distinct()
    return [
        f"Resolve the comments on “{chapter.title}” before approving." for chapter in open_comments
    ]


BOOK_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="start_gathering",
            done_message="You started gathering material for the book.",
            label="Start gathering",
            sources=frozenset({S.NOT_STARTED}),
            target=S.GATHERING,
            who=writes_book,
            who_text="the book's life-story worker or student co-worker",
            explanation="You are collecting the child's history, photos and memories.",
        ),
        Transition(
            name="start_drafting",
            done_message="You started drafting the book.",
            label="Start drafting",
            sources=frozenset({S.GATHERING}),
            target=S.DRAFTING,
            who=writes_book,
            who_text="the book's life-story worker or student co-worker",
            explanation="You are writing the chapters.",
        ),
        Transition(
            name="submit",
            done_message="You sent the book for review.",
            label="Send for review",
            sources=frozenset({S.DRAFTING, S.REVISIONS}),
            target=S.DRAFT_REVIEW,
            who=writes_book,
            who_text="the book's life-story worker or student co-worker",
            explanation="A team manager reads the book and comments on each chapter. The "
            "chapters cannot be changed while they do.",
            checks=(chapters_written,),
        ),
        Transition(
            name="request_revisions",
            done_message="You asked for changes to the book.",
            label="Ask for changes",
            sources=frozenset({S.DRAFT_REVIEW}),
            target=S.REVISIONS,
            who=manages_book,
            who_text="a team manager of the service",
            explanation="Say what needs to change. The worker is told the reason and can "
            "change the chapters again.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="approve",
            done_message="You approved the book.",
            label="Approve the book",
            sources=frozenset({S.DRAFT_REVIEW}),
            target=S.APPROVED,
            who=may_approve,
            who_text="a team manager of the service who does not write the book",
            explanation="You sign this version and it is locked: any later change is a new "
            "version with its reason.",
            checks=(comments_resolved,),
            signs="team manager",
        ),
        Transition(
            name="deliver",
            done_message="You recorded the book's delivery.",
            label="Record delivery",
            sources=frozenset({S.APPROVED}),
            target=S.DELIVERED,
            who=writes_book,
            who_text="the book's life-story worker or student co-worker",
            explanation="Record who received the book, when, and in what form.",
        ),
        Transition(
            name="amend",
            done_message="You opened the approved book for changes.",
            label="Change the approved book",
            sources=frozenset({S.APPROVED, S.DELIVERED}),
            target=S.REVISIONS,
            who=writes_book | manages_book,
            who_text="the book's life-story worker or a team manager of the service",
            explanation="The approved version stays as it was signed. A new version is made "
            "from it for the change, and it needs approving again.",
            needs_reason=True,
            warning=True,
        ),
    )
}


def letter_written(letter: LaterLifeLetter) -> list[str]:
    problems = []
    if not (letter.addressed_to or "").strip():
        problems.append("Write how the letter greets the child, for example “Dear Kai”.")
    if not (letter.body or "").strip():
        problems.append("Write the letter before sending it for review.")
    return problems


LETTER_WRITERS = "the book's life-story worker or student co-worker"

LETTER_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="submit",
            done_message="You sent the letter for review.",
            label="Send the letter for review",
            sources=frozenset({L.DRAFT}),
            target=L.IN_REVIEW,
            who=writes_letter,
            who_text=LETTER_WRITERS,
            explanation="A team manager reads the letter, then approves it or asks for "
            "changes. The letter cannot be changed while they do.",
            checks=(letter_written,),
        ),
        Transition(
            name="request_changes",
            done_message="You asked for changes to the letter.",
            label="Ask for changes to the letter",
            sources=frozenset({L.IN_REVIEW}),
            target=L.DRAFT,
            who=manages_letter,
            who_text="a team manager of the service",
            explanation="Say what needs to change. The worker is told the reason and can "
            "change the letter again.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="approve",
            done_message="You approved the letter.",
            label="Approve the letter",
            sources=frozenset({L.IN_REVIEW}),
            target=L.APPROVED,
            who=may_approve_letter,
            who_text="a team manager of the service who does not write the book",
            explanation="You sign this version of the letter and it is locked: any later "
            "change is a new version with its reason.",
            signs="team manager",
        ),
        Transition(
            name="amend",
            done_message="You opened the approved letter for changes.",
            label="Change the approved letter",
            sources=frozenset({L.APPROVED}),
            target=L.DRAFT,
            who=writes_letter | manages_letter,
            who_text="the book's life-story worker or co-worker, or a team manager of the service",
            explanation="The approved letter stays as it was signed. A new version is made "
            "from it for the change, and it needs approving again.",
            needs_reason=True,
            warning=True,
        ),
    )
}

__all__ = ["BOOK_TRANSITIONS", "LETTER_TRANSITIONS", "available"]
