"""Direct observations through the services: booking and who may observe, the plan,
the observer's feedback, the service user's feedback, the reflection, signing,
the lock and the amendment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from placements.models import Capability, Placement
from placements.selectors.review import pcf_domains
from portal import signatures
from portal.accounts.roles import Role
from portal.locking import RecordLocked
from portal.transitions import TransitionNotAllowed
from supervision.models import Observation, ObservationFeedback, ServiceUserFeedback
from supervision.services.observations import (
    observation_amend,
    observation_feedback_save,
    observation_plan_save,
    observation_reflect,
    observation_sign,
    observation_step,
    service_user_feedback_save,
)
from tests.factories import user_with_role
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.supervision.support import a_day_ago, book, locked_observation, written

pytestmark = pytest.mark.django_db

O = Observation.Status  # noqa: E741
FACES = ServiceUserFeedback.Kind.FACES
VERBAL = ServiceUserFeedback.Kind.VERBAL


# --- Booking ---------------------------------------------------------------------------


def test_the_practice_educator_books_an_observation_as_practice_educator():
    placement = PlacementFactory()
    observation = book(placement)
    assert observation.status == O.PLANNED
    assert observation.observer_role == Observation.ObserverRole.PRACTICE_EDUCATOR
    # The student is told.
    assert placement.student.notifications.filter(title__startswith="Direct observation").exists()


def test_the_student_books_with_their_plan_and_an_on_site_supervisor_observes():
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    placement = PlacementFactory(onsite_supervisor=supervisor)
    observation = book(
        placement,
        by=placement.student,
        observer=supervisor,
        pre_observation_plan="Run the life-story session with the younger sibling.",
    )
    assert observation.observer_role == Observation.ObserverRole.ONSITE_SUPERVISOR
    assert observation.pre_observation_plan.startswith("Run the life-story")


def test_another_registered_social_worker_observes_as_other():
    other = EducatorProfileFactory().user
    observation = book(PlacementFactory(), observer=other)
    assert observation.observer_role == Observation.ObserverRole.OTHER


def test_someone_who_is_not_a_registered_social_worker_cannot_observe():
    placement = PlacementFactory()
    for observer in (placement.tutor, user_with_role(Role.ONSITE_SUPERVISOR), placement.student):
        with pytest.raises(ValidationError) as refused:
            book(placement, observer=observer)
        assert "observer" in refused.value.message_dict
    assert not Observation.objects.exists()


@pytest.mark.parametrize("days", [-1, 1])
def test_the_date_must_be_within_the_placement(days):
    placement = PlacementFactory()
    outside = placement.starts_on - timedelta(days=1) if days < 0 else placement.ends_on
    outside += timedelta(days=max(days, 0))
    with pytest.raises(ValidationError) as refused:
        book(placement, date=outside)
    assert "date" in refused.value.message_dict
    assert not Observation.objects.exists()


def test_only_the_student_or_their_practice_educator_books():
    placement = PlacementFactory()
    for wrong in (placement.tutor, EducatorProfileFactory().user):
        with pytest.raises(PermissionDenied):
            book(placement, by=wrong)
    assert not Observation.objects.exists()


def test_the_practice_educator_does_not_write_the_students_plan():
    placement = PlacementFactory()
    with pytest.raises(ValidationError) as refused:
        book(placement, pre_observation_plan="My plan for you")
    assert "pre_observation_plan" in refused.value.message_dict


def test_a_finished_placement_books_no_observation():
    placement = PlacementFactory(status=Placement.Status.PASSED)
    with pytest.raises(ValidationError):
        book(placement)


# --- The plan ---------------------------------------------------------------------------


def test_the_student_writes_the_plan_and_the_educator_moves_the_date():
    placement = PlacementFactory()
    observation = book(placement)
    observation_plan_save(
        observation=observation, by=placement.student, pre_observation_plan="Show empathy."
    )
    new_date = placement.starts_on + timedelta(days=3)
    observation_plan_save(
        observation=observation, by=placement.practice_educator, date=new_date, setting="School"
    )
    observation.refresh_from_db()
    assert (observation.pre_observation_plan, observation.date, observation.setting) == (
        "Show empathy.",
        new_date,
        "School",
    )


def test_the_student_cannot_move_the_date_nor_the_educator_write_the_plan():
    placement = PlacementFactory()
    observation = book(placement)
    with pytest.raises(PermissionDenied):
        observation_plan_save(
            observation=observation, by=placement.student, date=placement.starts_on
        )
    with pytest.raises(PermissionDenied):
        observation_plan_save(
            observation=observation, by=placement.practice_educator, pre_observation_plan="x"
        )
    with pytest.raises(ValidationError):
        observation_plan_save(
            observation=observation,
            by=placement.practice_educator,
            date=placement.ends_on + timedelta(days=1),
        )
    observation.refresh_from_db()
    assert observation.date == a_day_ago() and observation.pre_observation_plan == ""


def test_the_plan_is_fixed_once_the_observation_has_started():
    placement = PlacementFactory()
    observation = book(placement)
    observation_step(observation=observation, by=placement.practice_educator, name="start")
    with pytest.raises(ValidationError):
        observation_plan_save(
            observation=observation, by=placement.student, pre_observation_plan="Too late"
        )


# --- Feedback -------------------------------------------------------------------------


def test_feedback_per_domain_is_written_changed_and_removed():
    placement = PlacementFactory()
    observation = book(placement)
    educator = placement.practice_educator
    observation_step(observation=observation, by=educator, name="start")
    first, second = pcf_domains()[:2]
    observation_feedback_save(
        observation=observation,
        by=educator,
        overall_feedback="Good",
        domain_feedback={first: "Warm", second: "Clear"},
    )
    observation_feedback_save(
        observation=observation,
        by=educator,
        overall_feedback="Good work",
        domain_feedback={first: "Warm and patient", second: "  "},
    )
    rows = list(observation.domain_feedback.values_list("capability_id", "feedback"))
    assert rows == [(first.pk, "Warm and patient")]
    observation.refresh_from_db()
    assert observation.overall_feedback == "Good work"


def test_feedback_only_on_the_current_pcf_domains_and_only_by_the_observer():
    placement = PlacementFactory()
    observation = book(placement)
    educator = placement.practice_educator
    with pytest.raises(ValidationError):  # not started yet
        observation_feedback_save(observation=observation, by=educator, overall_feedback="x")
    observation_step(observation=observation, by=educator, name="start")
    kss = Capability.objects.exclude(version__framework__code="pcf").first()
    if kss is not None:
        with pytest.raises(ValidationError):
            observation_feedback_save(
                observation=observation,
                by=educator,
                overall_feedback="x",
                domain_feedback={kss: "Not a PCF domain"},
            )
    with pytest.raises(PermissionDenied):
        observation_feedback_save(
            observation=observation, by=placement.student, overall_feedback="I did well"
        )
    assert not ObservationFeedback.objects.exists()


def test_sending_to_the_student_needs_the_feedback_and_the_service_users_view():
    placement = PlacementFactory()
    observation = book(placement)
    educator = placement.practice_educator
    observation_step(observation=observation, by=educator, name="start")
    with pytest.raises(ValidationError) as refused:
        observation_step(observation=observation, by=educator, name="send_to_student")
    assert len(refused.value.messages) == 3
    observation.refresh_from_db()
    assert observation.status == O.DRAFT


def test_a_future_observation_cannot_be_started():
    placement = PlacementFactory()
    observation = book(placement, date=timezone.localdate() + timedelta(days=2))
    with pytest.raises(ValidationError):
        observation_step(observation=observation, by=placement.practice_educator, name="start")


# --- Service-user feedback -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": FACES, "given_by": "Child aged 9"}, "faces"),
        ({"kind": FACES, "given_by": "Child aged 9", "faces": 6}, "faces"),
        ({"kind": FACES, "given_by": "Child aged 9", "faces": 0}, "faces"),
        ({"kind": FACES, "given_by": " ", "faces": 3}, "given_by"),
        ({"kind": VERBAL, "given_by": "Parent", "comments": ""}, "comments"),
        ({"kind": "letter", "given_by": "Parent"}, "kind"),
    ],
)
def test_service_user_feedback_is_checked(fields, field):
    placement = PlacementFactory()
    observation = book(placement)
    educator = placement.practice_educator
    observation_step(observation=observation, by=educator, name="start")
    with pytest.raises(ValidationError) as refused:
        service_user_feedback_save(observation=observation, by=educator, **fields)
    assert field in refused.value.message_dict
    assert not ServiceUserFeedback.objects.exists()


def test_verbal_feedback_replaces_the_faces_form_and_keeps_no_face():
    placement = PlacementFactory()
    observation = written(placement)
    service_user_feedback_save(
        observation=observation,
        by=observation.observer,
        kind=VERBAL,
        given_by="Parent",
        faces=2,
        comments="She listened to us.",
    )
    feedback = ServiceUserFeedback.objects.get(observation=observation)
    assert (feedback.kind, feedback.faces, feedback.comments) == (
        VERBAL,
        None,
        "She listened to us.",
    )


# --- Reflection, signatures and the lock ---------------------------------------------


def test_the_reflection_is_the_students_while_the_observation_waits_for_them():
    placement = PlacementFactory()
    observation = written(placement)
    with pytest.raises(ValidationError):
        observation_reflect(observation=observation, by=placement.student, reflection="Early")
    observation_step(observation=observation, by=observation.observer, name="send_to_student")
    with pytest.raises(PermissionDenied):
        observation_reflect(
            observation=observation, by=placement.practice_educator, reflection="For them"
        )
    with pytest.raises(ValidationError):
        observation_reflect(observation=observation, by=placement.student, reflection="  ")
    observation_reflect(observation=observation, by=placement.student, reflection="I learned")
    observation.refresh_from_db()
    assert observation.student_reflection == "I learned"


def test_the_student_signs_then_the_observer_and_the_observation_locks():
    placement = PlacementFactory()
    observation = written(placement)
    observer, student = observation.observer, placement.student
    observation_step(observation=observation, by=observer, name="send_to_student")
    with pytest.raises(ValidationError):  # no reflection yet
        observation_sign(observation=observation, by=student)
    observation_reflect(observation=observation, by=student, reflection="I learned")
    with pytest.raises(PermissionDenied):  # the student signs first
        observation_sign(observation=observation, by=observer)
    observation = observation_sign(observation=observation, by=student)
    assert observation.status == O.AWAITING_OBSERVER and not observation.is_locked
    observation = observation_sign(observation=observation, by=observer)
    assert observation.status == O.LOCKED and observation.is_locked
    assert len(signatures.signatures_for(observation)) == 2


def test_signing_is_not_a_step_taken_without_a_signature():
    placement = PlacementFactory()
    observation = written(placement)
    observation_step(observation=observation, by=observation.observer, name="send_to_student")
    with pytest.raises(TransitionNotAllowed):
        observation_step(observation=observation, by=placement.student, name="student_sign")


def test_a_locked_observation_refuses_every_service_and_changes_nothing():
    placement = PlacementFactory()
    observation = locked_observation(placement)
    observer, student = observation.observer, placement.student
    before = Observation.objects.filter(pk=observation.pk).values().get()
    attempts = [
        lambda: observation_plan_save(
            observation=observation, by=student, pre_observation_plan="x"
        ),
        lambda: observation_feedback_save(
            observation=observation, by=observer, overall_feedback="Changed"
        ),
        lambda: service_user_feedback_save(
            observation=observation, by=observer, kind=FACES, given_by="Child", faces=1
        ),
        lambda: observation_reflect(observation=observation, by=student, reflection="Changed"),
        lambda: observation_step(
            observation=observation, by=observer, name="take_back", reason="x"
        ),
        lambda: observation_sign(observation=observation, by=observer),
    ]
    for attempt in attempts:
        with pytest.raises(RecordLocked):
            attempt()
    with pytest.raises(RecordLocked):
        ObservationFeedback.objects.filter(observation=observation).update(feedback="Changed")
    assert Observation.objects.filter(pk=observation.pk).values().get() == before
    assert ServiceUserFeedback.objects.get(observation=observation).faces == 5


# --- Amendment --------------------------------------------------------------------------


def test_an_amendment_copies_the_feedback_and_is_signed_again():
    placement = PlacementFactory()
    original = locked_observation(placement)
    observer, student = original.observer, placement.student
    with pytest.raises(PermissionDenied):
        observation_amend(observation=original, by=student, reason="Typo")
    with pytest.raises(ValidationError):
        observation_amend(observation=original, by=observer, reason=" ")
    correction = observation_amend(observation=original, by=observer, reason="Wrong domain")
    assert correction.amends_id == original.pk and correction.status == O.DRAFT
    assert not correction.is_locked
    assert list(correction.domain_feedback.values_list("capability_id", "feedback")) == list(
        original.domain_feedback.values_list("capability_id", "feedback")
    )
    copied = correction.service_user_feedback
    assert (copied.kind, copied.given_by, copied.faces) == (FACES, "Child aged 9", 5)
    assert signatures.signatures_for(correction) == []
    # The correction is edited; the original stays as signed.
    second = pcf_domains()[1]
    observation_feedback_save(
        observation=correction,
        by=observer,
        overall_feedback="Corrected",
        domain_feedback={second: "Added"},
    )
    original.refresh_from_db()
    assert original.overall_feedback == "A calm, well-paced visit." and original.is_locked
    assert original.domain_feedback.count() == 1
    # Only the newest version is amended.
    with pytest.raises(ValidationError):
        observation_amend(observation=original, by=observer, reason="Again")


def test_an_unlocked_observation_is_not_amended():
    placement = PlacementFactory()
    observation = written(placement)
    with pytest.raises(ValidationError):
        observation_amend(observation=observation, by=observation.observer, reason="x")
    assert Observation.objects.count() == 1
