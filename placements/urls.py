"""URLs of the placements app, mounted under /portal/placements/."""

from .views import (
    agreement,
    allocation,
    concern,
    coverage,
    evidence,
    export,
    final_report,
    ledger,
    lifecycle,
    panel,
    profiles,
    quality,
    review,
)

app_name = "placements"

urlpatterns = [
    *lifecycle.urlpatterns,
    *ledger.urlpatterns,
    *profiles.urlpatterns,
    *agreement.urlpatterns,
    *concern.urlpatterns,
    *allocation.urlpatterns,
    *quality.urlpatterns,
    *evidence.urlpatterns,
    *coverage.urlpatterns,
    *export.urlpatterns,
    *review.urlpatterns,
    *final_report.urlpatterns,
    *panel.urlpatterns,
]
