"""Dashboard panels: requests."""
