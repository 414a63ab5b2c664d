"""Forms of a placement's reviews (saved by placements.services.review).

The midpoint review and the final report ask for every PCF domain on one page:
their fields are made per domain of the current PCF (`rating_<number>`...).
The midpoint review's action plan is a set of numbered rows on the same form,
with an "Add another action" button that posts the form back with one more
empty row (no JavaScript needed), so one error summary covers everything.
"""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm

from ..models import CapabilityRating, MidpointReview
from ..services.review import ActionItem, DomainProgress

# Empty action rows shown at first, and the most a form can have.
ACTION_ROWS = 3
MAX_ACTION_ROWS = 20


class DomainsMixin:
    """Adds a rating and a text field per PCF domain; `domain_rows` lists them in order."""

    rating_label = "Progress"
    text_name = "comment"
    text_label = "Comment (optional)"
    text_required = False

    def add_domain_fields(self, domains) -> None:
        self.domains = list(domains)
        for domain in self.domains:
            self.fields[f"rating_{domain.number}"] = forms.ChoiceField(
                label=f"{self.rating_label} in {domain.title}",
                choices=CapabilityRating.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose the {self.rating_label.lower()} in {domain.title}"
                },
            )
            self.fields[f"{self.text_name}_{domain.number}"] = forms.CharField(
                label=f"{self.text_label} – {domain.title}",
                required=self.text_required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": f"Enter the assessment of {domain.title}"},
            )

    @property
    def domain_rows(self) -> list[tuple]:
        return [
            (domain, self[f"rating_{domain.number}"], self[f"{self.text_name}_{domain.number}"])
            for domain in self.domains
        ]


class MidpointReviewForm(DomainsMixin, PortalForm):
    held_on = DateField(label="Date of the review", help_text="For example 14 October 2026.")
    attendees = forms.CharField(
        label="Who attended",
        max_length=2000,
        help_text="One person per line, with their role, for example “Sam Student, student”.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter who attended the review"},
    )
    outcome = forms.ChoiceField(
        label="Overall progress",
        choices=MidpointReview.Outcome.choices,
        widget=forms.RadioSelect,
        help_text="With concerns, the action plan must have at least one action.",
        error_messages={
            "required": "Choose whether progress is satisfactory or there are concerns"
        },
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=10000,
        help_text="The main points of the discussion.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    action_rows = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=MAX_ACTION_ROWS, required=False
    )

    def __init__(self, *args, domains, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_domain_fields(domains)
        self.people = {str(person.pk): person for person in people}
        owners = [("", "Choose who")] + [(pk, str(p)) for pk, p in self.people.items()]
        self.row_count = self._row_count()
        self.initial.setdefault("action_rows", self.row_count)
        for number in range(1, self.row_count + 1):
            self.fields[f"action_{number}_description"] = forms.CharField(
                label=f"Action {number}: what is to be done",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"action_{number}_owner"] = forms.ChoiceField(
                label=f"Action {number}: owner", required=False, choices=owners
            )
            self.fields[f"action_{number}_due_on"] = DateField(
                label=f"Action {number}: due date", help_text="", required=False
            )

    def _row_count(self) -> int:
        raw = (self.data or {}).get("action_rows") or self.initial.get("action_rows")
        try:
            count = int(raw)
        except (TypeError, ValueError):
            count = ACTION_ROWS
        return max(1, min(count, MAX_ACTION_ROWS))

    @property
    def action_rows_fields(self) -> list[tuple]:
        return [
            (
                number,
                self[f"action_{number}_description"],
                self[f"action_{number}_owner"],
                self[f"action_{number}_due_on"],
            )
            for number in range(1, self.row_count + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.row_count + 1):
            names = [f"action_{number}_{part}" for part in ("description", "owner", "due_on")]
            values = [cleaned.get(name) for name in names]
            if not any(values) or any(name in self.errors for name in names):
                continue  # an empty row is ignored
            description, owner, due_on = values
            if not (description or "").strip():
                self.add_error(names[0], f"Enter what action {number} is")
            if not owner:
                self.add_error(names[1], f"Choose who owns action {number}")
            if due_on is None:
                self.add_error(names[2], f"Enter the due date of action {number}")
        return cleaned

    def progress(self) -> list[DomainProgress]:
        data = self.cleaned_data
        return [
            DomainProgress(
                capability=domain,
                rating=data[f"rating_{domain.number}"],
                comment=data.get(f"comment_{domain.number}", ""),
            )
            for domain in self.domains
        ]

    def actions(self) -> list[ActionItem]:
        data = self.cleaned_data
        items = []
        for number in range(1, self.row_count + 1):
            description = data.get(f"action_{number}_description") or ""
            owner = data.get(f"action_{number}_owner")
            due_on = data.get(f"action_{number}_due_on")
            if description.strip() or owner or due_on:
                items.append(
                    ActionItem(
                        description=description,
                        owner=self.people.get(owner or ""),
                        due_on=due_on,
                    )
                )
        return items
