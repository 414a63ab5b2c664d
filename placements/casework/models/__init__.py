"""Casework records: children and their carers, reference data, requests for
support, allocated work, direct-work plans and sessions, wellbeing measures,
safeguarding concerns and assessments."""

from .allocation import Allocation
from .assessments import Assessment
from .children import Carer, Child
from .merges import ChildMerge
from .plans import DirectWorkPlan, PlanChild, PlanGoal
from .reference import Theme
from .requests import SupportRequest
from .safeguarding import SafeguardingAddendum, SafeguardingConcern
from .schools import SchoolProfile, SchoolService, SupportKind
from .sessions import DirectWorkSession, SessionAttendance, WellbeingMeasure
from .terms import SchoolTerm, TermHoliday

__all__ = [
    "Allocation",
    "Assessment",
    "Carer",
    "Child",
    "ChildMerge",
    "DirectWorkPlan",
    "DirectWorkSession",
    "PlanChild",
    "PlanGoal",
    "SafeguardingAddendum",
    "SafeguardingConcern",
    "SchoolProfile",
    "SchoolService",
    "SchoolTerm",
    "SessionAttendance",
    "SupportKind",
    "SupportRequest",
    "TermHoliday",
    "Theme",
    "WellbeingMeasure",
]
