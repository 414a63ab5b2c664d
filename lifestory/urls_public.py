"""Public URLs of the lifestory app (no sign-in), mounted at /contribute/ in portal/urls.py."""

from django.urls import path

from .views.public import ContributeSentView, ContributeView

app_name = "lifestory_public"

urlpatterns = [
    path("sent/", ContributeSentView.as_view(), name="contribute_sent"),
    path("<str:token>/", ContributeView.as_view(), name="contribute"),
]
