"""Pages: calendar."""

urlpatterns: list = []
