"""Reads shared by the parts of one page, made once per request.

A dashboard is built by many apps' panels and "Waiting for you" items, and a
placement page by many sections: several of them need the same rows (the user's
live placements, the bank holidays, a placement's supervision compliance). A
function decorated with `per_request` answers each distinct set of arguments
once per request and hands the same answer to every later caller in it.

What it may not do is answer with something stale:
- only within a request (Django's request_started to request_finished): a
  worker, a command or a test outside the test client calls the function afresh
  each time;
- any write through the ORM (a save, a delete, a many-to-many change, of any
  model) lets every kept answer go at once, so a view that writes and then
  reads sees its write; a bulk update or raw SQL sends no signal, so the
  functions kept here are page reads, never the reads of a service that writes.

Callers share the answer: a list handed out is the same list, so callers must
not change it (copy it first).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

P = ParamSpec("P")
R = TypeVar("R")

# {(function, args, kwargs): answer} while a request is being answered; None outside one.
_kept: ContextVar[dict | None] = ContextVar("portal_request_cache", default=None)


def _request_started(**kwargs) -> None:
    _kept.set({})


def _request_finished(**kwargs) -> None:
    _kept.set(None)


def forget_all(**kwargs) -> None:
    """Let every answer kept in this request go (any write, and tests that change rows
    behind the ORM's back)."""
    kept = _kept.get()
    if kept:
        kept.clear()


request_started.connect(_request_started, dispatch_uid="portal_request_cache_started")
request_finished.connect(_request_finished, dispatch_uid="portal_request_cache_finished")
for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(forget_all, dispatch_uid=f"portal_request_cache_{id(_signal)}", weak=False)


def per_request(func: Callable[P, R]) -> Callable[P, R]:
    """Keep `func`'s answer for each distinct (hashable) set of arguments until the
    request ends or anything is written (above)."""

    @functools.wraps(func)
    def kept_answer(*args: P.args, **kwargs: P.kwargs) -> R:
        kept = _kept.get()
        if kept is None:
            return func(*args, **kwargs)
        key = (func, args, tuple(sorted(kwargs.items())))
        try:
            return kept[key]
        except KeyError:
            answer = kept[key] = func(*args, **kwargs)
            return answer

    kept_answer.uncached = func  # type: ignore[attr-defined]
    return kept_answer
