"""A chapter's text as the worker types it, and as the book shows it.

Workers write plain text with three marks a book needs, so the page works with
a keyboard and without a script:
    ## A heading          (a line starting with two hashes)
    - an item of a list   (lines starting with a dash; "1." for a numbered list)
    **words in bold**
A blank line starts a new paragraph. Anything else, HTML included, is text:
the HTML made here then goes through text.clean_chapter_html (nh3), so only
headings, paragraphs, bold and lists can ever reach a page or a printed book.
"""

from __future__ import annotations

import html
import re

from .text import clean_chapter_html

BOLD = re.compile(r"\*\*(.+?)\*\*")
NUMBERED = re.compile(r"^\d+[.)]\s+")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", html.escape(text.strip(), quote=False))


def _list_kind(line: str) -> str | None:
    if line.startswith(("- ", "* ")):
        return "ul"
    if NUMBERED.match(line):
        return "ol"
    return None


def _item(line: str) -> str:
    return line[2:] if line.startswith(("- ", "* ")) else NUMBERED.sub("", line, count=1)


def to_html(text: str) -> str:
    """The sanitised HTML of a chapter written in the marks above."""
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind: str | None = None

    def close() -> None:
        nonlocal kind
        if paragraph:
            parts.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            parts.append(
                f"<{kind}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + f"</{kind}>"
            )
            items.clear()
        kind = None

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#"):
            close()
            level = "h3" if line.startswith("###") else "h2"
            parts.append(f"<{level}>{_inline(line.lstrip('#'))}</{level}>")
        elif (found := _list_kind(line)) is not None:
            if paragraph or (kind and kind != found):
                close()
            kind = found
            items.append(_item(line))
        else:
            if items:
                close()
            paragraph.append(line)
    close()
    return clean_chapter_html("".join(parts))
