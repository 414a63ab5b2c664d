"""URLs of the supervision app, mounted under /portal/supervision/.

Each page module owns its patterns: drafts (the record's draft, listed before
sessions, whose `sessions/<pk>/<name>/` would otherwise answer its address),
sessions (supervision records, schedule, amendments), observations, calendar
(the .ics feed and its address), exports (PDF).
"""

from .views import calendar, drafts, exports, observations, sessions

app_name = "supervision"

urlpatterns = [
    *drafts.urlpatterns,
    *sessions.urlpatterns,
    *observations.urlpatterns,
    *calendar.urlpatterns,
    *exports.urlpatterns,
]
