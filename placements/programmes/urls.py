"""Staff pages of the programmes app, mounted under /portal/programmes/ (sign-in)."""

from .views import delivery, intake, reports

app_name = "programmes"

urlpatterns = [
    *intake.urlpatterns,
    *delivery.urlpatterns,
    *reports.urlpatterns,
]
