"""Referrals to a programme (issue 18, requirement 2).

A professional (for POCAR, the child's social worker) refers a parent through
the public form. The referral keeps what they typed: themselves, the parent,
the children, needs and risks. It has a reference to quote (shown once on the
confirmation page and emailed to the referrer, the only thing the email says)
and the date the parent is due to be contacted, counted in working days from the
day it arrived (portal.workingdays: weekends and bank holidays not counted).

A ReferredChild is the programme's record of a child, not a casework Child: a
public form must never match or create a record the service holds, and a
casework Child needs a school and a year group (ages 3 to 19) while POCAR's
creche takes babies. So a programme's children are their own records, declared
a child's record (portal.audit.records.ChildRecord) like casework's: the
referral, the enrolment and everything recorded about the family lead to them,
and every page, history or admin view of one writes an access-log row."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.dates import short_date

from .programmes import Language, Programme, TreatmentStage

# No 0/O or 1/I: a reference is read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference(prefix: str) -> str:
    """For example POC-7KQ3-XM2A: 32**8 (about 10**12) references, drawn by `secrets`."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix[:3].upper()}-{body[:4]}-{body[4:]}"


class SocialCareStatus(models.TextChoices):
    # The same five points as the outcome checks (DOMAIN.md, outcome measures).
    NONE = "none", _("None")
    EARLY_HELP = "early_help", _("Early help")
    CIN = "cin", _("Child in need")
    CP = "cp", _("Child protection plan")
    LAC = "lac", _("Looked after")


class Referral(models.Model):
    class Status(models.TextChoices):
        # Moves: portal/transitions via programmes.transitions.REFERRAL_TRANSITIONS.
        RECEIVED = "received", _("Received")
        ALLOCATED = "allocated", _("Allocated")
        ACCEPTED = "accepted", _("Accepted")
        NOT_SUITABLE = "not_suitable", _("Not suitable")
        PARENT_DECLINED = "parent_declined", _("Parent declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("In another way")

    class Route(models.TextChoices):
        REFERRAL = "referral", _("Referred by a professional")
        INTEREST = "interest", _("Interest registered by the family")

    Language = Language  # a family's preferred language: one the programmes work in

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.REFERRAL)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField()
    contact_due_on = models.DateField("parent to be contacted by")
    # The referrer.
    referrer_name = models.CharField("your name", max_length=120)
    referrer_local_authority = models.CharField("your local authority", max_length=120)
    referrer_team = models.CharField("your team", max_length=120)
    referrer_email = models.EmailField("your work email address")
    referrer_phone = models.CharField("your phone number", max_length=40)
    children_open_to_services = models.BooleanField(default=False)
    meets_threshold = models.BooleanField(default=False)
    # The parent.
    parent_name = models.CharField("parent's full name", max_length=120)
    parent_date_of_birth = models.DateField("parent's date of birth", null=True, blank=True)
    parent_gender = models.CharField(max_length=10, choices=Gender.choices)
    parent_phone = models.CharField("parent's phone number", max_length=40, blank=True)
    parent_email = models.EmailField("parent's email address", blank=True)
    parent_address = models.TextField("parent's address")
    substances = models.TextField("substances used")
    treatment_so_far = models.TextField(blank=True)
    parent_consent = models.BooleanField(default=False)
    # An interest registration (the family themselves, issue 19): where they live,
    # the language to use with them, and the parent's treatment and sobriety.
    municipality = models.CharField(max_length=80, blank=True)
    language = models.CharField(
        "preferred language", max_length=10, choices=Language.choices, blank=True
    )
    treatment_stage = models.CharField(max_length=20, choices=TreatmentStage.choices, blank=True)
    sober_since = models.DateField("sober since", null=True, blank=True)
    # Needs.
    needs_creche = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    access_needs = models.TextField(blank=True)
    home_visit_risks = models.TextField("risks to staff on home visits", blank=True)
    # Intake (requirement 3): who works with the family, when they were reached,
    # the assessment date given, and how the referral ended.
    care_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_referrals",
        verbose_name="care co-ordinator",
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    contacted_on = models.DateField("parent first reached on", null=True, blank=True)
    assessment_on = models.DateField("assessment date given", null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    child_record = ChildRecord("children")
    history = HistoricalRecords()

    OPEN = frozenset({Status.RECEIVED, Status.ALLOCATED})

    class Meta:
        ordering = ["-received_at", "pk"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"Referral {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_interest(self) -> bool:
        return self.route == self.Route.INTEREST

    def save_with_new_reference(self) -> None:
        """Save a new referral under a freshly drawn reference (drawn again on the
        rare clash with an existing one). Call inside a transaction."""
        for _attempt in range(5):
            self.reference = new_reference(self.programme.slug)
            try:
                with transaction.atomic():
                    self.save()
                return
            except IntegrityError:  # a reference drawn twice: draw again
                continue
        raise RuntimeError("Could not draw a unique referral reference")


class SupportGroup(models.TextChoices):
    """A child's place in a support group (the Children's Program can come before or after one)."""

    NONE = "none", _("Not in a support group")
    QUEUED = "queued", _("Waiting for a support group")
    ATTENDING = "attending", _("Going to a support group now")
    FINISHED = "finished", _("Has finished a support group")


class ReferredChild(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=120)
    date_of_birth = models.DateField()
    social_care_status = models.CharField(
        max_length=20, choices=SocialCareStatus.choices, blank=True
    )
    lives_with_parent = models.BooleanField(default=False)
    support_group = models.CharField(max_length=10, choices=SupportGroup.choices, blank=True)
    child_record = ChildRecord()
    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "pk"]
        verbose_name_plural = "referred children"

    def __str__(self) -> str:
        return f"A child on referral {self.referral.reference}"


class ContactAttempt(models.Model):
    """One try at reaching the parent after a referral (requirement 3). The first
    one that reaches them sets `Referral.contacted_on`, which stops the 2-week
    contact flag."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Home visit")

    class Result(models.TextChoices):
        REACHED = "reached", _("Spoke to the parent")
        NO_ANSWER = "no_answer", _("No answer")
        MESSAGE_LEFT = "message_left", _("Left a message")
        WRONG_DETAILS = "wrong_details", _("Contact details were wrong")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    made_on = models.DateField("date")
    method = models.CharField(max_length=10, choices=Method.choices)
    result = models.CharField(max_length=20, choices=Result.choices)
    note = models.TextField(blank=True)
    assessment_offered_on = models.DateField("assessment date given", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    child_record = ChildRecord("referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "made_on", "pk"]

    def __str__(self) -> str:
        return (
            f"{self.get_method_display()} on {short_date(self.made_on)} ({self.referral.reference})"
        )
