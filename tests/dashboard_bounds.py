"""Queries the casework panels add to a role's dashboard (each panel is itself
tested flat at 5 and 50 rows in tests/casework/). Dashboard-wide query bounds
elsewhere add these, so a new casework panel changes one number here."""

from portal.accounts.roles import Role

CASEWORK_PANEL_QUERIES = {
    Role.PRACTICE_EDUCATOR: 9,
    Role.STUDENT: 4,
    Role.COORDINATOR: 6,
}
