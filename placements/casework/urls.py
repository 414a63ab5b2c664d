"""URLs of the casework app, mounted under /portal/casework/.

Importing each views module also registers its sections of the child's page.
"""

from .views import (
    allocations,
    assessments,
    carers,
    children,
    closure,
    drafts,
    merges,
    plans,
    requests,
    safeguarding,
    school_services,
    sessions,
    terms,
    wellbeing,
)

app_name = "casework"

urlpatterns = [
    *children.urlpatterns,
    *carers.urlpatterns,
    *allocations.urlpatterns,
    *requests.urlpatterns,
    *school_services.urlpatterns,
    *merges.urlpatterns,
    *terms.urlpatterns,
    *plans.urlpatterns,
    *sessions.urlpatterns,
    *drafts.urlpatterns,
    *wellbeing.urlpatterns,
    *closure.urlpatterns,
    *safeguarding.urlpatterns,
    *assessments.urlpatterns,
]
