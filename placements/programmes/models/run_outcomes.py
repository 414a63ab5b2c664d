"""A Children's Program family's support groups and outcomes (issue 19, R6 and R7).

- `SupportGroupStep`: one step of a child's support-group history (queued,
  attending, finished) with its date. Whether a run came before or after the
  support group is read from these steps (selectors.run_outcomes.support_group_path).
- `ChildRating`: the child's own ratings on a faces scale of 1 (a very sad face)
  to 5 (a very happy face): how things are at home, and how they feel about
  talking about it; before the run, after it, and at the follow-up 3 months on.
- `ParentRating`: the parent's rating of their relationship with the child(ren),
  1 (very poor) to 5 (very good), at the same points.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .referrals import ReferredChild
from .runs import RunPlace

FACES = [MinValueValidator(1), MaxValueValidator(5)]


class RatingPoint(models.TextChoices):
    BEFORE = "before", _("Before the run")
    AFTER = "after", _("After the run")
    FOLLOW_UP = "follow_up", _("3 months after")


class SupportGroupStep(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a support group")
        ATTENDING = "attending", _("Started a support group")
        FINISHED = "finished", _("Finished a support group")

    child = models.ForeignKey(
        ReferredChild, on_delete=models.CASCADE, related_name="support_group_steps"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    on = models.DateField("date")
    group = models.CharField(max_length=120, blank=True, help_text="Which support group, if known.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    child_record = ChildRecord("child")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "status"], name="one_support_group_step_per_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.on.isoformat()}"


class ChildRating(models.Model):
    place = models.ForeignKey(RunPlace, on_delete=models.CASCADE, related_name="child_ratings")
    child = models.ForeignKey(ReferredChild, on_delete=models.CASCADE, related_name="ratings")
    point = models.CharField(max_length=10, choices=RatingPoint.choices)
    home = models.PositiveSmallIntegerField("how things are at home", validators=FACES)
    talking = models.PositiveSmallIntegerField(
        "how I feel about talking about it", validators=FACES
    )
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    child_record = ChildRecord("child")
    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "child", "point"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "child", "point"], name="one_child_rating_per_point"
            ),
            models.CheckConstraint(
                condition=models.Q(home__gte=1, home__lte=5, talking__gte=1, talking__lte=5),
                name="child_rating_on_the_faces_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_point_display()}: home {self.home}, talking {self.talking}"


class ParentRating(models.Model):
    place = models.ForeignKey(RunPlace, on_delete=models.CASCADE, related_name="parent_ratings")
    point = models.CharField(max_length=10, choices=RatingPoint.choices)
    relationship = models.PositiveSmallIntegerField(
        "the relationship with my child", validators=FACES
    )
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    child_record = ChildRecord("place__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "point"]
        constraints = [
            models.UniqueConstraint(fields=["place", "point"], name="one_parent_rating_per_point"),
            models.CheckConstraint(
                condition=models.Q(relationship__gte=1, relationship__lte=5),
                name="parent_rating_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_point_display()}: relationship {self.relationship}"
