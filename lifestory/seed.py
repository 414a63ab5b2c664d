"""Demo Life Story Books (issue 17, requirement 9), written through the services so
the demo obeys the same rules as the pages.

Lena Lifestory (lifestory@example.org) is the worker and Mo Manager
(manager@example.org) the reviewer. The demo child, Maya Brooks, has a book in
drafting with its draft due within 10 working days; Kai Mercer's book waits in
draft review with the manager's comments, one answered; Lily Osei's book was
approved and handed to her adoptive parents after the celebration hearing.
Each book has its later-life letter: Kai's is a draft being written, Lily's was
approved before her book was handed over.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from PIL.ExifTags import IFD

from placements.casework.models import Child
from placements.casework.services.children import child_create
from portal.accounts.models import Organisation, User
from portal.workingdays import WorkingDays

from .models import LifeStoryBook
from .selectors.books import chapters_of, current_version
from .services.books import book_create, book_transition
from .services.chapters import chapter_update, comment_add, comment_answer
from .services.contributions import contribution_receive, link_create
from .services.letters import letter_start, letter_transition, letter_update
from .services.media import media_add
from .services.renders import render_request, render_run

MAYA_TEXT = {
    "My birth": "You were born on a sunny morning in spring at **St Mary's Hospital**.\n\n"
    "You weighed 7 pounds and 2 ounces. The nurses said you had the loudest cry on the ward!",
    "My birth family": "## Your birth mum\n\nYour birth mum is called Jo. She loves music "
    "and she has curly hair just like you.\n\n- She chose your name.\n- She held you every "
    "day in hospital.",
    "Why I could not stay": "",
}
KAI_TEXT = {
    "My birth": "You were born in the winter, when it was snowing outside.",
    "My birth family": "Your birth dad is called Lee. He is good at drawing.",
    "Why I could not stay": "Your birth mum and dad were not able to keep you safe. Grown-ups "
    "worked hard to help them, but it was not enough. **None of this was your fault.**",
    "The people who looked after me": "Pat and Chris were your foster carers. You lived with "
    "them for two years and you had a dog called Biscuit.",
    "Me now": "You live with your mum and dad, Sam and Alex. You love football and pizza.",
    "My future": "You can ask your mum and dad about this book whenever you like.",
}
KAI_LETTER = (
    "I am writing this letter for you to read when you are older. I was your "
    "life-story worker when you were little.\n\n"
    "You were a brave and funny boy. You loved football, pizza and your foster carers' "
    "dog, Biscuit."
)
LILY_LETTER = (
    "I met you when you were four. I am writing this so you know how your story began.\n\n"
    "## What I remember about you\n\n"
    "- You always wanted to be first down the slide.\n"
    "- You sang to your cat Pepper.\n\n"
    "Your birth mum loved you very much. **None of what happened was your fault.** "
    "Ama and Grace have this book and this letter, and you can ask them anything."
)


def _working_days_from(calendar: WorkingDays, day: date, days: int) -> date:
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def _child(coordinator, council, school, first, last, age: int, today: date) -> Child:
    existing = Child.objects.filter(first_name=first, last_name=last, held_by=council).first()
    if existing is not None:
        return existing
    return child_create(
        by=coordinator,
        first_name=first,
        last_name=last,
        date_of_birth=today.replace(year=today.year - age) - timedelta(days=40),
        gender=Child.Gender.BOY if first == "Kai" else Child.Gender.GIRL,
        school=school,
        year_group=Child.YearGroup.YEAR_2 if age < 8 else Child.YearGroup.YEAR_4,
        held_by=council,
    )


def _write(book: LifeStoryBook, by: User, texts: dict[str, str]) -> None:
    for chapter in chapters_of(current_version(book)):
        text = texts.get(chapter.title)
        if text:
            chapter_update(by=by, chapter=chapter, title=chapter.title, body=text)


def _finish_outline(book: LifeStoryBook, by: User, texts: dict[str, str]) -> None:
    _write(book, by, texts)
    for chapter in chapters_of(current_version(book)):
        if not chapter.body:
            chapter_update(by=by, chapter=chapter, title=chapter.title, body=texts["My future"])


def demo_photo(name: str, colour: tuple[int, int, int], label: str) -> SimpleUploadedFile:
    """A drawn photo written as a phone would: with a camera make and the place it
    was taken (fake GPS) in its EXIF, so the demo shows that saving strips them."""
    image = Image.new("RGB", (1200, 900), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((450, 250, 750, 550), fill=(255, 230, 120))
    draw.text((60, 820), label, fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # camera make
    gps = exif.get_ifd(IFD.GPSInfo)
    gps.update({1: "N", 2: (53.0, 28.0, 1.0), 3: "W", 4: (2.0, 14.0, 40.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def seed_life_story_books(*, organisations: dict[str, Organisation], admin: User) -> None:
    """Seed the demo books once (running seed_demo again changes nothing)."""
    if LifeStoryBook.objects.exists():
        return
    today = timezone.localdate()
    calendar = WorkingDays()
    council = organisations["council"]
    school = organisations["school_a"]
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    worker = users["lifestory@example.org"]
    manager = users["manager@example.org"]
    coordinator = users["coordinator@example.org"]
    plan = LifeStoryBook.PlanType

    maya = Child.objects.filter(first_name="Maya", last_name="Brooks").first()
    if maya is None:
        maya = _child(coordinator, council, school, "Maya", "Brooks", 9, today)
    book = book_create(
        by=worker,
        child=maya,
        plan_type=plan.LONG_TERM_FOSTERING,
        worker=worker,
        second_review_date=_working_days_from(calendar, today, 8),
        celebration_hearing_date=_working_days_from(calendar, today, 60),
    )
    book_transition(book=book, name="start_gathering", by=worker)
    book_transition(book=book, name="start_drafting", by=worker)
    _write(book, worker, MAYA_TEXT)
    chapters = {c.title: c for c in chapters_of(current_version(book))}
    media_add(
        by=worker,
        book=book,
        upload=demo_photo("hospital.jpg", (90, 140, 200), "The day you were born"),
        chapter=chapters["My birth"],
        caption="Your first photo, the day you were born",
        shows="Maya as a baby",
        source="Jo, Maya's birth mum",
        consent="Jo agreed at the family meeting",
    )
    media_add(
        by=worker,
        book=book,
        upload=demo_photo("park.jpg", (70, 160, 90), "The park near your foster home"),
        chapter=chapters["The people who looked after me"],
        caption="Feeding the ducks with your foster carers",
        shows="Maya with Pat and Chris at the park",
        source="Pat and Chris, foster carers",
        consent="Pat and Chris agreed",
        may_identify=True,
    )

    kai = _child(coordinator, council, school, "Kai", "Mercer", 7, today)
    book = book_create(
        by=manager,
        child=kai,
        plan_type=plan.ADOPTION,
        worker=worker,
        second_review_date=_working_days_from(calendar, today, -3),
        celebration_hearing_date=_working_days_from(calendar, today, 25),
    )
    for step in ("start_gathering", "start_drafting"):
        book_transition(book=book, name=step, by=worker)
    _finish_outline(book, worker, KAI_TEXT)
    # Pat, Kai's foster carer, was sent a contribution link and has used it once.
    _, token = link_create(
        by=worker, book=book, contributor_name="Pat Doyle", relationship="foster carer"
    )
    contribution_receive(
        token=token,
        files=[
            (
                demo_photo("biscuit.jpg", (200, 150, 90), "Kai and Biscuit"),
                "Kai and Biscuit in the garden",
            )
        ],
        message="Here is Kai with Biscuit last summer. He asked for this one to go in his book.",
    )
    book_transition(book=book, name="submit", by=worker)
    chapters = {c.title: c for c in chapters_of(current_version(book))}
    answered = comment_add(
        by=manager,
        chapter=chapters["Why I could not stay"],
        text="Good and honest. Could you say one thing Kai's birth parents did well, so he "
        "has something to hold on to?",
    )
    comment_answer(
        by=worker,
        comment=answered,
        answer="Yes: I will add that his birth mum sang to him at contact.",
    )
    comment_add(
        by=manager,
        chapter=chapters["Me now"],
        text="Ask Sam and Alex for a photo of Kai with Biscuit for this chapter.",
    )
    letter = letter_start(by=worker, book=book)
    letter_update(by=worker, letter=letter, addressed_to="Dear Kai", body=KAI_LETTER)

    lily = _child(coordinator, council, school, "Lily", "Osei", 6, today)
    hearing = _working_days_from(calendar, today, -15)
    book = book_create(
        by=worker,
        child=lily,
        plan_type=plan.ADOPTION,
        worker=worker,
        second_review_date=hearing - timedelta(days=70),
        celebration_hearing_date=hearing,
    )
    for step in ("start_gathering", "start_drafting"):
        book_transition(book=book, name=step, by=worker)
    _finish_outline(
        book,
        worker,
        KAI_TEXT | {"Me now": "You live with your mums, Ama and Grace, and your cat Pepper."},
    )
    book_transition(book=book, name="submit", by=worker)
    book_transition(book=book, name="approve", by=manager)
    render_run(render_request(by=worker, book=book).pk)
    letter = letter_start(by=worker, book=book)
    letter_update(by=worker, letter=letter, addressed_to="Dear Lily", body=LILY_LETTER)
    letter_transition(letter=letter, name="submit", by=worker)
    letter_transition(letter=letter, name="approve", by=manager)
    book_transition(
        book=book,
        name="deliver",
        by=worker,
        delivered_to="Ama and Grace Osei, Lily's adoptive parents",
        delivered_on=_working_days_from(calendar, hearing, 8),
        delivery_form=LifeStoryBook.DeliveryForm.BOTH,
    )
