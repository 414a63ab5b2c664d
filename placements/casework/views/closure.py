"""Casework pages: closing the work (summary, feedback, outcomes, PDF)."""

urlpatterns: list = []
