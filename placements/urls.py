"""URLs of the placements app, mounted under /portal/. Pages arrive with its features."""

app_name = "placements"

urlpatterns: list = []
