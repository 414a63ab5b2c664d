"""Writes to casework records, one module per part of the work (DESIGN.md:
views and API routes call these; they never write models themselves)."""
