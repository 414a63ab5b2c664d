"""Pages of the placements app, one module per concept (each with its urlpatterns)."""
