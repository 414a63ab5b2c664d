"""Who is acting, for history rows written outside a request (Celery, commands).

simple-history reads the acting user from `HistoricalRecords.context.request`;
during a request its middleware sets it. Here we set the same slot for tasks
and management commands, so there is one source of truth for "who did this".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simple_history.models import HistoricalRecords


@dataclass
class _ActingRequest:
    user: Any


def current_acting_user_id() -> int | None:
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


def enter_acting_user(user_or_id) -> object:
    """Make `user_or_id` the acting user; returns a token for leave_acting_user."""
    from django.contrib.auth import get_user_model

    user = user_or_id
    if not hasattr(user, "pk"):
        user = get_user_model().objects.filter(pk=user_or_id).first()
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = _ActingRequest(user=user) if user else None
    return ("token", previous)


def leave_acting_user(token: object) -> None:
    _, previous = token
    if previous is None:
        if hasattr(HistoricalRecords.context, "request"):
            del HistoricalRecords.context.request
    else:
        HistoricalRecords.context.request = previous


class acting_as:  # noqa: N801 - used as a context manager, reads like a phrase
    """`with acting_as(user): ...` records `user` on every history row written inside."""

    def __init__(self, user) -> None:
        self.user = user

    def __enter__(self):
        self._token = enter_acting_user(self.user)
        return self.user

    def __exit__(self, *exc) -> None:
        leave_acting_user(self._token)
