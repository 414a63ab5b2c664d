"""Reads about supervision that other apps depend on, and the pages' reads, one
module per service (supervision/services/).

University oversight (placements.oversight) reads weekly supervision and direct
observations only through `sessions.supervision_gaps_for` and
`observations.observations_overdue_for` (registered in supervision.oversight), so
the placement RAG status does not need to know how supervision is recorded.
"""
