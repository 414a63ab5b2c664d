"""The words of a Life Story Book chapter: safe rich text and a reading age.

A chapter needs headings, bold, emphasis and lists, nothing more: no links, no
images (photos are media items), no attributes. nh3 (the Rust sanitiser ammonia)
keeps only those tags and drops the content of script and style.

The reading age comes from textstat's Flesch-Kincaid grade, a US school grade.
A US grade is turned into an age by adding 5 (grade 1 readers are about 6), and
the age is kept between 5 and 18 (18: written for adults). It is an estimate for
the worker writing the book, not a test of the child.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
import textstat

CHAPTER_TAGS = {"h2", "h3", "p", "strong", "b", "em", "ul", "ol", "li", "br"}
GRADE_TO_AGE = 5
YOUNGEST_READING_AGE = 5
OLDEST_READING_AGE = 18
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "br", "div", "ul", "ol"}


def clean_chapter_html(html: str) -> str:
    """The chapter's HTML with only headings, paragraphs, bold, emphasis and lists."""
    return nh3.clean(
        html,
        tags=CHAPTER_TAGS,
        clean_content_tags={"script", "style"},
        attributes={},
        strip_comments=True,
        link_rel=None,
    )


@dataclass(frozen=True)
class ReadingAge:
    """An estimated reading age; `age` is None when there is no text to read."""

    age: int | None
    grade: float | None

    def verdict(self, child_age: int) -> str:
        if self.age is None:
            return "Write some text to see its reading age"
        if self.age <= child_age:
            return f"Right for a child of {child_age}"
        return f"May be hard for a child of {child_age}: aim for shorter sentences and words"


def reading_age(text_or_html: str) -> ReadingAge:
    """Estimate the age a child reads `text_or_html` (plain text or chapter HTML) at."""
    text = _plain_text(text_or_html)
    if not any(character.isalpha() for character in text):
        return ReadingAge(age=None, grade=None)
    grade = textstat.flesch_kincaid_grade(text)
    age = min(max(round(grade + GRADE_TO_AGE), YOUNGEST_READING_AGE), OLDEST_READING_AGE)
    return ReadingAge(age=age, grade=grade)


def _plain_text(text_or_html: str) -> str:
    """The words alone; a heading or list item without a full stop counts as a sentence."""
    parser = _TextCollector()
    parser.feed(text_or_html)
    parser.close()
    sentences = []
    for block in parser.blocks():
        block = " ".join(block.split())
        if block:
            sentences.append(block if block[-1] in ".!?" else f"{block}.")
    return " ".join(sentences)


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._blocks = [""]
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        elif tag in _BLOCKS:
            self._blocks.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._blocks.append("")

    def handle_data(self, data):
        if not self._skipping:
            # A blank line in plain text ends a paragraph, as a </p> does.
            *finished, last = data.split("\n\n")
            for paragraph in finished:
                self._blocks[-1] += paragraph
                self._blocks.append("")
            self._blocks[-1] += last

    def blocks(self) -> list[str]:
        return self._blocks
