"""Registering interest in a programme run in runs (issue 19): public, in Swedish
(/sv/programmes/...) and English (/programmes/...), mounted in portal/urls.py
inside i18n_patterns."""

from django.urls import path

from .views.interest import InterestCreateView, InterestSentView

app_name = "programmes_interest"

urlpatterns = [
    path("<slug:slug>/interest/", InterestCreateView.as_view(), name="register"),
    path("<slug:slug>/interest/sent/", InterestSentView.as_view(), name="sent"),
]
