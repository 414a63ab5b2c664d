"""URLs of the placements app, mounted under /portal/placements/."""

from .views import (
    agreement,
    allocation,
    concern,
    coverage,
    day_log,
    evidence,
    evidence_attachments,
    export,
    final_report,
    ledger,
    lifecycle,
    panel,
    profiles,
    quality,
    review,
    visit,
)

app_name = "placements"

urlpatterns = [
    *lifecycle.urlpatterns,
    *ledger.urlpatterns,
    *day_log.urlpatterns,
    *profiles.urlpatterns,
    *agreement.urlpatterns,
    *concern.urlpatterns,
    *allocation.urlpatterns,
    *quality.urlpatterns,
    *evidence.urlpatterns,
    *evidence_attachments.urlpatterns,
    *coverage.urlpatterns,
    *export.urlpatterns,
    *review.urlpatterns,
    *final_report.urlpatterns,
    *panel.urlpatterns,
    *visit.urlpatterns,
]
