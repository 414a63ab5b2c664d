"""The form for writing a practice learning agreement (saved by the service)."""

from django import forms

from portal.forms import PortalModelForm, TimeInput

from ..models import LearningAgreement


class LearningAgreementForm(PortalModelForm):
    """Collects the sections; the view passes them to services.agreement.agreement_save."""

    class Meta:
        model = LearningAgreement
        fields = list(LearningAgreement.SECTIONS)
        widgets = {
            "learning_needs": forms.Textarea(attrs={"rows": 5}),
            "learning_opportunities": forms.Textarea(attrs={"rows": 5}),
            "supervision_day": forms.RadioSelect,
            "supervision_time": TimeInput,
            "supervision_arrangements": forms.Textarea(attrs={"rows": 4}),
            "reasonable_adjustments": forms.Textarea(attrs={"rows": 4}),
            "induction": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "learning_needs": {"required": "Enter the student's learning needs"},
            "learning_opportunities": {"required": "Enter the learning opportunities offered"},
            "supervision_day": {"required": "Select the day of the weekly supervision"},
            "supervision_time": {
                "required": "Enter the time of the weekly supervision",
                "invalid": "Enter the time as hours and minutes, for example 14:00",
            },
            "induction": {"required": "Enter what the induction covers"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # RadioSelect on a model field with choices adds an empty "---------" option.
        self.fields["supervision_day"].choices = LearningAgreement.Weekday.choices
