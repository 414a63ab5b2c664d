"""URLs of the supervision app, mounted under /portal/. Pages arrive with its features."""

app_name = "supervision"

urlpatterns: list = []
