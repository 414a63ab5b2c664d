"""Reads about casework that other apps rely on."""

from __future__ import annotations

from portal.accounts.models import User


def child_names_for_student(student: User) -> set[str]:
    """The first and last names of every child on `student`'s allocated work.

    The capability-evidence anonymisation guard (placements/services/evidence.py)
    refuses evidence that contains any of these names. Once casework records
    exist (issue 6), this reads the `Child` rows reached through the student's
    current `Allocation`s (and the direct-work sessions they attend), returning
    each child's first and last name (and any known-as name) as separate
    strings. Until those models exist no child is allocated to anyone, so the
    answer is the empty set and the guard has nothing to match.
    """
    return set()
