"""Casework's entries in the register of personal data (portal.privacy.register).

Casework holds children's records: direct work and assessments for children in
need, kept by default until the child's 25th birthday (the schedules are data:
privacy.RetentionSchedule). Each record offers the child's date of birth, and
where it has one, the date its work closed, for its schedule to count from."""

from portal.privacy.register import Whose, not_personal, personal_data

W = Whose
BIRTH = "child__date_of_birth"

personal_data(
    "casework.Child",
    whose=(W.CHILD, W.PROFESSIONAL),
    fields=("first_name", "last_name", "preferred_name", "date_of_birth"),
    counts_from={"child_birth": "date_of_birth"},
    people={W.CHILD: "", W.PROFESSIONAL: "created_by"},
)
personal_data(
    "casework.Carer",
    whose=(W.CARER, W.CHILD),
    fields=("name", "phone", "email", "address"),
    counts_from={"child_birth": BIRTH},
    people={W.CARER: "", W.CHILD: "child"},
)
personal_data(
    "casework.Allocation",
    whose=(W.CHILD, W.STUDENT, W.EDUCATOR),
    fields=(),
    counts_from={"child_birth": BIRTH, "work_ended": "ends_on"},
    people={W.CHILD: "child", W.STUDENT: "student", W.EDUCATOR: "practice_educator"},
)
personal_data(
    "casework.Assessment",
    whose=(W.CHILD, W.PROFESSIONAL, W.STUDENT),
    fields=(
        "amendment_reason",
        "developmental_needs",
        "parenting_capacity",
        "family_environment",
        "child_voice",
        "analysis",
    ),
    counts_from={"child_birth": BIRTH, "completed": "completed_on"},
    people={W.CHILD: "child", W.PROFESSIONAL: "social_worker", W.STUDENT: "student"},
)
personal_data(
    "casework.ChildMerge",
    whose=(W.CHILD,),
    fields=("moved",),
    counts_from={"child_birth": "keep__date_of_birth"},
    people={W.CHILD: ("keep", "duplicate")},
)
not_personal("casework.Theme", why="The themes of direct work offered (anxiety, friendships...).")
not_personal(
    "casework.SchoolTerm", why="A school's term dates (names like Autumn term 2026, dates)."
)
not_personal(
    "casework.TermHoliday", why="A school's half-terms and INSET days within a term (names, dates)."
)
personal_data(
    "casework.SupportRequest",
    whose=(W.CHILD, W.CARER, W.REFERRER),
    fields=("reason", "child_view", "decision_reason", "parent_consent_by"),
    counts_from={"child_birth": BIRTH, "submitted": "submitted_at"},
    people={W.CHILD: ("child", "child_as_entered"), W.REFERRER: "submitted_by"},
)
personal_data(
    "casework.DirectWorkPlan",
    whose=(W.CHILD, W.STUDENT),
    fields=("closed_reason", "school_agreed_by"),
    counts_from={"child_birth": "children__date_of_birth", "work_closed": "closed_at"},
    people={W.CHILD: "children", W.STUDENT: "created_by"},
)
personal_data(
    "casework.PlanChild",
    whose=(W.CHILD,),
    fields=("closure_summary", "child_feedback", "parent_agreed_by"),
    counts_from={"child_birth": BIRTH, "work_closed": "closed_at"},
    people={W.CHILD: "child"},
)
personal_data(
    "casework.PlanGoal",
    whose=(W.CHILD,),
    fields=("text",),
    counts_from={"child_birth": "member__child__date_of_birth"},
    people={W.CHILD: "member__child"},
)
personal_data(
    "casework.DirectWorkSession",
    whose=(W.CHILD, W.STUDENT),
    fields=(
        "cancel_reason",
        "cancelled_by",
        "activities",
        "observations",
        "next_steps",
        "review_comments",
    ),
    counts_from={"child_birth": "plan__children__date_of_birth", "work_closed": "plan__closed_at"},
    people={W.CHILD: "plan__children", W.STUDENT: "logged_by"},
)
personal_data(
    "casework.SessionAttendance",
    whose=(W.CHILD,),
    fields=("child_voice", "notes"),
    counts_from={"child_birth": BIRTH},
    people={W.CHILD: "child"},
)
personal_data(
    "casework.WellbeingMeasure",
    whose=(W.CHILD,),
    fields=("answers",),
    counts_from={"child_birth": BIRTH},
    people={W.CHILD: "child"},
)
personal_data(
    "casework.SafeguardingConcern",
    whose=(W.CHILD, W.STUDENT),
    fields=("what_happened", "actions_taken", "outcome"),
    counts_from={"child_birth": BIRTH},
    people={W.CHILD: "child", W.STUDENT: "raised_by"},
)
personal_data(
    "casework.SafeguardingAddendum",
    whose=(W.CHILD,),
    fields=("text",),
    counts_from={"child_birth": "concern__child__date_of_birth"},
    people={W.CHILD: "concern__child"},
)
personal_data(
    "casework.SchoolProfile",
    whose=(W.PROFESSIONAL,),
    fields=("safeguarding_lead_name", "safeguarding_lead_email"),
    people={W.PROFESSIONAL: "safeguarding_lead"},
)
