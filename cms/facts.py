"""Live figures the apps offer to public pages (issue 19, requirement 5).

An editor can show a figure the portal keeps, such as how many certified
Children's Program leaders there are, in a page's key facts, instead of typing a
number that goes stale. The cms never imports the apps (pyproject's import
contracts): each app registers its figures here when it starts, with the models
whose changes alter them. A change to one of those models starts a new page-cache
generation (cms.cache), so the cached pages show the new figure; figures that move
with the date alone (a certificate expiring overnight) are as fresh as the page
cache's lifetime (CMS_PAGE_CACHE_SECONDS).

A figure is worked out once a day per process and kept for MEMO_SECONDS (like
the content types and site paths Django and Wagtail keep), so an uncached page
costs no extra query; a change in this process forgets it at once, and another
process's copy is at most MEMO_SECONDS old.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.formats import number_format

PLACEHOLDER = "{figure}"
MEMO_SECONDS = 300


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    compute: Callable[[], int]


_FIGURES: dict[str, Figure] = {}
_memo: dict[str, tuple[float, date, int]] = {}


def forget_figures() -> None:
    _memo.clear()


def _invalidate(**kwargs) -> None:
    from .cache import invalidate_public_pages

    forget_figures()
    invalidate_public_pages()


def register_figure(
    key: str, label: str, compute: Callable[[], int], *, changes_with: Iterable = ()
) -> None:
    """Offer `compute()` to editors as `label`; pages are refreshed when a
    `changes_with` model is saved or deleted."""
    _FIGURES[key] = Figure(key, label, compute)
    for model in changes_with:
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"figure-{key}-{model}-save")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"figure-{key}-{model}-del")


def figure_choices() -> list[tuple[str, str]]:
    """For the editor's chooser (a callable, so block migrations do not change)."""
    return [("", "---------")] + [(f.key, f.label) for f in _FIGURES.values()]


def figure_value(key: str) -> int | None:
    figure = _FIGURES.get(key)
    if figure is None:
        return None
    now, today = time.monotonic(), timezone.localdate()
    kept = _memo.get(key)
    if kept and kept[1] == today and now - kept[0] < MEMO_SECONDS:
        return kept[2]
    value = figure.compute()
    _memo[key] = (now, today, value)
    return value


def warm_figures() -> None:
    """Work every figure out (as a server has after its first page)."""
    for key in _FIGURES:
        figure_value(key)


def shown(key: str, text: str) -> str:
    """The fact as shown: the figure in its place in `text` (or alone), in the
    page's number format; the text alone if the figure is no longer offered."""
    value = figure_value(key)
    if value is None:
        return text.replace(PLACEHOLDER, "").strip()
    number = number_format(value, force_grouping=True)
    return text.replace(PLACEHOLDER, number) if text else number
