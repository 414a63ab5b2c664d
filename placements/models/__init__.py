"""Placements and practice learning.

reference: courses and capability frameworks (versioned data, never code);
people: student and practice educator profiles;
placement: the placement itself and its day ledger;
agreement: the practice learning agreement;
concern: causes for concern about a placement.
"""

from .agreement import LearningAgreement
from .concern import Concern
from .people import EducatorProfile, StudentProfile
from .placement import Placement, PlacementDay
from .reference import Capability, Course, Framework, FrameworkVersion

__all__ = [
    "Capability",
    "Concern",
    "Course",
    "EducatorProfile",
    "Framework",
    "FrameworkVersion",
    "LearningAgreement",
    "Placement",
    "PlacementDay",
    "StudentProfile",
]
