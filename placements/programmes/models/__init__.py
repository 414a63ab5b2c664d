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
from .programmes import GroupSlot, Programme, Strand
from .referrals import ContactAttempt, Referral, ReferredChild, SocialCareStatus
from .reports import ProgrammeReport, ReportLink, UpdateRequest
from .team import ProgrammeWorker

__all__ = [
    "Attendance",
    "ContactAttempt",
    "CrecheBooking",
    "Enrolment",
    "GroupSession",
    "GroupSlot",
    "KeyworkGoal",
    "KeyworkPlan",
    "KeyworkSession",
    "OutcomeCheck",
    "Programme",
    "ProgrammeReport",
    "ProgrammeWorker",
    "Referral",
    "ReferredChild",
    "ReportLink",
    "SelfEsteemScore",
    "SocialCareStatus",
    "Strand",
    "UpdateRequest",
]
