"""URLs of the placements app, mounted under /portal/placements/."""

from .views import agreement, concern, ledger, lifecycle, profiles

app_name = "placements"

urlpatterns = [
    *lifecycle.urlpatterns,
    *ledger.urlpatterns,
    *profiles.urlpatterns,
    *agreement.urlpatterns,
    *concern.urlpatterns,
]
