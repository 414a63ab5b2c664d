from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm

COMMENT_MAX_LENGTH = 1200

USEFUL_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class PageFeedbackForm(PortalForm):
    # A prefix keeps the ids unique on a content page that has forms of its own.
    prefix = "feedback"

    useful = forms.ChoiceField(
        label=_("Was this page useful?"),
        choices=USEFUL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if this page was useful")},
    )
    comment = forms.CharField(
        label=_("How could we improve this page? (optional)"),
        help_text=_(
            "Do not include personal details such as your name, email address or phone "
            "number. We remove email addresses and phone numbers before we store comments."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Your comment must be %(limit_value)d characters or fewer"),
        },
    )
    # The honeypot: hidden from people (visually, from the tab order and from
    # assistive technology) but plain to bots that fill every input.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    @property
    def is_useful(self) -> bool:
        return self.cleaned_data["useful"] == "yes"
