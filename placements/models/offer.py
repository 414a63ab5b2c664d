"""Places a setting offers for students (issue 4, requirement 10).

A setting is a host organisation's team. How many students it can take is the
host's decision for a period (desks, on-site supervisors, the work the team has
on), not something derived from its practice educators: off-site educators are
not based in the team, and one educator may serve several teams. So the host's
co-ordinator records an offer, as settings do for each intake: this team takes
`places` students during these dates. Open places = places minus the live
placements in that team (same host, same team name whatever its case) whose
dates overlap the offer (placements/selectors/allocation.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation

from .setting import SettingDescription

# A team rarely takes more than a handful of students at once; a larger number
# is almost certainly a typing mistake.
MAX_PLACES_PER_OFFER = 30


class PlacementOffer(SettingDescription):
    """`places` students in a host's team for a period, and what kind of setting the
    team is (copied to the placements set up in it: placements/models/setting.py)."""

    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="placement_offers"
    )
    team = models.CharField(
        max_length=200, help_text="The team, spelt as on its placements, e.g. Duty and Assessment."
    )
    starts_on = models.DateField("Available from")
    ends_on = models.DateField("Available until")
    places = models.PositiveSmallIntegerField(
        "Places offered",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES_PER_OFFER)],
        help_text="How many students the team can take during these dates.",
    )
    note = models.TextField(blank=True, help_text="For example: travel, a car needed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["host__name", "team", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="offer_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host}, {self.team}: {self.places} place{'s' if self.places != 1 else ''}"
