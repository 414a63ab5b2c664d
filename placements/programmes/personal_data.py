"""Programmes' entries in the register of personal data (portal.privacy.register)."""

from portal.privacy.register import not_personal

WHY = "Reference data about a service (times, rules, places), not about any person."

not_personal("programmes.Programme", why=WHY)
not_personal("programmes.GroupSlot", why=WHY)
not_personal("programmes.Strand", why=WHY)
