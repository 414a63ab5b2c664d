"""Casework routes of the portal API, mounted at /api/v1/ (paths are whole).

children: /children/ (initials and reference only), /children/{id} (the full
record; every read is logged); direct work: /direct-work/plans/...;
assessments: /assessments/; school term dates: /school-terms/ (read). Scoped
exactly like the pages: a record outside the caller's scope is 404, a role that
never works with children is 403.
"""

from ninja import Router

router = Router(tags=["casework"])

from . import assessments, children, plans, terms  # noqa: E402, F401 - they register their routes on `router`
