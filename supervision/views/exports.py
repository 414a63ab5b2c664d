"""Pages: exports."""

urlpatterns: list = []
