"""URLs of the casework app, mounted under /portal/. Pages arrive with its features."""

app_name = "casework"

urlpatterns: list = []
