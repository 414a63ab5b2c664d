"""Forms of the casework pages."""

from django import forms

from portal.accounts.models import Organisation


class ChildFilterForm(forms.Form):
    """The children list's search (by reference only: names never go in a URL)."""

    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=12,
        help_text="For example C-7KQ2WD",
    )
    school = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="All schools"
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools
