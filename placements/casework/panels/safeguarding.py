"""Dashboard panels: safeguarding."""
