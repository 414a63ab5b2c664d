"""Who may do what: assessments."""
