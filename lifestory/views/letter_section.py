"""The later-life letter's section of the book page: its status, due date, text,
reading age and the buttons the person may use (issue 17, R5)."""

from __future__ import annotations

from django.urls import reverse

from portal.audit.services import record_access
from portal.dates import age_on
from portal.signatures import signatures_for

from ..models import LaterLifeLetter, LifeStoryBook
from ..selectors.letters import approved_letters, current_letter
from ..text import reading_age
from ..transitions import LETTER_TRANSITIONS, available
from ..writing import to_html

LETTER_READ_PURPOSE = "Viewed a later-life letter"


def letter_reading(letter: LaterLifeLetter, today) -> dict:
    child_age = age_on(letter.book.child.date_of_birth, today)
    estimate = reading_age(to_html(letter.body))
    return {"child_age": child_age, "reading": estimate, "verdict": estimate.verdict(child_age)}


def letter_section(request, book: LifeStoryBook, today) -> dict:
    """The context of lifestory/letters/_section.html; showing a letter logs its read."""
    user = request.user
    letter = current_letter(book)
    section = {
        "letter": letter,
        "letter_due": book.final_due_date,
        "can_write_letter": user.has_perm("lifestory.write_letter", book),
        "letter_moves": [],
        "letter_signatures": [],
        "approved_letters": [],
    }
    if letter is None:
        return {"letter_section": section}
    letter.book = book
    record_access(user, letter, LETTER_READ_PURPOSE, path=request.path)
    section.update(
        letter_reading(letter, today),
        can_write_letter=section["can_write_letter"] and letter.status == letter.Status.DRAFT,
        letter_moves=[
            {
                "transition": move,
                "url": reverse("lifestory:letter_step", args=[book.pk, move.name]),
            }
            for move in available(LETTER_TRANSITIONS, letter, user)
        ],
        letter_signatures=signatures_for(letter),
        approved_letters=[v for v in approved_letters(book) if v.pk != letter.pk],
    )
    return {"letter_section": section}
