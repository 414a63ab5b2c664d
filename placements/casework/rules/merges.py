"""Who may do what: possible duplicate records of a child, and merges.

- Seeing that a record may be a duplicate, comparing two records and merging
  them: the co-ordinators of the service holding the record (both records, for
  a merge: services.merges checks each), and administrators. Schools, students
  and practice educators never see the flag.
- A merge's record: whoever may merge the record kept.
- Undoing a merge: administrators only.
"""

from __future__ import annotations

import rules

from portal.accounts.rules import is_portal_admin

from ..selectors import requests as reads


@rules.predicate
def coordinates_holder(user, child) -> bool:
    return child is not None and user.is_authenticated and reads.may_merge_records_of(user, child)


@rules.predicate
def coordinates_merge(user, merge) -> bool:
    return merge is not None and coordinates_holder(user, merge.keep)


rules.add_perm("casework.merge_child", is_portal_admin | coordinates_holder)
rules.add_perm("casework.view_childmerge", is_portal_admin | coordinates_merge)
rules.add_perm("casework.undo_childmerge", is_portal_admin)
