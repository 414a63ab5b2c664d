"""Dashboard panels: wellbeing."""
