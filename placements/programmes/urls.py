"""Staff pages of the programmes app, mounted under /portal/programmes/ (sign-in)."""

from .views import delivery, evaluation, intake, outcomes, reports

app_name = "programmes"

urlpatterns = [
    *intake.urlpatterns,
    *delivery.urlpatterns,
    *outcomes.urlpatterns,
    *evaluation.urlpatterns,
    *reports.urlpatterns,
]
