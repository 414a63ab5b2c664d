"""Public URLs outside Wagtail's page tree, not prefixed by language.
(The search page is language-prefixed: see portal/urls.py.)"""

from django.urls import path

from cms.feedback.views import page_feedback, portal_feedback
from cms.findability import robots_txt, sitemap

app_name = "cms"

urlpatterns = [
    path("feedback/<int:page_id>/", page_feedback, name="page_feedback"),
    path("feedback/portal/", portal_feedback, name="portal_feedback"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
