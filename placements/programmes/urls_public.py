"""Public URLs of the programmes app (no sign-in), mounted at /programmes/ in portal/urls.py."""

from django.urls import path

from .views.referrals import ReferralCreateView, ReferralSentView
from .views.report_link import ReportLinkView

app_name = "programmes_public"

urlpatterns = [
    path("<slug:slug>/refer/", ReferralCreateView.as_view(), name="refer"),
    path("<slug:slug>/refer/sent/", ReferralSentView.as_view(), name="referral_sent"),
    path("reports/<str:token>/", ReportLinkView.as_view(), name="report_download"),
]
