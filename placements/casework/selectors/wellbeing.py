"""Reads: wellbeing."""
