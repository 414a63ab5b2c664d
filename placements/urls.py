"""URLs of the placements app, mounted under /portal/placements/."""

from .views import (
    agreement,
    allocation,
    concern,
    evidence,
    export,
    ledger,
    lifecycle,
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
    *export.urlpatterns,
    *review.urlpatterns,
]
