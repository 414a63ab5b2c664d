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
    "ProgrammeWorker",
    "Referral",
    "ReferredChild",
    "SelfEsteemScore",
    "SocialCareStatus",
    "Strand",
]
