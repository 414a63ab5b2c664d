"""Staff pages of the programmes app, mounted under /portal/programmes/ (sign-in)."""

from .views import (
    cofacilitation,
    delivery,
    evaluation,
    intake,
    leaders,
    outcomes,
    reports,
    run_outcomes,
    run_pages,
    runs,
    support_groups,
)

app_name = "programmes"

urlpatterns = [
    *intake.urlpatterns,
    *delivery.urlpatterns,
    *cofacilitation.urlpatterns,
    *outcomes.urlpatterns,
    *evaluation.urlpatterns,
    *reports.urlpatterns,
    *leaders.urlpatterns,
    *runs.urlpatterns,
    *run_pages.urlpatterns,
    *run_outcomes.urlpatterns,
    *support_groups.urlpatterns,
]
