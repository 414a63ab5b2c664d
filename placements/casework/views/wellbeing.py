"""Casework pages: wellbeing (being built)."""

urlpatterns: list = []
