"""Data protection's own records in the register of personal data."""

from portal.privacy.register import Whose, not_personal, personal_data

not_personal(
    "privacy.RetentionSchedule",
    why="Rules for record types, with their sources; about no one.",
)
personal_data(
    "privacy.LegalHold",
    whose=(Whose.PROFESSIONAL,),
    fields=("reason",),
    counts_from={"set": "set_at", "lifted": "lifted_at"},
    people={Whose.PROFESSIONAL: ("set_by", "lifted_by")},
)
not_personal(
    "privacy.RetentionRun",
    why="Counts per record type of what a retention run did; names no one.",
)
not_personal(
    "privacy.AnonymisedRecord",
    why="Which record was anonymised and when: a pointer, with nothing about anyone.",
)
personal_data(
    "privacy.RightsRequest",
    whose=(Whose.CHILD, Whose.CARER, Whose.STUDENT, Whose.PROFESSIONAL),
    fields=("requested_by", "details", "extension_reason", "outcome"),
    counts_from={"received": "received_on", "closed": "closed_on"},
)
