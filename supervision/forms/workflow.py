"""The student's reflection, on a supervision record or a direct observation
(saved by supervision.services.sessions and supervision.services.observations)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm

SESSION_REFLECTION_HINT = (
    "What you took from the session, what you will do next, and how it links "
    "to the PCF domains. Never name a child or family member."
)
OBSERVATION_REFLECTION_HINT = (
    "What you learned from the observation and the feedback, and what you will do next."
)


class ReflectionForm(PortalForm):
    """The student's reflection on a supervision session or a direct observation.

    On a session it is not required here (the service names a missing reflection);
    the observation page asks for it (`required=True`, its own hint and limit)."""

    def __init__(
        self,
        *args,
        required: bool = False,
        max_length: int = 20000,
        hint: str = SESSION_REFLECTION_HINT,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["student_reflection"] = forms.CharField(
            label="Your reflection",
            required=required,
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text=hint,
            error_messages={"required": "Write your reflection"},
        )
