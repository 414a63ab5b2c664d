"""Casework pages: safeguarding (being built)."""

urlpatterns: list = []
