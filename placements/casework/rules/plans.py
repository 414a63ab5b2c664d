"""Who may do what: plans."""
