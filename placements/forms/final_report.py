"""Forms of a placement's final report (saved by placements.services.final_report)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm, ReasonForm, reason_field

from ..models import FinalReport
from ..models.review import TUTOR_COMMENT_MAX_LENGTH
from ..services.review import DomainAssessment
from .review import DomainsMixin


class FinalReportForm(DomainsMixin, PortalForm):
    rating_label = "Rating"
    text_name = "assessment"
    text_label = "Assessment"
    text_required = True

    summary = forms.CharField(
        label="Holistic summary",
        max_length=20000,
        help_text="Your overall assessment of the student's practice across the placement.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the holistic summary of the student's practice"},
    )
    recommendation = forms.ChoiceField(
        label="Recommendation to the practice assessment panel",
        choices=FinalReport.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the recommendation: pass or fail"},
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_domain_fields(domains)

    def assessments(self) -> list[DomainAssessment]:
        data = self.cleaned_data
        return [
            DomainAssessment(
                capability=domain,
                rating=data[f"rating_{domain.number}"],
                assessment=data[f"assessment_{domain.number}"],
            )
            for domain in self.domains
        ]


class FinalReportCommentForm(PortalForm):
    # Not required here: the service names a missing comment, so every caller hears the same.
    student_comment = forms.CharField(
        label="Your comment on the report",
        required=False,
        max_length=10000,
        help_text="The practice assessment panel reads it with the report. You can change it "
        "until the tutor countersigns the report.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class FinalReportCountersignForm(PortalForm):
    tutor_comment = forms.CharField(
        label="Your comment (optional)",
        required=False,
        max_length=TUTOR_COMMENT_MAX_LENGTH,
        help_text="Kept with your countersignature. The student, the practice educator and "
        "the practice assessment panel read it with the report. Do not name children or "
        "families.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FinalReportAmendForm(ReasonForm):
    reason = reason_field(
        "Reason for the amendment",
        help_text="What needs correcting and why, for example the panel's points. The student "
        "and the tutor see this, and it stays with both versions of the report. Do not name "
        "children or families.",
    )
