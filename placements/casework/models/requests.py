"""A school's request for direct work with a pupil, and how it was triaged.

Status (transitions in casework/transitions.py):
    submitted → accepted (students allocated, a PE overseeing)
    submitted → declined (with a reason)
    submitted → redirected (to a social care referral, with a note)
A request waiting longer than REQUEST_DECISION_WORKING_DAYS is flagged, and so is
one decided later than that after it was received (`submitted_at`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation
from portal.audit.records import ChildRecord

from .children import CHILD_DETAILS, Child
from .reference import Theme
from .schools import SupportKind

# Working days a request may wait for a decision before it is flagged: Working
# Together to Safeguard Children 2023 asks for a decision on a referral within one
# working day of receiving it (DOMAIN.md, "Children's social care timescales").
REQUEST_DECISION_WORKING_DAYS = 1
DECISION_TIMESCALE = "1 working day"


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REDIRECTED = "redirected", "Redirected to a social care referral"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="support_requests")
    # What the school entered: the record made from it and the carer it named.
    # Merging records (services.merges) moves `child`, never these, so the
    # school's contacts go on seeing only what they entered (issue 13).
    child_as_entered = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="the pupil as the school entered them",
    )
    carer_as_entered = models.ForeignKey(
        "casework.Carer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="the parent or carer the school named",
    )
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="support_requests_made",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    kind = models.CharField(
        "kind of support",
        max_length=20,
        choices=SupportKind.choices,
        default=SupportKind.DIRECT_WORK,
    )
    reason = models.TextField(
        "why the school is asking for support",
        error_messages={"blank": "Say why the school is asking for support."},
    )
    themes = models.ManyToManyField(Theme, related_name="support_requests", blank=True)
    parent_consent_given = models.BooleanField("a parent has consented", default=False)
    parent_consent_on = models.DateField("date of the parent's consent", null=True, blank=True)
    parent_consent_by = models.CharField(
        "who gave consent", max_length=150, blank=True, help_text="Their name and relationship."
    )
    child_view = models.TextField(
        "the child's own view",
        help_text="What the child says about having support, in their words.",
        error_messages={"blank": "Record what the child says about having support."},
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(
        "reason or note",
        blank=True,
        help_text="Why the request was declined, or where it was referred.",
    )
    history = HistoricalRecords()
    # The school is not told who decided (the request's page leaves it out for them).
    child_record = ChildRecord(
        "child", "child_as_entered", restricted={CHILD_DETAILS: {"decided_by"}}
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Request for {self.child} from {self.school}"

    def clean(self) -> None:
        errors = {}
        if self.parent_consent_given:
            if not self.parent_consent_on:
                errors["parent_consent_on"] = "Enter the date the parent gave consent."
            elif self.parent_consent_on > timezone.localdate():
                errors["parent_consent_on"] = "The date of consent must be today or in the past."
            if not self.parent_consent_by.strip():
                errors["parent_consent_by"] = "Enter who gave consent."
        else:
            errors["parent_consent_given"] = (
                "Direct work needs a parent's consent: ask a parent before making the request."
            )
        if errors:
            raise ValidationError(errors)
