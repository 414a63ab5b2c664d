"""Reads: plans."""
