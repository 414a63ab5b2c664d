"""URLs of the casework app, mounted under /portal/casework/."""

from . import views

app_name = "casework"

urlpatterns = [*views.urlpatterns]
