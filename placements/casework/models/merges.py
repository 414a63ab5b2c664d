"""Two records of one child made one, and what moved, so that it can be undone.

A school's request always makes its own record of what the school entered
(services.requests), so a child can have two records held by one service. A
co-ordinator merges the duplicate into the record kept (services.merges): the
duplicate's carers, requests and work move onto the kept record, one history
row each, and the duplicate stays, marked `merged_into`. `moved` lists every
row that moved, by the relation it moved along, so an administrator's undo puts
back exactly those.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .children import Child


class ChildMerge(models.Model):
    keep = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="+", verbose_name="record kept"
    )
    duplicate = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="+", verbose_name="record merged into it"
    )
    # {"carers": [ids], "support_requests": [ids], ...} and, under MAIN_CONTACT_DROPPED,
    # the duplicate's carers that stopped being the main contact (the kept record had one).
    moved = models.JSONField(default=dict, editable=False)
    merged_at = models.DateTimeField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    child_record = ChildRecord("keep", "duplicate")

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=Q(undone_at__isnull=True),
                name="one_standing_merge_per_duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate} merged into {self.keep}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
