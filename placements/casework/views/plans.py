"""Casework pages: plans (being built)."""

urlpatterns: list = []
