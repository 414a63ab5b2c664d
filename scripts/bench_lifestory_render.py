"""`make bench-lifestory`: how long a worker takes to print a Life Story Book.

Builds, in a throwaway SQLite file (var/bench-lifestory.sqlite3), a book of 11
chapters with long text and 30 photos (drawn at 2400 x 1800, so each goes in at
print size), then times `render_run` (the Celery task's whole work: photos read
from private storage, HTML, WeasyPrint, the PDF saved) a few times and reports
the pages, the photos and the seconds. The target (issue 17) is a 40-page book
with 30 photos in under 5 seconds. A benchmark, not a test: numbers move with
the machine's load.

Usage: .venv/bin/python scripts/bench_lifestory_render.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import sys

try:  # run as a script (scripts/ is on the path) or imported as scripts.<name>
    from bench_harness import report, throwaway_django, timed_runs
except ImportError:
    from scripts.bench_harness import report, throwaway_django, timed_runs

TARGET_SECONDS = 5.0
PARAGRAPH = (
    "When you were small you lived with Pat and Chris in a house with a red door. "
    "Every Saturday you went to the park to feed the ducks, and you always wanted "
    "to stay on the swings for one more go. Pat kept a box of your drawings. "
)


def photo(number: int):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (2400, 1800), (40 + number * 6 % 200, 120, 180))
    draw = ImageDraw.Draw(image)
    for ring in range(0, 900, 60):
        draw.ellipse((1200 - ring, 900 - ring, 1200 + ring, 900 + ring), outline=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile(f"photo-{number}.jpg", buffer.getvalue())


def build_book():
    from lifestory.models import LifeStoryBook
    from lifestory.selectors.books import chapters_of, current_version
    from lifestory.services.books import book_create
    from lifestory.services.chapters import chapter_add, chapter_update
    from lifestory.services.media import media_add
    from portal.accounts.models import Organisation, User
    from portal.accounts.roles import Role
    from portal.accounts.services import membership_grant
    from tests.casework.factories import ChildFactory

    council = Organisation.objects.create(
        name="Bench council", kind=Organisation.Kind.LOCAL_AUTHORITY
    )
    worker = User.objects.create(email="bench-worker@example.org", name="Bench Worker")
    membership_grant(user=worker, organisation=council, role=Role.LIFESTORY_WORKER)
    book = book_create(
        by=worker,
        child=ChildFactory(held_by=council, created_by=worker),
        plan_type=LifeStoryBook.PlanType.ADOPTION,
        worker=worker,
    )
    for number in range(5):
        chapter_add(by=worker, book=book, title=f"A year to remember, part {number + 1}")
    text = "\n\n".join(["## What happened", *[PARAGRAPH * 3] * 3, "- the park\n- the swings"])
    chapters = chapters_of(current_version(book))
    for chapter in chapters:
        chapter_update(by=worker, chapter=chapter, title=chapter.title, body=text)
    for number in range(30):
        media_add(
            by=worker,
            book=book,
            upload=photo(number),
            chapter=chapters[number % len(chapters)],
            caption=f"Photo {number + 1}",
            consent="Bench",
        )
    return book, worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    throwaway_django("bench-lifestory")
    from lifestory.models import BookRender
    from lifestory.selectors.books import current_version
    from lifestory.services.renders import render_run

    book, worker = build_book()

    def queue(number: int) -> BookRender:
        # As render_request queues it, without handing it to Celery: the timing is
        # the task's own work.
        return BookRender.objects.create(
            book=book, version=current_version(book), number=number, requested_by=worker
        )

    def run(render: BookRender) -> BookRender:
        render = render_run(render.pk)
        if render.status != "done":
            sys.exit(f"The render failed: {render.error}")
        return render

    timings, render = timed_runs(args.runs, queue, run)
    print(f"Life Story Book: {render.pages} pages, {render.photos} photos")
    report("Render", timings, TARGET_SECONDS)


if __name__ == "__main__":
    main()
