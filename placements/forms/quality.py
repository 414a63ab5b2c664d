"""The placement-quality questionnaire (saved by placements.services.quality)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm

from ..models import QualityFeedback
from ..services.quality import COMMENT_MAX_LENGTH

SCALE = [
    ("1", "1 – Strongly disagree"),
    ("2", "2 – Disagree"),
    ("3", "3 – Neither agree nor disagree"),
    ("4", "4 – Agree"),
    ("5", "5 – Strongly agree"),
]


class QualityFeedbackForm(PortalForm):
    went_well = forms.CharField(
        label="What went well? (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown word for word to co-ordinators. Do not name anyone.",
    )
    could_improve = forms.CharField(
        label="What could the setting improve? (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown word for word to co-ordinators. Do not name anyone.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {}
        for name in QualityFeedback.SCORES:
            question = QualityFeedback._meta.get_field(name).verbose_name
            scores[name] = forms.ChoiceField(
                label=question,
                choices=SCALE,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a score for “{question}”",
                    "invalid_choice": f"Choose a score from 1 to 5 for “{question}”",
                },
            )
        # The scaled items first, in the questionnaire's order, then the comments.
        self.fields = {**scores, **self.fields}
