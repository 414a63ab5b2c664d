"""Who manages a school's term dates: the school's own contacts, the co-ordinators of
a service holding records of its pupils, and admins (selectors.terms)."""

from __future__ import annotations

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from ..selectors.terms import manages_terms
from .safeguarding import sets_school_lead


@rules.predicate
def manages_school_terms(user, school=None) -> bool:
    if not user.is_authenticated:
        return False
    if school is None:
        return bool(user.organisations_where(Role.SCHOOL_CONTACT)) or sets_school_lead(user, None)
    return manages_terms(user, school)


rules.add_perm("casework.manage_school_terms", is_portal_admin | manages_school_terms)
