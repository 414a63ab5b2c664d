"""Public URLs outside Wagtail's page tree (sitemap, robots.txt arrive with the public site)."""

app_name = "cms"

urlpatterns: list = []
