"""Practice learning agreement: writing, signing, re-signing and the 10-day warning."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from placements.models import LearningAgreement, Placement
from placements.selectors.agreement import agreements_overdue
from placements.services.agreement import agreement_save, agreement_sign
from portal import signatures
from portal.accounts.roles import Role
from portal.audit.selectors import history_entries
from portal.models import Notification, Signature
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "learning_needs": "Assessment skills and report writing",
    "learning_opportunities": "Child in need visits; duty desk",
    "supervision_day": LearningAgreement.Weekday.TUESDAY,
    "supervision_time": time(14, 0),
    "supervision_arrangements": "With the PE in the team room",
    "reasonable_adjustments": "",
    "induction": "Two weeks of shadowing",
}


def coordinator_of(placement):
    return user_with_role(Role.COORDINATOR, placement.host)


def written(placement=None, **placement_fields) -> LearningAgreement:
    placement = placement or PlacementFactory(**placement_fields)
    return agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)


def sign_by_everyone(agreement):
    for person in {p for p in signatures.required_capacities(agreement).values()}:
        agreement_sign(agreement=agreement, by=person)


# --- writing --------------------------------------------------------------------


def test_the_practice_educator_writes_the_agreement():
    placement = PlacementFactory()
    agreement = agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)
    agreement.refresh_from_db()
    assert agreement.placement == placement
    assert agreement.induction == "Two weeks of shadowing"
    assert agreement.status == LearningAgreement.Status.DRAFT
    assert agreement.history.latest().history_user == placement.practice_educator


def test_a_coordinator_of_the_placement_edits_the_agreement():
    agreement = written()
    coordinator = coordinator_of(agreement.placement)
    agreement_save(
        placement=agreement.placement, by=coordinator, **{**SECTIONS, "induction": "Changed"}
    )
    agreement.refresh_from_db()
    assert agreement.induction == "Changed"


@pytest.mark.parametrize("who", ["student", "tutor", "onsite_supervisor", "outsider"])
def test_others_may_not_write_the_agreement(who):
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    placement = PlacementFactory(onsite_supervisor=supervisor)
    agreement = written(placement)
    actor = user_with_role(Role.PRACTICE_EDUCATOR) if who == "outsider" else getattr(placement, who)
    with pytest.raises(PermissionDenied):
        agreement_save(placement=placement, by=actor, **{**SECTIONS, "induction": "Mine"})
    agreement.refresh_from_db()
    assert agreement.induction == SECTIONS["induction"]


def test_missing_sections_are_refused_by_name():
    placement = PlacementFactory()
    with pytest.raises(ValidationError) as caught:
        agreement_save(
            placement=placement,
            by=placement.practice_educator,
            **{**SECTIONS, "learning_needs": "", "induction": ""},
        )
    assert set(caught.value.error_dict) == {"learning_needs", "induction"}
    assert not LearningAgreement.objects.exists()


def test_a_finished_placement_keeps_its_agreement_as_it_was():
    agreement = written()
    Placement.objects.filter(pk=agreement.placement_id).update(status=Placement.Status.PASSED)
    agreement.placement.refresh_from_db()
    with pytest.raises(ValidationError):
        agreement_save(
            placement=agreement.placement,
            by=agreement.placement.practice_educator,
            **{**SECTIONS, "induction": "Late change"},
        )
    with pytest.raises(ValidationError):
        agreement_sign(agreement=agreement, by=agreement.placement.student)
    agreement.refresh_from_db()
    assert agreement.induction == SECTIONS["induction"]
    assert not Signature.objects.exists()


# --- signing ----------------------------------------------------------------------


def test_each_person_signs_in_their_capacity_and_the_status_follows():
    agreement = written()
    placement = agreement.placement
    assert agreement_sign(agreement=agreement, by=placement.student) == ["student"]
    assert agreement.status == LearningAgreement.Status.AWAITING_SIGNATURES
    agreement_sign(agreement=agreement, by=placement.practice_educator)
    agreement_sign(agreement=agreement, by=placement.tutor)
    assert agreement.status == LearningAgreement.Status.SIGNED
    assert {s.capacity: s.signer for s in signatures.signatures_for(agreement)} == {
        "student": placement.student,
        "practice_educator": placement.practice_educator,
        "tutor": placement.tutor,
    }


def test_someone_holding_two_capacities_signs_both():
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    placement = PlacementFactory(practice_educator=educator, onsite_supervisor=educator)
    agreement = written(placement)
    assert agreement_sign(agreement=agreement, by=educator) == [
        "practice_educator",
        "onsite_supervisor",
    ]


def test_people_with_no_capacity_cannot_sign():
    agreement = written()
    coordinator = coordinator_of(agreement.placement)
    with pytest.raises(PermissionDenied):
        agreement_sign(agreement=agreement, by=coordinator)
    assert not Signature.objects.exists()


def test_signing_again_is_refused():
    agreement = written()
    agreement_sign(agreement=agreement, by=agreement.placement.student)
    with pytest.raises(ValidationError, match="already signed"):
        agreement_sign(agreement=agreement, by=agreement.placement.student)
    assert Signature.objects.count() == 1


def test_the_onsite_supervisor_is_needed_only_when_there_is_one():
    without = written()
    sign_by_everyone(without)
    assert without.status == LearningAgreement.Status.SIGNED

    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    agreement = written(onsite_supervisor=supervisor)
    placement = agreement.placement
    for person in (placement.student, placement.practice_educator, placement.tutor):
        agreement_sign(agreement=agreement, by=person)
    assert agreement.status == LearningAgreement.Status.AWAITING_SIGNATURES
    agreement_sign(agreement=agreement, by=supervisor)
    assert agreement.status == LearningAgreement.Status.SIGNED


def test_everyone_is_told_when_the_last_signature_lands():
    agreement = written()
    placement = agreement.placement
    agreement_sign(agreement=agreement, by=placement.student)
    agreement_sign(agreement=agreement, by=placement.practice_educator)
    assert not Notification.objects.filter(title__contains="is signed").exists()
    agreement_sign(agreement=agreement, by=placement.tutor)
    told = Notification.objects.filter(title="The practice learning agreement is signed")
    assert {n.user for n in told} == {
        placement.student,
        placement.practice_educator,
        placement.tutor,
    }


# --- re-signing after an edit ------------------------------------------------------


def test_an_edit_after_signing_clears_all_signatures_and_asks_for_them_again():
    agreement = written()
    placement = agreement.placement
    sign_by_everyone(agreement)
    signed_version = agreement.history.latest().history_id

    agreement_save(
        placement=placement,
        by=placement.practice_educator,
        **{**SECTIONS, "induction": "One week of shadowing, then duty"},
    )

    assert signatures.signatures_for(agreement) == []
    assert agreement.status == LearningAgreement.Status.DRAFT
    # The signatures' history still says who had signed which version.
    deleted = Signature.history.filter(history_type="-")
    assert {row.signer_id for row in deleted} == {
        placement.student_id,
        placement.practice_educator_id,
        placement.tutor_id,
    }
    assert {row.signed_version for row in deleted} == {signed_version}
    # The history shows the signed text against the edited text.
    changes = signatures.changes_since_signed(agreement)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("Induction", "Two weeks of shadowing", "One week of shadowing, then duty")
    ]
    latest = history_entries(agreement)[0]
    assert latest.who == placement.practice_educator
    assert any(c.field == "Induction" for c in latest.changes)
    # The others are asked to sign again (the editor knows already).
    again = Notification.objects.filter(title="Sign the practice learning agreement again")
    assert {n.user for n in again} == {placement.student, placement.tutor}


def test_saving_without_a_change_keeps_the_signatures():
    agreement = written()
    sign_by_everyone(agreement)
    versions = agreement.history.count()
    agreement_save(
        placement=agreement.placement, by=agreement.placement.practice_educator, **SECTIONS
    )
    assert agreement.status == LearningAgreement.Status.SIGNED
    assert agreement.history.count() == versions


def test_a_refused_edit_keeps_the_signatures():
    agreement = written()
    sign_by_everyone(agreement)
    with pytest.raises(ValidationError):
        agreement_save(
            placement=agreement.placement,
            by=agreement.placement.practice_educator,
            **{**SECTIONS, "learning_needs": ""},
        )
    assert agreement.status == LearningAgreement.Status.SIGNED
    assert not Notification.objects.filter(title__contains="again").exists()


def test_everyone_signs_the_edited_text_again():
    agreement = written()
    sign_by_everyone(agreement)
    agreement_save(
        placement=agreement.placement,
        by=agreement.placement.practice_educator,
        **{**SECTIONS, "induction": "Changed"},
    )
    sign_by_everyone(agreement)
    assert agreement.status == LearningAgreement.Status.SIGNED
    latest = agreement.history.latest().history_id
    assert {s.signed_version for s in signatures.signatures_for(agreement)} == {latest}


# --- the 10-day warning ---------------------------------------------------------------


def started(days_ago: int, **fields) -> Placement:
    return PlacementFactory(starts_on=timezone.localdate() - timedelta(days=days_ago), **fields)


def test_unsigned_nine_days_after_the_start_is_not_overdue():
    placement = started(9)
    written(placement)
    assert list(agreements_overdue([placement])) == []


def test_unsigned_ten_days_after_the_start_is_overdue():
    placement = started(10)
    agreement = written(placement)
    agreement_sign(agreement=agreement, by=placement.student)
    assert list(agreements_overdue([placement])) == [placement]


def test_no_agreement_at_all_ten_days_after_the_start_is_overdue():
    placement = started(10)
    assert list(agreements_overdue(Placement.objects.all())) == [placement]


def test_a_fully_signed_agreement_is_not_overdue():
    placement = started(30)
    sign_by_everyone(written(placement))
    assert list(agreements_overdue([placement])) == []


def test_the_onsite_supervisor_signature_counts_when_there_is_one():
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    placement = started(30, onsite_supervisor=supervisor)
    agreement = written(placement)
    for person in (placement.student, placement.practice_educator, placement.tutor):
        agreement_sign(agreement=agreement, by=person)
    assert list(agreements_overdue([placement])) == [placement]
    agreement_sign(agreement=agreement, by=supervisor)
    assert list(agreements_overdue([placement])) == []


def test_finished_placements_are_not_overdue():
    placement = started(30, status=Placement.Status.PASSED)
    assert list(agreements_overdue([placement])) == []


@pytest.mark.parametrize("rows", [5, 50])
def test_overdue_is_one_query_for_any_number_of_placements(rows, django_assert_num_queries):
    placements = [started(20) for _ in range(rows)]
    for placement in placements[::2]:
        sign_by_everyone(written(placement))
    with django_assert_num_queries(1):
        overdue = set(agreements_overdue(Placement.objects.all()).values_list("pk", flat=True))
    assert overdue == {p.pk for p in placements[1::2]}
