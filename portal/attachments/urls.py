"""Mounted under /portal/attachments/: an attachment's download. Adding and removing
are pages of the apps owning the records (placements, supervision)."""

from django.urls import path

from .views import AttachmentDownloadView

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", AttachmentDownloadView.as_view(), name="download"),
]
