"""Targets of the supervision forms (records and direct observations)."""

from __future__ import annotations

from portal.audit.context import acting_as

from .common import STUDENT, Target, sams_placement_record, user


def draft_supervision() -> Target:
    """A record being written: the demo has none, so the PE amends Sam's locked one
    (the correction is a draft holding everything the original said)."""
    from supervision.models import SupervisionSession
    from supervision.services.sessions import session_amend

    placement = sams_placement_record()
    sessions = SupervisionSession.objects.filter(placement=placement)
    draft = sessions.filter(status=SupervisionSession.Status.DRAFT).order_by("pk").first()
    if draft is None:
        educator = placement.practice_educator
        locked = sessions.filter(locked_at__isnull=False, amendment__isnull=True)
        with acting_as(educator):
            draft = session_amend(
                session=locked.order_by("date").first(),
                by=educator,
                reason="The actions agreed were recorded against the wrong week.",
            )
    return Target({"pk": draft.pk})


def supervision_awaiting_sam() -> Target:
    """Sam's record waiting for the reflection, with the reflection written."""
    from supervision.models import SupervisionSession
    from supervision.seed import REFLECTION
    from supervision.services.sessions import session_reflect

    session = SupervisionSession.objects.get(
        placement=sams_placement_record(), status=SupervisionSession.Status.AWAITING_STUDENT
    )
    if not session.student_reflection:
        student = user(STUDENT)
        with acting_as(student):
            session_reflect(session=session, by=student, reflection=REFLECTION)
    return Target({"pk": session.pk})


def supervision_to_move() -> Target:
    from supervision.models import SupervisionSession

    booked = SupervisionSession.objects.filter(
        placement=sams_placement_record(), status=SupervisionSession.Status.SCHEDULED
    )
    return Target({"pk": booked.order_by("date").first().pk, "name": "move"})


def planned_observation() -> Target:
    from supervision.models import Observation

    planned = Observation.objects.filter(
        placement=sams_placement_record(), status=Observation.Status.PLANNED
    )
    return Target({"pk": planned.order_by("pk").first().pk})


def _amend_observation(reason: str):
    """A correction of the first locked observation not yet amended (by its observer)."""
    from supervision.models import Observation
    from supervision.services.observations import observation_amend

    original = (
        Observation.objects.filter(locked_at__isnull=False, amendment__isnull=True)
        .select_related("observer")
        .order_by("pk")
        .first()
    )
    with acting_as(original.observer):
        return observation_amend(observation=original, by=original.observer, reason=reason)


def draft_observation() -> Target:
    """Feedback being written: an amendment of a locked observation (the demo has none)."""
    from supervision.models import Observation

    draft = (
        Observation.objects.filter(status=Observation.Status.DRAFT, amends__isnull=False)
        .order_by("pk")
        .first()
    ) or _amend_observation("The setting was recorded wrongly.")
    return Target({"pk": draft.pk}, user=draft.observer.email)


def observation_awaiting_student() -> Target:
    """An observation sent to the student, with their reflection (an amendment sent back)."""
    from supervision.models import Observation
    from supervision.services.observations import observation_reflect, observation_step

    waiting = (
        Observation.objects.filter(status=Observation.Status.AWAITING_STUDENT)
        .select_related("placement__student")
        .order_by("pk")
        .first()
    )
    if waiting is None:
        draft = _amend_observation("A domain's feedback was attached to the wrong domain.")
        with acting_as(draft.observer):
            waiting = observation_step(observation=draft, by=draft.observer, name="send_to_student")
        student = draft.placement.student
        if not waiting.student_reflection:
            with acting_as(student):
                waiting = observation_reflect(
                    observation=waiting, by=student, reflection="I would close more slowly."
                )
    return Target({"pk": waiting.pk}, user=waiting.placement.student.email)
