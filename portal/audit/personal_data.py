"""The audit app's entries in the register of personal data."""

from portal.privacy.register import Whose, personal_data

W = Whose
READERS = (W.STUDENT, W.EDUCATOR, W.PROFESSIONAL)

personal_data(
    "audit.AccessEvent",
    whose=READERS,
    fields=(),
    counts_from={"read": "at"},
    people={kind: "user" for kind in READERS},
)
