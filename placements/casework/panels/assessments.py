"""Dashboard panels: assessments."""
