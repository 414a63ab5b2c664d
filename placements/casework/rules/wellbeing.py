"""Who may do what: wellbeing."""
