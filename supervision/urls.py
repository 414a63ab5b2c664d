"""URLs of the supervision app, mounted under /portal/supervision/.

Each page module owns its patterns: sessions (supervision records, schedule,
amendments), observations, calendar (the .ics feed and its address), exports (PDF).
"""

from .views import calendar, exports, observations, sessions

app_name = "supervision"

urlpatterns = [
    *sessions.urlpatterns,
    *observations.urlpatterns,
    *calendar.urlpatterns,
    *exports.urlpatterns,
]
