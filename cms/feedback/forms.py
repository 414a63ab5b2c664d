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


def local_path(value: str) -> str:
    """The path of a page of this site, without its query string or fragment (they
    can hold what someone searched for); "" for anything else."""
    path = (value or "").split("?", 1)[0].split("#", 1)[0].strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 300:
        return ""
    return path


class PortalFeedbackForm(PageFeedbackForm):
    """The same question about a portal page, which is named by its path."""

    page = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_page(self) -> str:
        return local_path(self.cleaned_data.get("page", ""))
