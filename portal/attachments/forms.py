from django import forms

from portal.forms import PortalForm

ACCEPT = (
    "application/pdf,.pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx,"
    "image/jpeg,image/png,image/webp,image/heic"
)


class AttachmentForm(PortalForm):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word document (.docx) or photo (JPEG, PNG, WebP or HEIC), smaller "
        "than 10 MB. Never name a child or family, in the file or in its name.",
        error_messages={"required": "Choose a file to attach"},
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
