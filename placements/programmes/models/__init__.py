from .delivery import (
    Attendance,
    CrecheBooking,
    Enrolment,
    GroupSession,
    KeyworkGoal,
    KeyworkPlan,
    KeyworkSession,
)
from .outcomes import OutcomeCheck, SelfEsteemScore
from .programmes import GroupSlot, Language, Programme, Strand, TreatmentStage
from .referrals import ContactAttempt, Referral, ReferredChild, SocialCareStatus, SupportGroup
from .reports import ProgrammeReport, ReportLink, UpdateRequest
from .run_outcomes import ChildRating, ParentRating, RatingPoint, SupportGroupStep
from .runs import Leader, Run, RunAttendance, RunPlace
from .team import ProgrammeWorker

__all__ = [
    "SupportGroupStep",
    "RunAttendance",
    "RatingPoint",
    "ParentRating",
    "ChildRating",
    "Attendance",
    "ContactAttempt",
    "CrecheBooking",
    "Enrolment",
    "GroupSession",
    "GroupSlot",
    "KeyworkGoal",
    "KeyworkPlan",
    "KeyworkSession",
    "Language",
    "Leader",
    "OutcomeCheck",
    "Programme",
    "ProgrammeReport",
    "ProgrammeWorker",
    "Referral",
    "ReferredChild",
    "ReportLink",
    "Run",
    "RunPlace",
    "SelfEsteemScore",
    "SocialCareStatus",
    "Strand",
    "SupportGroup",
    "TreatmentStage",
    "UpdateRequest",
]
