"""Casework pages: assessments (being built)."""

urlpatterns: list = []
