"""Dashboard panels: plans."""
