"""Reads: assessments."""
