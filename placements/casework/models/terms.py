"""A partner school's term dates: its terms, and the holidays within them (half-terms
and INSET days). Direct-work sessions are planned on days the school is open
(selectors.terms.SchoolCalendar); a school without term dates is not restricted.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation
from portal.dates import long_date


def date_range(starts_on, ends_on) -> str:
    if starts_on == ends_on:
        return long_date(starts_on)
    return f"{long_date(starts_on)} to {long_date(ends_on)}"


class SchoolTerm(models.Model):
    school = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="school_terms",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    name = models.CharField(
        "term",
        max_length=80,
        help_text="For example, Autumn term 2026.",
        error_messages={"blank": "Enter the term's name, for example Autumn term 2026."},
    )
    starts_on = models.DateField("first day of term")
    ends_on = models.DateField("last day of term")
    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="school_term_ends_after_it_starts"
            )
        ]
        indexes = [models.Index(fields=["school", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({date_range(self.starts_on, self.ends_on)})"

    def clean(self) -> None:
        if self.school_id and self.school.kind != Organisation.Kind.SCHOOL:
            raise ValidationError({"school": "Choose a school."})
        if not (self.starts_on and self.ends_on):
            return
        if self.ends_on <= self.starts_on:
            raise ValidationError(
                {"ends_on": "The last day of term must be after the first day of term."}
            )
        overlapping = (
            SchoolTerm.objects.filter(
                school_id=self.school_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            )
            .exclude(pk=self.pk)
            .order_by("starts_on")
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {"starts_on": f"The dates overlap {overlapping}: terms cannot overlap."}
            )
        if self.pk is None:
            return
        outside = self.holidays.filter(
            Q(starts_on__lt=self.starts_on) | Q(ends_on__gt=self.ends_on)
        ).first()
        if outside is not None:
            raise ValidationError(
                {
                    "starts_on": f"{outside.name} would fall outside the term: "
                    "remove it first, or keep the term's dates around it."
                }
            )


class TermHoliday(models.Model):
    """A day or days within a term when the school is closed to the work: a half-term
    or an INSET (staff training) day."""

    term = models.ForeignKey(SchoolTerm, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(
        "holiday",
        max_length=80,
        help_text="For example, October half-term, or INSET day.",
        error_messages={"blank": "Enter the holiday's name, for example October half-term."},
    )
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day", help_text="The same as the first day for one day.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="term_holiday_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({date_range(self.starts_on, self.ends_on)})"

    def clean(self) -> None:
        if not (self.starts_on and self.ends_on and self.term_id):
            return
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last day must be the first day or after it."})
        term = self.term
        if self.starts_on < term.starts_on or self.ends_on > term.ends_on:
            raise ValidationError({"starts_on": f"A holiday in {term.name} must be within {term}."})
        overlapping = (
            TermHoliday.objects.filter(
                term_id=self.term_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError({"starts_on": f"The dates overlap {overlapping}."})
