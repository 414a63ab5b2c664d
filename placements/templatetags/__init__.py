"""Template tags of the placements app."""
