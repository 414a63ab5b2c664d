"""The placements API (/api/v1/placements/...), one module per concept.

Each module adds its operations to `router`; all are scoped exactly like the pages.
"""

from ninja import Router

router = Router(tags=["placements"])

from . import concern, ledger, lifecycle  # noqa: E402, F401 - they register their routes on `router`
