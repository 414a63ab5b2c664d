"""The one signing mechanism (portal.signatures), with a learning agreement as the record."""

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from placements.models import LearningAgreement
from portal import signatures
from portal.accounts.roles import Role
from portal.models import Signature
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def make_agreement(**placement_fields) -> LearningAgreement:
    placement = PlacementFactory(**placement_fields)
    return LearningAgreement.objects.create(
        placement=placement,
        learning_needs="Assessment skills",
        learning_opportunities="Child in need visits",
        supervision_day=LearningAgreement.Weekday.TUESDAY,
        supervision_time=time(14, 0),
        induction="Two weeks of shadowing",
    )


def sign_all(agreement):
    for capacity, person in signatures.required_capacities(agreement).items():
        signatures.sign(record=agreement, signer=person, capacity=capacity)


def test_required_capacities_come_from_the_record():
    agreement = make_agreement()
    placement = agreement.placement
    assert signatures.required_capacities(agreement) == {
        "student": placement.student,
        "practice_educator": placement.practice_educator,
        "tutor": placement.tutor,
    }


def test_the_onsite_supervisor_signs_only_when_the_placement_has_one():
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    agreement = make_agreement(onsite_supervisor=supervisor)
    assert signatures.required_capacities(agreement)["onsite_supervisor"] == supervisor
    assert list(signatures.required_capacities(agreement)) == [
        "student",
        "practice_educator",
        "onsite_supervisor",
        "tutor",
    ]


def test_sign_records_who_when_and_the_version_signed():
    agreement = make_agreement()
    student = agreement.placement.student
    signature = signatures.sign(record=agreement, signer=student, capacity="student")
    assert signature.signer == student
    assert signature.signed_at is not None
    assert signature.signed_version == agreement.history.latest().history_id
    assert signatures.signatures_for(agreement) == [signature]


def test_signatures_for_is_one_query(django_assert_num_queries):
    agreement = make_agreement()
    sign_all(agreement)
    with django_assert_num_queries(1):
        found = signatures.signatures_for(agreement)
        names = [signature.signer.name for signature in found]
    assert len(names) == 3


def test_someone_else_cannot_sign_in_a_capacity():
    agreement = make_agreement()
    with pytest.raises(PermissionDenied):
        signatures.sign(
            record=agreement, signer=agreement.placement.practice_educator, capacity="student"
        )
    assert Signature.objects.count() == 0


def test_a_capacity_the_record_does_not_ask_for_is_refused():
    agreement = make_agreement()  # no on-site supervisor
    outsider = user_with_role(Role.ONSITE_SUPERVISOR)
    with pytest.raises(PermissionDenied):
        signatures.sign(record=agreement, signer=outsider, capacity="onsite_supervisor")
    assert Signature.objects.count() == 0


def test_a_capacity_nobody_holds_yet_cannot_be_signed():
    agreement = make_agreement(tutor=None)
    with pytest.raises(PermissionDenied):
        signatures.sign(record=agreement, signer=agreement.placement.student, capacity="tutor")


def test_signing_twice_in_the_same_capacity_is_refused():
    agreement = make_agreement()
    student = agreement.placement.student
    first = signatures.sign(record=agreement, signer=student, capacity="student")
    with pytest.raises(ValidationError):
        signatures.sign(record=agreement, signer=student, capacity="student")
    assert list(Signature.objects.all()) == [first]


def test_is_fully_signed_needs_every_capacity():
    agreement = make_agreement()
    placement = agreement.placement
    assert not signatures.is_fully_signed(agreement)
    signatures.sign(record=agreement, signer=placement.student, capacity="student")
    signatures.sign(
        record=agreement, signer=placement.practice_educator, capacity="practice_educator"
    )
    assert not signatures.is_fully_signed(agreement)
    signatures.sign(record=agreement, signer=placement.tutor, capacity="tutor")
    assert signatures.is_fully_signed(agreement)


def test_clear_signatures_deletes_them_and_their_history_keeps_who_signed():
    agreement = make_agreement()
    sign_all(agreement)
    cleared = signatures.clear_signatures(record=agreement)
    assert len(cleared) == 3
    assert Signature.objects.count() == 0
    deleted = Signature.history.filter(history_type="-")
    assert {row.signer_id for row in deleted} == {
        agreement.placement.student_id,
        agreement.placement.practice_educator_id,
        agreement.placement.tutor_id,
    }


def test_signed_and_current_versions_before_and_after_an_edit():
    agreement = make_agreement()
    assert signatures.signed_and_current_versions(agreement) == (
        None,
        agreement.history.latest(),
    )
    sign_all(agreement)
    signed_version = agreement.history.latest()
    # Only the current text was ever signed: nothing to compare.
    assert signatures.signed_and_current_versions(agreement)[0] is None
    assert signatures.changes_since_signed(agreement) == []

    signatures.clear_signatures(record=agreement)
    agreement.induction = "One week of shadowing"
    agreement.supervision_day = LearningAgreement.Weekday.THURSDAY
    agreement.save()
    signed, current = signatures.signed_and_current_versions(agreement)
    assert signed.history_id == signed_version.history_id
    assert current.history_id == agreement.history.latest().history_id
    changes = {
        change.field: (change.old, change.new)
        for change in signatures.changes_since_signed(agreement)
    }
    assert changes == {
        "Supervision day": ("Tuesday", "Thursday"),
        "Induction": ("Two weeks of shadowing", "One week of shadowing"),
    }


def test_the_change_is_still_shown_while_people_sign_the_new_text():
    agreement = make_agreement()
    sign_all(agreement)
    signatures.clear_signatures(record=agreement)
    agreement.induction = "One week of shadowing"
    agreement.save()
    signatures.sign(record=agreement, signer=agreement.placement.student, capacity="student")
    assert [c.field for c in signatures.changes_since_signed(agreement)] == ["Induction"]
