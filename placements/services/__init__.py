"""Writes about placements, one module per concept:

lifecycle: creating placements and moving them through their statuses;
ledger: the days a student records and their practice educator confirms;
profiles: student and practice educator profiles.
"""
