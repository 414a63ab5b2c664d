"""A child the service works with, and the adults who care for them.

A child's full identity appears only on the child's own page (every view of
it is logged); everywhere else, including `str()`, which lands in the access
log, admin lists and history, a child is their initials and reference code.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation
from portal.audit.records import ChildRecord
from portal.dates import age_on

from .fields import created_by_field

# No 0/O, 1/I/L or 5/S look-alikes: the code is read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
REFERENCE_LENGTH = 6
REFERENCE_PREFIX = "C-"

# The service works with school-age children (DOMAIN.md: POP works in schools).
YOUNGEST_AGE = 3
OLDEST_AGE = 19


# Who reads a child's full details (rules: the one rule the child's page, its
# history, the API and the records linked to the child use). The limited page a
# school contact gets leaves out the case number and the organisation holding
# the record, and shows the child's names only as they are now.
CHILD_DETAILS = "casework.view_child_details"


def new_child_reference() -> str:
    """A random, unguessable reference such as "C-7KQ2WD" that is not yet taken."""
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        reference = REFERENCE_PREFIX + code
        if not Child.objects.filter(reference=reference).exists():
            return reference


def _initial(name: str) -> str:
    name = (name or "").strip()
    return name[0].upper() if name else ""


class Child(models.Model):
    class Gender(models.TextChoices):
        GIRL = "girl", "Girl"
        BOY = "boy", "Boy"
        NON_BINARY = "non_binary", "Non-binary"
        ANOTHER_WAY = "another_way", "Described another way"
        NOT_KNOWN = "not_known", "Not known"

    class YearGroup(models.TextChoices):
        RECEPTION = "reception", "Reception"
        YEAR_1 = "year_1", "Year 1"
        YEAR_2 = "year_2", "Year 2"
        YEAR_3 = "year_3", "Year 3"
        YEAR_4 = "year_4", "Year 4"
        YEAR_5 = "year_5", "Year 5"
        YEAR_6 = "year_6", "Year 6"
        YEAR_7 = "year_7", "Year 7"
        YEAR_8 = "year_8", "Year 8"
        YEAR_9 = "year_9", "Year 9"
        YEAR_10 = "year_10", "Year 10"
        YEAR_11 = "year_11", "Year 11"
        YEAR_12 = "year_12", "Year 12"
        YEAR_13 = "year_13", "Year 13"

    first_name = models.CharField(
        max_length=100,
        error_messages={
            "blank": "Enter the child's first name.",
            "max_length": "The first name must be 100 characters or fewer.",
        },
    )
    last_name = models.CharField(
        max_length=100,
        error_messages={
            "blank": "Enter the child's last name.",
            "max_length": "The last name must be 100 characters or fewer.",
        },
    )
    preferred_name = models.CharField(
        "known as",
        max_length=100,
        blank=True,
        help_text="The name the child likes to be called, if not their first name.",
        error_messages={"max_length": "The preferred name must be 100 characters or fewer."},
    )
    date_of_birth = models.DateField(
        error_messages={
            "null": "Enter the child's date of birth.",
            "invalid": "Enter the date of birth as a real date.",
        }
    )
    gender = models.CharField(
        max_length=20,
        choices=Gender.choices,
        error_messages={
            "blank": "Choose the child's gender, or “Not known”.",
            "invalid_choice": "Choose the child's gender from the list, or “Not known”.",
        },
    )
    gender_description = models.CharField(
        "gender, in the child's words",
        max_length=100,
        blank=True,
        error_messages={"max_length": "The description must be 100 characters or fewer."},
    )
    ethnicity = models.CharField(max_length=100, blank=True)
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pupils",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        error_messages={
            "null": "Choose the child's school.",
            "invalid": "Choose a school: the organisation chosen is not a school.",
        },
    )
    year_group = models.CharField(
        max_length=10,
        choices=YearGroup.choices,
        error_messages={
            "blank": "Choose the child's year group.",
            "invalid_choice": "Choose the child's year group from the list.",
        },
    )
    la_case_number = models.CharField(
        "local authority case number",
        max_length=50,
        blank=True,
        error_messages={"max_length": "The case number must be 50 characters or fewer."},
    )
    # The organisation running the service that holds this record: its
    # co-ordinators see the child even before (and after) any allocation, and
    # work is allocated only on placements it hosts.
    held_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="children_held",
        verbose_name="record held by",
        error_messages={"null": "Choose the organisation that holds the child's record."},
    )
    reference = models.CharField(max_length=12, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = created_by_field()
    # A second record of a child already recorded, merged into that one
    # (services.merges): kept rather than deleted, so an administrator can undo
    # the merge; its carers, requests and work now live on the other record.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="merged into",
    )
    history = HistoricalRecords()
    child_record = ChildRecord(
        restricted={CHILD_DETAILS: {"la_case_number", "held_by"}},
        former_values={CHILD_DETAILS: {"first_name", "last_name", "preferred_name"}},
    )

    class Meta:
        ordering = ["reference"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.initials} ({self.reference})" if self.reference else self.initials

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_child_reference()
        super().save(*args, **kwargs)

    @property
    def initials(self) -> str:
        return _initial(self.first_name) + _initial(self.last_name)

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, timezone.localdate())

    def get_gender_label(self) -> str:
        if self.gender == self.Gender.ANOTHER_WAY and self.gender_description:
            return self.gender_description
        return self.get_gender_display()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = "The date of birth must be today or in the past."
            else:
                age = age_on(self.date_of_birth, today)
                if not YOUNGEST_AGE <= age <= OLDEST_AGE:
                    errors["date_of_birth"] = (
                        f"The child would be {age}: the service works with school-age "
                        f"children aged {YOUNGEST_AGE} to {OLDEST_AGE}. Check the date of birth."
                    )
        if self.gender == self.Gender.ANOTHER_WAY and not self.gender_description.strip():
            errors["gender_description"] = "Enter how the child describes their gender."
        if self.gender != self.Gender.ANOTHER_WAY and self.gender_description:
            # Only kept for "described another way", so a stale answer is never shown.
            self.gender_description = ""
        if self.held_by_id and self.held_by.kind in (
            Organisation.Kind.SCHOOL,
            Organisation.Kind.UNIVERSITY,
        ):
            errors["held_by"] = (
                "Choose the organisation running the service: schools and universities "
                "do not hold children's records here."
            )
        if errors:
            raise ValidationError(errors)


class Carer(models.Model):
    """A parent or carer of a child, with how to reach them."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        FOSTER_CARER = "foster_carer", "Foster carer"
        SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
        OTHER = "other", "Other"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="carers")
    name = models.CharField(
        max_length=150,
        error_messages={
            "blank": "Enter the carer's name.",
            "max_length": "The name must be 150 characters or fewer.",
        },
    )
    relationship = models.CharField(
        "relationship to the child",
        max_length=20,
        choices=Relationship.choices,
        error_messages={
            "blank": "Choose the carer's relationship to the child.",
            "invalid_choice": "Choose the carer's relationship to the child from the list.",
        },
    )
    phone = models.CharField(
        "phone number",
        max_length=30,
        blank=True,
        error_messages={"max_length": "The phone number must be 30 characters or fewer."},
    )
    email = models.EmailField(
        "email address",
        blank=True,
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    address = models.TextField("postal address", blank=True)
    has_parental_responsibility = models.BooleanField(default=False)
    is_main_contact = models.BooleanField("main contact", default=False)
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["-is_main_contact", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(is_main_contact=True),
                name="one_main_contact_per_child",
            ),
        ]

    def __str__(self) -> str:
        # A carer's name identifies the child as surely as the child's own.
        return f"{self.get_relationship_display()} of {self.child}"

    def clean(self) -> None:
        if not (self.phone.strip() or self.email.strip() or self.address.strip()):
            raise ValidationError(
                {
                    "phone": "Enter a phone number, email address or postal address: "
                    "at least one way to contact the carer."
                }
            )
