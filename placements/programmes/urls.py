"""Staff pages of the programmes app, mounted under /portal/programmes/ (sign-in)."""

from .views import evaluation, intake, outcomes

app_name = "programmes"

urlpatterns = [
    *intake.urlpatterns,
    *outcomes.urlpatterns,
    *evaluation.urlpatterns,
]
