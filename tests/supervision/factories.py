"""Factories for supervision tests: sessions (in any state), actions, observations."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from supervision.models import (
    Observation,
    ObservationFeedback,
    ServiceUserFeedback,
    SupervisionAction,
    SupervisionSession,
)
from tests.placements.factories import PlacementFactory


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    """A session of a placement (a new active placement unless given), a week ago.

    Made directly in the database, not through the services: use the services
    in tests of behaviour, this to set the scene.
    """

    class Meta:
        model = SupervisionSession

    placement = factory.SubFactory(PlacementFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    starts_at = time(14, 0)
    duration_minutes = 90
    status = SupervisionSession.Status.DRAFT
    agenda_wellbeing = "Settling in well; managing the commute."
    notes = "Talked through the first direct-work sessions."
    written_by = factory.SelfAttribute("placement.practice_educator")


class SupervisionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionAction

    session = factory.SubFactory(SupervisionSessionFactory)
    description = "Read the local early-help threshold document"
    owner = factory.SelfAttribute("session.placement.student")
    due_on = factory.LazyAttribute(lambda o: o.session.date + timedelta(days=7))


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    placement = factory.SubFactory(PlacementFactory)
    observer = factory.SelfAttribute("placement.practice_educator")
    observer_role = Observation.ObserverRole.PRACTICE_EDUCATOR
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    setting = "School group session"
    pre_observation_plan = "Run the second self-esteem group session."
    status = Observation.Status.PLANNED


class ObservationFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObservationFeedback

    observation = factory.SubFactory(ObservationFactory)
    feedback = "Clear, warm explanation of the session's purpose."


class ServiceUserFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUserFeedback

    observation = factory.SubFactory(ObservationFactory)
    kind = ServiceUserFeedback.Kind.FACES
    given_by = "Child aged 9"
    faces = 4
    comments = "It was fun and I liked the drawing."
