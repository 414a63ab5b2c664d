"""Status transition tables of casework records (shape: portal.transitions)."""
