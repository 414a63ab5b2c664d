"""Who may do what: requests."""
