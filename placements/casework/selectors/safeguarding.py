"""Reads: safeguarding."""
