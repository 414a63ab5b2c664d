"""Pages: observations."""

urlpatterns: list = []
