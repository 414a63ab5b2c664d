"""The practice educator's domain ratings (saved by placements.services.coverage)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm

from ..models import CapabilityRating, Placement


class DomainRatingsForm(PortalForm):
    """A rating and a comment for each domain of the current PCF version.

    Fields are `rating_<capability pk>` and `comment_<capability pk>`; a domain
    left without a rating keeps the rating it has.
    """

    def __init__(self, *args, domains, placement: Placement, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        final = placement.level == Placement.Level.FINAL
        self.domains = list(domains)
        for domain in self.domains:
            current = ratings.get(domain.pk)
            descriptor = (
                domain.final_placement_descriptor if final else domain.first_placement_descriptor
            )
            expected = "the last placement" if final else "the first placement"
            self.fields[f"rating_{domain.pk}"] = forms.ChoiceField(
                label=f"{domain.number}. {domain.title}",
                choices=CapabilityRating.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=current.rating if current else None,
                help_text=f"Expected by the end of {expected}: {descriptor}" if descriptor else "",
            )
            self.fields[f"comment_{domain.pk}"] = forms.CharField(
                label=f"Comment on {domain.title} (optional)",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def clean(self):
        cleaned = super().clean()
        for domain in self.domains:
            rating_field = f"rating_{domain.pk}"
            if cleaned.get(f"comment_{domain.pk}", "").strip() and not cleaned.get(rating_field):
                self.add_error(
                    rating_field,
                    f"Choose a rating for {domain.title} to go with your comment, "
                    "or clear the comment.",
                )
        return cleaned

    def chosen(self) -> dict:
        """{domain: (rating, comment)} for each domain given a rating."""
        chosen = {}
        for domain in self.domains:
            rating = self.cleaned_data.get(f"rating_{domain.pk}")
            if rating:
                chosen[domain] = (rating, self.cleaned_data.get(f"comment_{domain.pk}", ""))
        return chosen
