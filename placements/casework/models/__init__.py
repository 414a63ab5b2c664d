"""Casework records: children and their carers, reference data, allocated work."""

from .allocation import Allocation
from .children import Carer, Child
from .reference import Theme

__all__ = ["Allocation", "Carer", "Child", "Theme"]
