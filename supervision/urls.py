"""URLs of the supervision app, mounted under /portal/supervision/.

Each page module owns its patterns: drafts (the record's draft) and sessions
(supervision records), listed before workflow, whose `sessions/<pk>/<name>/`
would otherwise answer their addresses; workflow (steps, signing and amending of
records and observations), observations, observation_feedback, calendar (the .ics
feed and its address), exports (PDF), portfolio (the pack for the
assessment panel).
"""

from .views import (
    calendar,
    drafts,
    exports,
    observation_attachments,
    observation_feedback,
    observations,
    portfolio,
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
    *observation_attachments.urlpatterns,
    *calendar.urlpatterns,
    *exports.urlpatterns,
    *portfolio.urlpatterns,
]
