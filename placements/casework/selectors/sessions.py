"""Reads: sessions."""
