"""Forms of the later-life letter's pages. The checks (and their messages) are the service's."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm, reason_field


class LetterForm(PortalForm):
    addressed_to = forms.CharField(
        label="Greeting",
        max_length=120,
        required=False,
        help_text="How the letter greets the child, for example “Dear Kai”.",
    )
    body = forms.CharField(
        label="The letter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="Write for the child to read when they are older. A blank line starts a "
        "new paragraph. Start a line with ## for a heading, with - for a list; put **two "
        "stars** around words in bold.",
    )


class LetterStepForm(PortalForm):
    """A move of the letter: a reason where it needs one."""

    reason = reason_field()

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        if not transition.needs_reason:
            del self.fields["reason"]
