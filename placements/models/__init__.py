"""Placements and practice learning.

reference: courses and capability frameworks (versioned data, never code);
people: student and practice educator profiles;
placement: the placement itself and its day ledger;
agreement: the practice learning agreement;
concern: causes for concern about a placement;
evidence: capability evidence and the practice educator's domain ratings;
review: midpoint review, final report and the practice assessment panel;
quality: the student's unattributed feedback on the setting;
offer: places a setting (host team) offers for a period;
setting: the kind of setting, service user group and statutory tasks (issue 16);
visit: the tutor's visits and three-way meetings (issue 22).
"""

from .agreement import LearningAgreement
from .concern import Concern
from .evidence import CapabilityRating, DomainRating, EvidenceItem
from .offer import PlacementOffer
from .people import EducatorProfile, StudentProfile
from .placement import PLACEMENT_PEOPLE, Placement, PlacementDay
from .quality import QualityFeedback, QualityFeedbackReceipt
from .reference import Capability, Course, Framework, FrameworkVersion
from .review import (
    FinalAssessment,
    FinalReport,
    MidpointProgress,
    MidpointReview,
    PanelDecision,
    ReviewAction,
)
from .setting import SETTING_FIELDS, ServiceUserGroup, SettingKind
from .visit import TutorVisit

__all__ = [
    "PLACEMENT_PEOPLE",
    "SETTING_FIELDS",
    "Capability",
    "CapabilityRating",
    "Concern",
    "Course",
    "DomainRating",
    "EducatorProfile",
    "EvidenceItem",
    "FinalAssessment",
    "FinalReport",
    "Framework",
    "FrameworkVersion",
    "LearningAgreement",
    "MidpointProgress",
    "MidpointReview",
    "PanelDecision",
    "Placement",
    "PlacementDay",
    "PlacementOffer",
    "QualityFeedback",
    "QualityFeedbackReceipt",
    "ReviewAction",
    "ServiceUserGroup",
    "SettingKind",
    "StudentProfile",
    "TutorVisit",
]
