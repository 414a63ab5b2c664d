"""Programmes' entries in the register of personal data (portal.privacy.register)."""

from portal.privacy.register import Whose, not_personal, personal_data

W = Whose

WHY = "Reference data about a service (times, rules, places), not about any person."

not_personal("programmes.Programme", why=WHY)
not_personal("programmes.GroupSlot", why=WHY)
not_personal("programmes.Strand", why=WHY)

# A referral: about the parent, typed by the referrer (a professional with no
# account here). No lookup leads to a person of the portal (people={}): until
# intake links a referral to records, a subject access request finds it by the
# names and dates of birth typed in (tests/privacy/test_subject_access_everything.py
# says so). Retention counts from when it arrived (migration 0003).
personal_data(
    "programmes.Referral",
    whose=(W.REFERRER, W.PARENT, W.PROFESSIONAL),
    fields=(
        "referrer_name",
        "referrer_local_authority",
        "referrer_team",
        "referrer_email",
        "referrer_phone",
        "parent_name",
        "parent_date_of_birth",
        "parent_gender",
        "parent_phone",
        "parent_email",
        "parent_address",
        "substances",
        "treatment_so_far",
        "interpreter_language",
        "access_needs",
        "home_visit_risks",
        "outcome_reason",
        "municipality",
        "treatment_stage",
        "sober_since",
    ),
    counts_from={"received": "received_at"},
    people={W.PROFESSIONAL: "care_coordinator"},
)
personal_data(
    "programmes.ReferredChild",
    whose=(W.CHILD, W.PARENT),
    fields=("name", "date_of_birth", "support_group"),
    counts_from={"received": "referral__received_at", "child_birth": "date_of_birth"},
)

# Intake and delivery (issue 18, requirements 3 and 4). Each is about the parent
# (and the children, for creche places and outcome checks) of a referral, so each
# counts from the referral's arrival, like the referral itself; the staff who
# recorded it are named by their account (people=...).
RECEIVED = {"received": "referral__received_at"}

personal_data(
    "programmes.ContactAttempt",
    whose=(W.PARENT, W.PROFESSIONAL),
    fields=("note",),
    counts_from=RECEIVED,
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.ProgrammeWorker",
    whose=(W.PROFESSIONAL,),
    fields=(),
    counts_from={"added": "added_on"},
    people={W.PROFESSIONAL: "user"},
)
personal_data(
    "programmes.Enrolment",
    whose=(W.PARENT, W.PROFESSIONAL),
    fields=("keywork_only_reason", "end_reason"),
    counts_from=RECEIVED,
    people={W.PROFESSIONAL: "created_by"},
)
personal_data(
    "programmes.GroupSession",
    whose=(W.PROFESSIONAL,),
    fields=("cancel_reason",),
    counts_from={"held": "on"},
    people={W.PROFESSIONAL: "register_taken_by"},
)
personal_data(
    "programmes.Attendance",
    whose=(W.PARENT,),
    fields=(),
    counts_from={"received": "enrolment__referral__received_at"},
)
personal_data(
    "programmes.CrecheBooking",
    whose=(W.CHILD, W.PROFESSIONAL),
    fields=(),
    counts_from={"received": "child__referral__received_at"},
    people={W.PROFESSIONAL: "booked_by"},
)
personal_data(
    "programmes.KeyworkPlan",
    whose=(W.PARENT,),
    fields=(),
    counts_from={"received": "enrolment__referral__received_at"},
)
personal_data(
    "programmes.KeyworkGoal",
    whose=(W.PARENT,),
    fields=("goal",),
    counts_from={"received": "plan__enrolment__referral__received_at"},
)
personal_data(
    "programmes.KeyworkSession",
    whose=(W.PARENT, W.PROFESSIONAL),
    fields=("note",),
    counts_from={"received": "enrolment__referral__received_at"},
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.OutcomeCheck",
    whose=(W.CHILD, W.PROFESSIONAL),
    fields=(),
    counts_from={"received": "child__referral__received_at"},
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.SelfEsteemScore",
    whose=(W.PARENT,),
    fields=(),
    counts_from={"received": "enrolment__referral__received_at"},
)

# Updates and reports for the referrer (requirement 5): about the parent, written
# by staff, sent to the referrer's address. They count from the referral's arrival.
personal_data(
    "programmes.UpdateRequest",
    whose=(W.REFERRER, W.PROFESSIONAL),
    fields=(),
    counts_from=RECEIVED,
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.ProgrammeReport",
    whose=(W.PARENT, W.PROFESSIONAL),
    fields=("summary", "file", "error"),
    counts_from=RECEIVED,
    people={W.PROFESSIONAL: "written_by"},
)
personal_data(
    "programmes.ReportLink",
    whose=(W.REFERRER, W.PROFESSIONAL),
    fields=("sent_to",),
    counts_from={"received": "report__referral__received_at"},
    people={W.PROFESSIONAL: "sent_by"},
)

# The Children's Program (issue 19). The leader register names professionals and
# their certificates; it counts from the certificate's expiry (a leader is kept on
# the register while certified). A run names its leaders through the register.
personal_data(
    "programmes.Leader",
    whose=(W.PROFESSIONAL,),
    fields=(
        "name",
        "organisation",
        "municipality",
        "job_title",
        "certificate_number",
        "issued_by",
    ),
    counts_from={"certificate_expired": "expires_on"},
    people={W.PROFESSIONAL: "user"},
)
personal_data(
    "programmes.Run",
    whose=(W.PROFESSIONAL,),
    fields=("venue", "cancel_reason"),
    counts_from={"held": "starts_on"},
    people={W.PROFESSIONAL: "leaders__user"},
)
personal_data(
    "programmes.RunPlace",
    whose=(W.PARENT, W.CHILD, W.PROFESSIONAL),
    fields=("sober_since", "reason"),
    counts_from=RECEIVED,
    people={W.PROFESSIONAL: "invited_by"},
)
# A run's days and outcomes (issue 19, R4, R6, R7): about the family's children and
# parent, recorded by the programme's team; they count from the registration.
personal_data(
    "programmes.RunAttendance",
    whose=(W.PARENT, W.CHILD, W.PROFESSIONAL),
    fields=(),
    counts_from={"received": "place__referral__received_at"},
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.SupportGroupStep",
    whose=(W.CHILD, W.PROFESSIONAL),
    fields=("group",),
    counts_from={"received": "child__referral__received_at"},
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.ChildRating",
    whose=(W.CHILD, W.PROFESSIONAL),
    fields=(),
    counts_from={"received": "child__referral__received_at"},
    people={W.PROFESSIONAL: "recorded_by"},
)
personal_data(
    "programmes.ParentRating",
    whose=(W.PARENT, W.PROFESSIONAL),
    fields=(),
    counts_from={"received": "place__referral__received_at"},
    people={W.PROFESSIONAL: "recorded_by"},
)
