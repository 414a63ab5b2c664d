"""URLs of the lifestory app, mounted under /portal/. Pages arrive with its features."""

app_name = "lifestory"

urlpatterns: list = []
