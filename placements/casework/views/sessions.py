"""Casework pages: sessions (being built)."""

urlpatterns: list = []
