"""Documents this app makes in the background (portal.exports).

A placement's whole supervision log runs to dozens of records and takes
seconds to render, so it is made by the worker; a single record stays a
direct download (supervision.views.exports).
"""

from __future__ import annotations

from portal.exports import register

SUPERVISION_LOG = "supervision_log"
EXPORT_PERMISSION = "supervision.export_supervision"


def render_supervision_log(placement, requested_by) -> tuple[str, bytes]:
    from placements.models import Placement
    from portal.pdf import render_pdf

    from .views.exports import log_filename, placement_log_context

    placement = Placement.objects.select_related(
        "student", "practice_educator", "course", "host"
    ).get(pk=placement.pk)
    body = render_pdf("supervision/pdf/placement_log.html", placement_log_context(placement))
    return log_filename(placement), body


# Whoever may export the placement's supervision sees the placement, so one
# permission is both the scope (404) and the action.
register(
    SUPERVISION_LOG,
    render=render_supervision_log,
    permission=EXPORT_PERMISSION,
    scope=EXPORT_PERMISSION,
)

# The portfolio pack for the assessment panel registers its own kind (one module
# for the pack: its parts, rendering and registration).
from . import portfolio  # noqa: E402, F401
