import rules

from portal.accounts.rules import is_portal_admin

# Administrators read the retention reports and start a dry run; the schedules
# and legal holds are edited in the Django admin (privacy.* model permissions).
rules.add_perm("privacy.view_retentionrun", is_portal_admin)
rules.add_perm("privacy.start_retention_dry_run", is_portal_admin)
# Subject access: an administrator exports everything about one person.
rules.add_perm("privacy.export_subject_access", is_portal_admin)
# Rights requests (access, rectification, erasure, restriction, objection).
rules.add_perm("privacy.manage_rights_requests", is_portal_admin)
