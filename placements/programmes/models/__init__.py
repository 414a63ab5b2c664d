from .programmes import GroupSlot, Programme, Strand

__all__ = ["GroupSlot", "Programme", "Strand"]
