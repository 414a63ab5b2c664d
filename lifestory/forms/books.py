"""Forms of the Life Story Book pages. Most checks (and their messages) are the service's."""

from __future__ import annotations

from django import forms

from portal.accounts.models import User
from portal.forms import DateField, PortalForm, reason_field

from ..models import LifeStoryBook


class BookDetailsForm(PortalForm):
    plan_type = forms.ChoiceField(
        label="The child's plan",
        choices=LifeStoryBook.PlanType.choices,
        widget=forms.RadioSelect,
    )
    worker = forms.ModelChoiceField(
        label="Life-story worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose the worker",
    )
    co_worker = forms.ModelChoiceField(
        label="Student co-worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No student",
        help_text="A student on a current placement with the service.",
    )
    second_review_date = DateField(
        label="Second adoption review (optional)",
        required=False,
        help_text="The draft book is due on this day.",
    )
    celebration_hearing_date = DateField(
        label="Celebration hearing (optional)",
        required=False,
        help_text="The final book and the later-life letter are due 10 working days after it.",
    )

    def __init__(self, *args, workers, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["co_worker"].queryset = students


class BookCreateForm(BookDetailsForm):
    child_reference = forms.CharField(
        label="The child's reference",
        max_length=20,
        help_text="As on the child's record, for example C-7KQ2WD.",
    )
    field_order = ["child_reference"]

    def clean_child_reference(self) -> str:
        return self.cleaned_data["child_reference"].strip().upper()


class ChapterForm(PortalForm):
    title = forms.CharField(label="Title", max_length=120)
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Write for the child. A blank line starts a new paragraph. Start a line "
        "with ## for a heading, with - for a list; put **two stars** around words in bold.",
    )


class ChapterAddForm(PortalForm):
    title = forms.CharField(label="Title of the new chapter", max_length=120)


class CommentForm(PortalForm):
    text = reason_field("Your comment", rows=3)


class AnswerForm(PortalForm):
    answer = reason_field("Your answer", rows=3)


class BookStepForm(PortalForm):
    """A move of the book: a reason where it needs one; delivery details for "deliver"."""

    reason = reason_field()
    delivered_to = forms.CharField(
        label="Handed to", required=False, max_length=200, help_text="Who received the book."
    )
    delivered_on = DateField(label="Date handed over", required=False)
    delivery_form = forms.ChoiceField(
        label="Given as",
        required=False,
        choices=LifeStoryBook.DeliveryForm.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        if not transition.needs_reason:
            del self.fields["reason"]
        if transition.name != "deliver":
            for name in ("delivered_to", "delivered_on", "delivery_form"):
                del self.fields[name]


class PhotoDetailsForm(PortalForm):
    caption = forms.CharField(label="Caption", max_length=300, required=False)
    shows = forms.CharField(label="Who or what it shows (optional)", max_length=300, required=False)
    source = forms.CharField(
        label="Where it came from (optional)",
        max_length=300,
        required=False,
        help_text="For example: Pat, Kai's foster carer; the hospital.",
    )
    consent = forms.CharField(
        label="Consent for its use",
        max_length=300,
        required=False,
        help_text="Who agreed to the photo being in the book, and when.",
    )
    chapter = forms.ModelChoiceField(
        label="Chapter (optional)", queryset=None, required=False, empty_label="No chapter yet"
    )
    may_identify = forms.BooleanField(
        label="It may identify where the child lives now, their school or their carers",
        required=False,
        help_text="A team manager must clear it before it can go into a printed book.",
    )

    def __init__(self, *args, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = chapters


class PhotoUploadForm(PhotoDetailsForm):
    file = forms.FileField(
        label="Photo",
        help_text="A JPEG, PNG, WebP or HEIC photo, smaller than 20 MB. Its location and "
        "camera details are removed when it is saved.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}
        ),
    )
    field_order = ["file"]
