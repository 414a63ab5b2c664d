"""What supervision adds to "What is next" on a student's progress panel
(placements.progress): the direct observations the course's rule still needs.

Registered at start-up (SupervisionConfig.ready) with `next_step_source`, so
placements shows them without importing this app. One line per part of the rule
not met yet (due or overdue, from supervision/checklist.py), or one done line
once every part is met; the checklist reads all the placements' observations in
one query.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from placements.progress import DONE, DUE, OVERDUE, NextStep, next_step_source

from .checklist import MET, checklists_for
from .checklist import OVERDUE as LINE_OVERDUE


@next_step_source
def observations_due(placements, *, user, today: date) -> dict[int, list[NextStep]]:
    checklists = checklists_for(placements, today=today)
    steps = {}
    for placement in placements:
        url = reverse("supervision:observation_list", args=[placement.pk])
        lines = checklists[placement.pk].lines
        open_lines = [line for line in lines if line.state != MET]
        if not open_lines:
            done = max((line.done for line in lines), default=0)
            steps[placement.pk] = [
                NextStep(
                    "Direct observations",
                    DONE,
                    hint=f"The course's rule is met ({done} done)",
                    url=url,
                )
            ]
            continue
        steps[placement.pk] = [
            NextStep(
                f"Direct observations: {line.requirement[0].lower()}{line.requirement[1:]}",
                OVERDUE if line.state == LINE_OVERDUE else DUE,
                hint=f"{line.done} of {line.required} done",
                url=url,
                due_on=line.due_on,
            )
            for line in open_lines
        ]
    return steps
