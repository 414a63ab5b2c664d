"""The demo's tutor visits and three-way meetings (placements/seed.py `_visits`):
recorded by each started placement's tutor through the service, and seeded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from placements.models import Placement, TutorVisit
from portal.models import Notification

pytestmark = pytest.mark.django_db

Kind = TutorVisit.Kind


@pytest.mark.usefixtures("demo_data")
class TestDemoVisits:
    def test_the_demo_students_placement_had_its_three_way_meeting(self):
        placement = Placement.objects.get(student__email="student@example.org")
        (meeting,) = placement.tutor_visits.all()
        assert meeting.kind == Kind.THREE_WAY_MEETING
        assert {"student", "practice_educator", "tutor"} <= set(meeting.attended)
        assert meeting.recorded_by == placement.tutor
        assert meeting.held_on >= placement.starts_on
        # Recorded through the service: history, and the people told.
        assert meeting.history.count() == 1
        assert Notification.objects.filter(
            user=placement.student, title__startswith="Three-way meeting"
        ).exists()

    def test_placements_five_weeks_in_have_had_a_tutor_visit_too(self):
        visited = Placement.objects.filter(tutor_visits__kind=Kind.TUTOR_VISIT).distinct()
        assert visited.count() >= 5
        for placement in visited:
            kinds = sorted(placement.tutor_visits.values_list("kind", flat=True))
            assert kinds == [Kind.THREE_WAY_MEETING, Kind.TUTOR_VISIT]
        assert not TutorVisit.objects.filter(placement__status="proposed").exists()

    def test_seeding_again_adds_no_visit(self):
        counts = (TutorVisit.objects.count(), TutorVisit.history.count())
        call_command("seed_demo", stdout=StringIO())
        assert (TutorVisit.objects.count(), TutorVisit.history.count()) == counts
