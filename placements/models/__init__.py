"""Placements and practice learning.

reference: courses and capability frameworks (versioned data, never code);
people: student and practice educator profiles;
placement: the placement itself and its day ledger;
agreement: the practice learning agreement.
"""

from .agreement import LearningAgreement
from .people import EducatorProfile, StudentProfile
from .placement import Placement, PlacementDay
from .reference import Capability, Course, Framework, FrameworkVersion

__all__ = [
    "Capability",
    "Course",
    "EducatorProfile",
    "Framework",
    "FrameworkVersion",
    "LearningAgreement",
    "Placement",
    "PlacementDay",
    "StudentProfile",
]
