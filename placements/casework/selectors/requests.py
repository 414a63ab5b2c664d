"""Reads: requests."""
