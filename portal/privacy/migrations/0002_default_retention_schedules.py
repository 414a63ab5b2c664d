"""The default retention schedules, each with the source of its rule. Admins change
them in the Django admin (privacy.RetentionSchedule); this only adds those missing."""

from django.db import migrations

CHILD_IN_NEED = (
    "Children in need and early-help work (direct work, assessments, requests, "
    "safeguarding concerns): kept to the child's 25th birthday, the period local "
    "authorities commonly apply to children's social care records of children who were "
    "not looked after (IRMS retention guidelines for local government). Confirm with "
    "your Data Protection Officer."
)
PLACEMENT = (
    "Student placement records: six years after the placement ends, long enough for "
    "appeals, fitness-to-practise enquiries and Social Work England registration "
    "questions after the course ends."
)
ACCOUNT = "Accounts: six years after the person last signed in, then anonymised."

DEFAULTS = [
    *[
        (label, 300, "child_birth", "anonymise", CHILD_IN_NEED)
        for label in (
            "casework.Child",
            "casework.Carer",
            "casework.Allocation",
            "casework.Assessment",
            "casework.ChildMerge",
            "casework.SupportRequest",
            "casework.PlanChild",
            "casework.PlanGoal",
            "casework.SessionAttendance",
            "casework.WellbeingMeasure",
            "casework.SafeguardingConcern",
            "casework.SafeguardingAddendum",
        )
    ],
    # A plan or session with several children is kept until the youngest is 25.
    ("casework.DirectWorkPlan", 300, "child_birth", "anonymise", CHILD_IN_NEED),
    ("casework.DirectWorkSession", 300, "child_birth", "anonymise", CHILD_IN_NEED),
    *[
        (label, 72, "placement_end", "anonymise", PLACEMENT)
        for label in (
            "placements.Placement",
            "placements.PlacementDay",
            "placements.LearningAgreement",
            "placements.Concern",
            "placements.EvidenceItem",
            "placements.DomainRating",
            "placements.MidpointReview",
            "placements.MidpointProgress",
            "placements.ReviewAction",
            "placements.FinalReport",
            "placements.FinalAssessment",
            "placements.PanelDecision",
            "supervision.SupervisionSession",
            "supervision.SupervisionAction",
            "supervision.Observation",
            "supervision.ObservationFeedback",
            "supervision.ServiceUserFeedback",
        )
    ],
    ("accounts.User", 72, "last_sign_in", "anonymise", ACCOUNT),
    (
        "cms.PageFeedback",
        24,
        "given",
        "delete",
        "'Was this page useful?' answers: two years, enough to compare one year with the "
        "last; they name no one, but a comment may.",
    ),
    (
        "audit.AccessEvent",
        84,
        "read",
        "delete",
        "The log of who read a record: seven years, so a question about who saw a child's "
        "record can be answered for as long as a complaint or claim could be brought.",
    ),
    (
        "portal.Notification",
        24,
        "created",
        "delete",
        "Notifications in the portal: two years; the records they point to keep their own "
        "history.",
    ),
    (
        "portal.FormDraft",
        3,
        "saved",
        "delete",
        "Unsaved drafts of forms: three months, then nobody is coming back for them.",
    ),
]


def add_defaults(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    for label, months, counts_from, action, source in DEFAULTS:
        RetentionSchedule.objects.get_or_create(
            record_type=label,
            defaults={
                "period_months": months,
                "counts_from": counts_from,
                "action": action,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_retention_schedules_and_legal_holds")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
