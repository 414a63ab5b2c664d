"""What a person does first after joining in a role (issue 22, requirement 7).

A new practice educator must complete their profile (PEPS stage, Social Work
England registration, DBS check) before they can be given a placement. Portal
imports no app, so an app registers the first step of a role at start-up with
`first_step(role, label, url=...)`: `url(user)` answers the page where the
person does it, or "" when it is done. Accepting an invitation sends the person
there and leaves a notification pointing at it, which the app marks done
(portal.services.notifications_done_for) once the step is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FirstStep:
    role: str
    label: str
    url: Callable[[Any], str]


_steps: dict[str, FirstStep] = {}


def first_step(role: str, label: str, *, url: Callable[[Any], str]) -> None:
    """Register what someone newly in `role` does first (one step a role)."""
    _steps[role] = FirstStep(role, label, url)


def first_step_for(user, role: str) -> tuple[str, str] | None:
    """(label, url) of the step `user` has still to do in `role`, if any."""
    step = _steps.get(role)
    if step is None:
        return None
    url = step.url(user)
    return (step.label, url) if url else None


def tell_first_step(*, user, invitation) -> None:
    """Leave `user`, who has just accepted `invitation`, a notice of their first step
    (in the portal only); the app marks it done when the step is done."""
    from portal.services import notify

    step = first_step_for(user, invitation.role)
    if step is None:
        return
    label, url = step
    notify(
        user=user,
        title=label,
        body=f"Welcome: you are now {invitation.get_role_display().lower()} for "
        f"{invitation.organisation}. {label} before your work begins.",
        url=url,
        email=False,
        kind="account",
    )
