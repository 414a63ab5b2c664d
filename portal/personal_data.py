"""The portal kernel's entries in the register of personal data."""

from portal.privacy.register import Whose, not_personal, personal_data

W = Whose
ANYONE = (W.STUDENT, W.EDUCATOR, W.PROFESSIONAL)

personal_data(
    "portal.Notification",
    whose=ANYONE,
    fields=("body",),
    counts_from={"created": "created_at"},
    people={kind: "user" for kind in ANYONE},
)
personal_data(
    "portal.NotificationPreference",
    whose=ANYONE,
    # How the person chose to hear of each kind of notification: about them, nothing typed.
    fields=(),
    counts_from={"chosen": "updated_at"},
    people={kind: "user" for kind in ANYONE},
)
not_personal("portal.BankHoliday", why="The published bank holidays of England and Wales.")
personal_data(
    "portal.Signature",
    whose=ANYONE,
    fields=(),
    counts_from={"signed": "signed_at"},
    people={kind: "signer" for kind in ANYONE},
)
personal_data(
    "portal.DocumentExport",
    whose=ANYONE,
    # parameters: a list's filters, which may hold a name searched for.
    fields=("file", "error", "parameters"),
    counts_from={"created": "created_at"},
    people={kind: "requested_by" for kind in ANYONE},
)
personal_data(
    "portal.FormDraft",
    whose=ANYONE,
    fields=("data",),
    counts_from={"saved": "saved_at"},
    people={kind: "user" for kind in ANYONE},
)
personal_data(
    "portal.EmailOutbox",
    whose=ANYONE,
    fields=("recipient", "subject", "message"),
    counts_from={"created": "created_at"},
    people={kind: "notification__user" for kind in ANYONE},
)
