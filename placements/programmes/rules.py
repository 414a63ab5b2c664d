"""Who may see and change programmes (issue 18). Programmes are reference data:
admins edit them in the Django admin, and the public referral form needs no
permission. The programme worker's predicates arrive with the staff pages."""
