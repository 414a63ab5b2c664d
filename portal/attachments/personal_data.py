"""The attachments' entry in the register of personal data."""

from portal.privacy.register import Whose, personal_data

W = Whose
UPLOADERS = (W.STUDENT, W.EDUCATOR, W.PROFESSIONAL)

personal_data(
    "attachments.Attachment",
    whose=UPLOADERS,
    # The file is anonymised like the record it is attached to (the name guard
    # reads its name and text); it is kept and deleted with that record.
    fields=("file", "original_name"),
    counts_from={"uploaded": "uploaded_at"},
    people={kind: "uploaded_by" for kind in UPLOADERS},
)
