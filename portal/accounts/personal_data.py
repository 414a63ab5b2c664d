"""Accounts' entries in the register of personal data (portal.privacy.register)."""

from portal.privacy.register import Whose, not_personal, personal_data

W = Whose

personal_data(
    "accounts.User",
    whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
    fields=("name", "email"),
    counts_from={"joined": "date_joined", "last_sign_in": "last_login|date_joined"},
    people={W.STUDENT: "", W.EDUCATOR: "", W.PROFESSIONAL: ""},
)
not_personal(
    "accounts.Organisation",
    why="Universities, local authorities, schools and hosts: organisations, not people.",
)
personal_data(
    "accounts.Membership",
    whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
    fields=(),
    counts_from={"ended": "ends_on"},
    people={W.STUDENT: "user", W.EDUCATOR: "user", W.PROFESSIONAL: "user"},
)
personal_data(
    "accounts.Invitation",
    whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
    fields=("email",),
    counts_from={"sent": "created_at"},
    people={W.PROFESSIONAL: ("invited_by", "accepted_by")},
)
personal_data(
    "accounts.ApiToken",
    whose=(W.PROFESSIONAL,),
    fields=("name",),
    counts_from={"created": "created_at"},
    people={W.PROFESSIONAL: "user"},
)
