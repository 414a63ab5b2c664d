"""Programmes as data (issue 18, requirement 1).

A `Programme` is one service a provider runs for families: POCAR (a rolling
16-week programme for parents who misuse drugs or alcohol, referred by the
child's social worker) today, and later the Children's Program (residential,
four-day runs). What differs between them is data an admin edits here, not
code: length, delivery, referral rules, completion rule, creche and the weekly
group slots and strands.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation


class TreatmentStage(models.TextChoices):
    """Where a parent is in their own treatment (the Children's Program suits a
    parent at the end of primary treatment or in aftercare)."""

    IN_TREATMENT = "in_treatment", _("In primary treatment")
    ENDING_TREATMENT = "ending_treatment", _("At the end of primary treatment")
    AFTERCARE = "aftercare", _("In aftercare")
    NOT_IN_TREATMENT = "not_in_treatment", _("Not in treatment")


class Language(models.TextChoices):
    """The languages the programmes work in (settings.LANGUAGES' codes)."""

    SWEDISH = "sv", "Svenska"
    ENGLISH = "en-gb", "English"


def parse_parent_days(text: str) -> tuple[int, ...]:
    """'3, 4' -> (3, 4): the days of a run the parent attends (ValueError if not numbers)."""
    return tuple(sorted({int(part) for part in text.replace(" ", "").split(",") if part}))


class Programme(models.Model):
    class Kind(models.TextChoices):
        PARENT_SUBSTANCE_MISUSE = "parent_substance_misuse", "Parents who misuse substances"
        CHILDREN_RESIDENTIAL = "children_residential", "Children's residential programme"

    class Entry(models.TextChoices):
        ROLLING = "rolling", "Rolling entry (a parent joins when assessed)"
        RUNS = "runs", "Fixed runs (a family joins a run with set dates)"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in the web address.")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"kind": Organisation.Kind.SERVICE_PROVIDER},
    )
    summary = models.TextField(blank=True, help_text="One or two sentences for staff pages.")
    # The Children's Program is Swedish-first (issue 19, requirement 8): what the
    # portal sends about the programme itself (leader certificate reminders) is
    # written in this language, whoever receives it.
    language = models.CharField(
        "first language",
        max_length=10,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language the programme's staff and families use first: reminders "
        "about the programme are written in it.",
    )
    length_weeks = models.PositiveSmallIntegerField(
        "length in weeks",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text="For example 16. Leave empty for a programme counted in days.",
    )
    length_days = models.PositiveSmallIntegerField(
        "length in days",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="For a programme run over consecutive days (a residential run of 4 days).",
    )
    entry = models.CharField(max_length=20, choices=Entry.choices, default=Entry.ROLLING)
    has_keywork = models.BooleanField(
        "1-1 keywork", default=True, help_text="Each participant has a named keyworker."
    )
    has_groups = models.BooleanField("group sessions", default=True)
    address = models.TextField(blank=True, help_text="Where groups meet.")
    # Referral rules.
    who_may_refer = models.TextField(
        blank=True, help_text="Who may refer, for example: the child's social worker."
    )
    threshold_question = models.CharField(
        max_length=300,
        blank=True,
        help_text="The question a referrer must answer yes to (shown on the referral form).",
    )
    # Stored in working days so it can be counted with portal.workingdays (bank
    # holidays are data). POCAR promises contact "within two weeks" of a referral:
    # two weeks of Monday-to-Friday working days is 10 working days.
    contact_working_days = models.PositiveSmallIntegerField(
        "contact within (working days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How soon the parent is contacted after a referral. Two weeks is 10 "
        "working days; bank holidays are not counted.",
    )
    completion_percent = models.PositiveSmallIntegerField(
        "sessions to attend to complete (%)",
        default=75,
        validators=[
            MinValueValidator(1, "Enter a share between 1 and 100."),
            MaxValueValidator(100, "Enter a share between 1 and 100."),
        ],
        help_text="The share of offered sessions a participant attends to complete.",
    )
    # The creche (POCAR: free, for children aged 0 to 5, so parents can attend).
    has_creche = models.BooleanField("creche", default=False)
    creche_min_age = models.PositiveSmallIntegerField(
        "creche from age", default=0, validators=[MaxValueValidator(17)]
    )
    creche_max_age = models.PositiveSmallIntegerField(
        "creche up to age", default=5, validators=[MaxValueValidator(17)]
    )
    creche_places = models.PositiveSmallIntegerField(
        "creche places per session", null=True, blank=True
    )
    # A residential programme run in fixed runs (the Children's Program, issue 19).
    accommodation = models.TextField(
        blank=True, help_text="For a residential programme: where families stay during a run."
    )
    parent_days = models.CharField(
        "days the parent attends",
        max_length=20,
        blank=True,
        help_text="The days of a run the parent joins, by number: for example 3, 4.",
    )
    group_size = models.PositiveSmallIntegerField(
        "children per run", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    min_age = models.PositiveSmallIntegerField(
        "youngest age on the first day",
        null=True,
        blank=True,
        validators=[MaxValueValidator(17)],
        help_text="A child's age on a run's first day: for example 7.",
    )
    max_age = models.PositiveSmallIntegerField(
        "oldest age on the first day", null=True, blank=True, validators=[MaxValueValidator(17)]
    )
    min_sober_days = models.PositiveSmallIntegerField(
        "days of continuous sobriety on the first day",
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text="For example 30. Leave empty when sobriety is not asked about.",
    )
    treatment_stages = models.JSONField(
        "treatment stages that suit the programme",
        default=list,
        blank=True,
        help_text="Codes from: " + ", ".join(TreatmentStage.values) + ". Empty: not asked.",
    )
    leaders_per_run = models.PositiveSmallIntegerField(
        "certified leaders per run",
        default=0,
        validators=[MaxValueValidator(10)],
        help_text="How many leaders with a valid certificate each run needs (0: none).",
    )
    is_accepting_referrals = models.BooleanField(
        "accepting referrals",
        default=False,
        help_text="When ticked, the public referral form is open.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.length_weeks is None and self.length_days is None:
            errors["length_weeks"] = "Enter the length in weeks or in days."
        if self.creche_min_age > self.creche_max_age:
            errors["creche_max_age"] = "The creche's upper age must not be below its lower age."
        if self.has_creche and not self.creche_places:
            errors["creche_places"] = "Enter the creche places per session."
        if self.provider_id and self.provider.kind != Organisation.Kind.SERVICE_PROVIDER:
            errors["provider"] = "Choose a service provider."
        errors.update(self._run_errors())
        if errors:
            raise ValidationError(errors)

    def _run_errors(self) -> dict[str, str]:
        errors = {}
        if self.entry == self.Entry.RUNS and not self.length_days:
            errors["length_days"] = "A programme run in fixed runs needs its length in days."
        try:
            days = parse_parent_days(self.parent_days or "")
        except ValueError:
            errors["parent_days"] = "Write the days as numbers separated by commas, like 3, 4."
        else:
            if days and (not self.length_days or days[0] < 1 or days[-1] > self.length_days):
                errors["parent_days"] = (
                    f"Each day must be between 1 and the run's length ({self.length_days or 0})."
                )
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = "The oldest age must not be below the youngest."
        stages = self.treatment_stages or []
        if not isinstance(stages, list) or not set(stages) <= set(TreatmentStage.values):
            errors["treatment_stages"] = "Use a list of codes from: " + ", ".join(
                TreatmentStage.values
            )
        return errors

    @property
    def parent_day_numbers(self) -> tuple[int, ...]:
        try:
            return parse_parent_days(self.parent_days or "")
        except ValueError:
            return ()

    @property
    def runs_in_runs(self) -> bool:
        return self.entry == self.Entry.RUNS


class GroupSlot(models.Model):
    """A weekly group session: POCAR meets Monday and Wednesday, 10:30 to 12:00."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField("starts at")
    ends_at = models.TimeField("ends at")
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "weekday", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "weekday", "starts_at"], name="one_slot_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        start, end = self.starts_at.strftime("%H:%M"), self.ends_at.strftime("%H:%M")
        return f"{self.get_weekday_display()} {start}–{end}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})


class Strand(models.Model):
    """A group strand. POCAR's groups are gender-specific; when a strand is not
    running, its parents are still referred and get keywork only."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="strands")

    class For(models.TextChoices):
        ANYONE = "", "Anyone"
        WOMEN = "female", "Women"
        MEN = "male", "Men"

    name = models.CharField(max_length=80, help_text="For example: women's group.")
    for_gender = models.CharField(
        "for",
        max_length=10,
        choices=For.choices,
        blank=True,
        help_text="Whom the strand's groups are for (a parent joins the strand for them).",
    )
    running_now = models.BooleanField("running now", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="one_strand_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"
