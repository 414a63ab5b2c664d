"""Who may do what: safeguarding."""
