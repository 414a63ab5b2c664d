import rules

from portal.accounts.rules import is_portal_admin

rules.add_perm("audit.view_accessevent", is_portal_admin)
