"""Work with a child allocated to a student, overseen by their practice educator.

An allocation is what gives a student and their practice educator access to a
child's record (selectors.child_scope): from `starts_on`, until `ends_on`, then
read-only for a grace period.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .children import Child
from .fields import created_by_field


class Allocation(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allocations")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casework_allocations"
    )
    practice_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="casework_allocations_overseen",
        verbose_name="practice educator overseeing",
    )
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="casework_allocations"
    )
    support_request = models.ForeignKey(
        "casework.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        help_text="The request for support this work answers, if any.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="The last day of the work; empty while it goes on."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = created_by_field()
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="allocation_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["student", "starts_on"]),
            models.Index(fields=["practice_educator", "starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.child} with {self.student}"
