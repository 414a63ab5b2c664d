"""Queries the casework panels add to a role's dashboard (each panel is itself
tested flat at 5 and 50 rows in tests/casework/). Dashboard-wide query bounds
elsewhere add these, so a new casework panel changes one number here."""

from portal.accounts.roles import Role

CASEWORK_PANEL_QUERIES = {
    Role.PRACTICE_EDUCATOR: 9,
    Role.STUDENT: 4,
    Role.COORDINATOR: 6,
}

# The Life Story Books part of a student's dashboard: the query for the books they
# co-work (the bank holidays are read only when there is one to show).
LIFESTORY_PANEL_QUERIES = {Role.STUDENT: 1}

# The student's progress panel (placements.progress; issue 16, requirement 4), for
# their live placements together: the days, the bank holidays, the PCF domains, the
# evidence counts, the ratings, the midpoint reviews, the agreements and their
# signatures, and supervision's observations (the direct observations due). The
# bank holidays are read once a request (portal.request_cache), so a panel that
# follows another counting working days does not read them again.
PROGRESS_QUERIES = 8
# "Log today" on the student's placement panel (placements.selectors.day_log.today_on;
# issue 22, requirement 3): the days recorded today (the bank holidays are shared
# with the progress panel's read).
LOG_TODAY_QUERIES = 1
PROGRESS_PANEL_QUERIES = {Role.STUDENT: PROGRESS_QUERIES + LOG_TODAY_QUERIES}
# The placement page shows the same panel (PROGRESS_QUERIES for its one placement).

# The header's sections (portal.navigation; issue 16, requirement 5), on every page:
# each shows by its page's own permission, so the header may read the user's Django
# permissions (two queries, once a request, when a section is refused) and whether
# they co-work a Life Story Book or are a school's safeguarding lead (one each).
# At most this many more queries a page, for any role.
HEADER_QUERIES = 3

# "Waiting for you" at the top of each panel (portal.waiting; issue 22, requirement 2):
# one query an item, and the student's days to log three (their placements, the days
# recorded, the bank holidays), the tutor's overdue reviews two (the candidates and
# the bank holidays), the co-ordinator's requests two (the services, the requests).
# The practice educator's include whether their profile is complete (issue 22, R7);
# the student's the days their practice educator queried. Reads shared within a
# request (portal.request_cache: the student's live placements, the bank holidays)
# are counted once for the whole page.
WAITING_QUERIES = {
    Role.PRACTICE_EDUCATOR: 6,
    Role.STUDENT: 7,
    Role.TUTOR: 4,
    Role.COORDINATOR: 4,
    Role.SCHOOL_CONTACT: 2,
}
