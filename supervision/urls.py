"""URLs of the supervision app, mounted under /portal/supervision/.

Each page module owns its patterns: drafts (the record's draft) and sessions
(supervision records), listed before workflow, whose `sessions/<pk>/<name>/`
would otherwise answer their addresses; workflow (steps, signing and amending of
records and observations), observations, observation_feedback, calendar (the .ics
feed and its address), exports (PDF).
"""

from .views import (
    calendar,
    drafts,
    exports,
    observation_feedback,
    observations,
    sessions,
    workflow,
)

app_name = "supervision"

urlpatterns = [
    *drafts.urlpatterns,
    *sessions.urlpatterns,
    *workflow.urlpatterns,
    *observations.urlpatterns,
    *observation_feedback.urlpatterns,
    *calendar.urlpatterns,
    *exports.urlpatterns,
]
