"""Casework pages: requests (being built)."""

urlpatterns: list = []
