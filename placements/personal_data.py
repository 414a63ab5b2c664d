"""Placements' entries in the register of personal data (portal.privacy.register).

A placement's records are about its student, and name the practice educator and
others who wrote them; they are kept from the placement's end."""

from portal.privacy.register import Whose, not_personal, personal_data

W = Whose
END = {"placement_end": "placement__ends_on"}
STUDENT = {W.STUDENT: "placement__student", W.EDUCATOR: "placement__practice_educator"}

not_personal("placements.Framework", why="The PCF and the KSS as published: reference data.")
not_personal("placements.Capability", why="The statements of a published framework.")
personal_data(
    "placements.Placement",
    whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
    fields=("ended_reason", "contrast_override_reason"),
    counts_from={"placement_end": "ends_on"},
    people={
        W.STUDENT: "student",
        W.EDUCATOR: ("practice_educator", "onsite_supervisor"),
        W.PROFESSIONAL: ("tutor", "contrast_overridden_by"),
    },
)
for label, fields in {
    "placements.PlacementDay": ("note", "query", "query_answer"),
    "placements.LearningAgreement": (
        "learning_needs",
        "learning_opportunities",
        "supervision_arrangements",
        "reasonable_adjustments",
        "induction",
    ),
    "placements.Concern": ("summary", "action_plan", "outcome"),
    "placements.EvidenceItem": ("reflection", "educator_comment"),
    "placements.DomainRating": ("comment",),
    "placements.MidpointReview": ("attendees", "summary"),
    "placements.FinalReport": ("summary", "student_comment", "tutor_comment", "amendment_reason"),
    "placements.PanelDecision": ("notes",),
}.items():
    personal_data(
        label, whose=(W.STUDENT, W.EDUCATOR), fields=fields, counts_from=END, people=STUDENT
    )
personal_data(
    "placements.TutorVisit",
    whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
    fields=("notes", "agreed_actions"),
    counts_from=END,
    people={**STUDENT, W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "placements.MidpointProgress",
    whose=(W.STUDENT,),
    fields=("comment",),
    counts_from={"placement_end": "review__placement__ends_on"},
    people={W.STUDENT: "review__placement__student"},
)
personal_data(
    "placements.ReviewAction",
    whose=(W.STUDENT, W.EDUCATOR),
    fields=("description",),
    counts_from={"placement_end": "review__placement__ends_on"},
    people={W.STUDENT: "review__placement__student", W.EDUCATOR: "owner"},
)
personal_data(
    "placements.FinalAssessment",
    whose=(W.STUDENT,),
    fields=("assessment",),
    counts_from={"placement_end": "report__placement__ends_on"},
    people={W.STUDENT: "report__placement__student"},
)
personal_data(
    "placements.PlacementOffer",
    whose=(W.PROFESSIONAL,),
    fields=("note",),
    counts_from={"offer_end": "ends_on"},
    people={W.PROFESSIONAL: "created_by"},
)
personal_data(
    "placements.StudentProfile",
    whose=(W.STUDENT,),
    fields=(),
    counts_from={"dbs_checked": "dbs_checked_on"},
    people={W.STUDENT: "user"},
)
personal_data(
    "placements.EducatorProfile",
    whose=(W.EDUCATOR,),
    fields=(),
    counts_from={"dbs_checked": "dbs_checked_on"},
    people={W.EDUCATOR: "user"},
)
personal_data(
    "placements.QualityFeedback",
    whose=(W.STUDENT,),
    fields=("went_well", "could_improve"),
    counts_from={"received": "received_month"},
)
