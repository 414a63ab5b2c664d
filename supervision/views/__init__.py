"""Pages of the supervision app, one module per concept (see supervision/urls.py)."""
