"""Supervision's entries in the register of personal data: records about the
student, written with the practice educator, kept from the placement's end."""

from portal.privacy.register import Whose, personal_data
from supervision.models import SupervisionSession

W = Whose
END = {"placement_end": "placement__ends_on"}
ON_PLACEMENT = {W.STUDENT: "placement__student", W.EDUCATOR: "placement__practice_educator"}

personal_data(
    "supervision.SupervisionSession",
    whose=(W.STUDENT, W.EDUCATOR),
    fields=(
        "amendment_reason",
        "attendees",
        *SupervisionSession.AGENDA,
        "notes",
        "student_reflection",
        "status_reason",
    ),
    counts_from=END,
    people=ON_PLACEMENT,
)
personal_data(
    "supervision.SupervisionAction",
    whose=(W.STUDENT, W.EDUCATOR),
    fields=("description",),
    counts_from={"placement_end": "session__placement__ends_on"},
    people={W.STUDENT: "session__placement__student", W.EDUCATOR: "owner"},
)
personal_data(
    "supervision.Observation",
    whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
    fields=(
        "amendment_reason",
        "pre_observation_plan",
        "overall_feedback",
        "student_reflection",
        "status_reason",
    ),
    counts_from=END,
    people={**ON_PLACEMENT, W.PROFESSIONAL: "observer"},
)
for label in ("supervision.ObservationFeedback", "supervision.ServiceUserFeedback"):
    personal_data(
        label,
        whose=(W.STUDENT,),
        fields=("feedback",) if label.endswith("ObservationFeedback") else ("comments", "given_by"),
        counts_from={"placement_end": "observation__placement__ends_on"},
        people={W.STUDENT: "observation__placement__student"},
    )
for label, fields in (
    ("supervision.CalendarFeed", ()),
    ("supervision.Reminder", ("text",)),
    ("supervision.ReminderDigest", ()),
):
    personal_data(
        label,
        whose=(W.STUDENT, W.EDUCATOR, W.PROFESSIONAL),
        fields=fields,
        counts_from={"created": "created_at"},
        people={W.STUDENT: "user", W.EDUCATOR: "user", W.PROFESSIONAL: "user"},
    )
