from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("retention/", views.RetentionRunListView.as_view(), name="retention_runs"),
    path("retention/<int:pk>/", views.RetentionRunDetailView.as_view(), name="retention_run"),
    path(
        "retention/dry-run/",
        views.RetentionDryRunStartView.as_view(),
        name="retention_dry_run",
    ),
    path("subject-access/", views.SubjectAccessSearchView.as_view(), name="subject_access_search"),
    path(
        "subject-access/<str:kind>/<int:pk>/",
        views.SubjectAccessView.as_view(),
        name="subject_access",
    ),
    path("requests/", views.RightsRequestListView.as_view(), name="rights_requests"),
    path("requests/new/", views.RightsRequestCreateView.as_view(), name="rights_request_create"),
    path("requests/<int:pk>/", views.RightsRequestDetailView.as_view(), name="rights_request"),
    path(
        "requests/<int:pk>/extend/",
        views.RightsRequestExtendView.as_view(),
        name="rights_request_extend",
    ),
    path(
        "requests/<int:pk>/close/",
        views.RightsRequestCloseView.as_view(),
        name="rights_request_close",
    ),
    path(
        "requests/<int:pk>/erase/",
        views.RightsRequestEraseView.as_view(),
        name="rights_request_erase",
    ),
]
