"""Reads of the placements app, one module per sub-domain (beside services/)."""
