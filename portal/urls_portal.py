from django.urls import path

from . import views
from .exports import DocumentExportDownloadView

app_name = "portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/read/",
        views.NotificationMarkReadView.as_view(),
        name="notifications_read",
    ),
    path(
        "exports/<int:pk>/download/",
        DocumentExportDownloadView.as_view(),
        name="export_download",
    ),
]
