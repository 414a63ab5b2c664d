from .programmes import GroupSlot, Programme, Strand
from .referrals import Referral, ReferredChild

__all__ = ["GroupSlot", "Programme", "Referral", "ReferredChild", "Strand"]
