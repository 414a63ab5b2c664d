"""Supervision routes of the portal API, mounted at /api/v1/ (paths are whole).

sessions: /supervision/... (records, signing; 409 once locked);
observations: /observations/...;
compliance: /placements/{id}/supervision-compliance.
Each module adds its operations to `router`, scoped exactly like the pages.
"""

from ninja import Router

router = Router(tags=["supervision"])

from . import compliance, observations, sessions  # noqa: E402, F401 - they register on `router`
