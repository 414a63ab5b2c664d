"""Safeguarding concerns (issue 6, requirement 6): the services and the model.

Raising tells the PE and the school's designated safeguarding lead at once (in
the portal and by email, the child by reference only); a concern is never
changed or deleted, only added to; the outcome is recorded once, by the PE or
a co-ordinator of the holding service.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import SafeguardingAddendum, SafeguardingConcern, SchoolProfile
from placements.casework.models.safeguarding import ConcernImmutable
from placements.casework.services.safeguarding import (
    concern_add_addendum,
    concern_raise,
    concern_record_outcome,
    school_safeguarding_lead_set,
)
from portal.accounts.roles import Role
from portal.models import Notification
from tests.casework.factories import (
    AddendumFactory,
    AllocationFactory,
    AttendanceFactory,
    ChildFactory,
    ConcernFactory,
    SchoolFactory,
)
from tests.casework.support import safeguarding_setting
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

WHAT = "She said: “Mum's boyfriend hit me with a belt last night.”"


@pytest.fixture
def world():
    return safeguarding_setting()


def raise_(world, by=None, **changes):
    arguments = {
        "by": by or world.student,
        "session": world.session,
        "child": world.child,
        "happened_at": timezone.now() - timedelta(minutes=30),
        "what_happened": WHAT,
        "actions_taken": "Told Dee Lead, the school's DSL, in person at 11:15.",
    }
    arguments.update(changes)
    return concern_raise(**arguments)


# --- raising ---------------------------------------------------------------------------


def test_raising_tells_the_pe_and_the_schools_lead_at_once_in_the_portal_and_by_email(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = raise_(world)

    assert concern.raised_by == world.student
    assert abs(concern.raised_at - timezone.now()) < timedelta(minutes=1)
    assert concern.is_open
    url = reverse("casework:concern_detail", args=[concern.pk])
    told = Notification.objects.filter(url=url)
    assert {n.user for n in told} == {world.educator, world.lead}
    for notification in told:
        assert world.child.reference in notification.title
        assert "Hillside Primary" in notification.body
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [world.educator.email, world.lead.email, "dsl.office@hillside.example.org"]
    )
    for message in mail.outbox:
        text = message.subject + message.body
        assert world.child.reference in text
        assert url in message.body
        for secret in ("Amara", "Okafor", "belt", str(world.child.initials) + " ("):
            assert secret not in text
    # The concern and its history row name who raised it.
    assert concern.history.get().history_user == world.student


def test_nothing_is_sent_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        raise_(world)
    assert mail.outbox == []
    assert len(callbacks) == 3  # the PE's and the lead's notification emails, the lead's address


def test_the_leads_address_is_not_emailed_twice_when_it_is_their_accounts(
    django_capture_on_commit_callbacks,
):
    world = safeguarding_setting(lead_email="")
    world.profile.safeguarding_lead_email = world.lead.email.upper()
    world.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        raise_(world)
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [world.educator.email, world.lead.email]
    )


def test_a_lead_known_only_by_email_gets_the_email_with_the_pes_contact(
    world, django_capture_on_commit_callbacks
):
    world.profile.safeguarding_lead = None
    world.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        raise_(world)
    [to_lead] = [m for m in mail.outbox if m.to == ["dsl.office@hillside.example.org"]]
    assert world.educator.email in to_lead.body
    assert "Dear Dee Lead" in to_lead.body
    assert not Notification.objects.filter(user=world.lead).exists()


def test_without_any_lead_recorded_the_services_coordinators_are_told(
    world, django_capture_on_commit_callbacks
):
    SchoolProfile.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        raise_(world)
    notification = Notification.objects.get(user=world.coordinator)
    assert "no safeguarding lead" in notification.title


def test_the_pe_can_raise_a_concern_and_is_not_told_of_their_own(world):
    raise_(world, by=world.educator)
    assert not Notification.objects.filter(user=world.educator).exists()
    assert Notification.objects.filter(user=world.lead).exists()


def test_a_time_in_the_future_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        raise_(world, happened_at=timezone.now() + timedelta(hours=1))
    assert "happened_at" in refused.value.message_dict
    assert not SafeguardingConcern.objects.exists()
    assert not Notification.objects.exists()


def test_blank_accounts_are_refused_naming_each_field(world):
    with pytest.raises(ValidationError) as refused:
        raise_(world, what_happened="  ", actions_taken="", happened_at=None)
    assert set(refused.value.message_dict) == {"what_happened", "actions_taken", "happened_at"}
    assert not SafeguardingConcern.objects.exists()


def test_only_the_student_or_pe_with_current_work_raise_a_concern(world):
    # A co-ordinator sees the session's child but has no allocation.
    with pytest.raises(PermissionDenied):
        raise_(world, by=world.coordinator)
    # Another student, not on the work, does not even see the session.
    with pytest.raises(Http404):
        raise_(world, by=user_with_role(Role.STUDENT))
    with pytest.raises(Http404):
        raise_(world, by=user_with_role(Role.TUTOR))
    # The student's allocation ended yesterday: read-only, no new concern.
    world.allocation.ends_on = timezone.localdate() - timedelta(days=1)
    world.allocation.save()
    with pytest.raises(PermissionDenied):
        raise_(world)
    assert not SafeguardingConcern.objects.exists()


def test_a_concern_must_be_about_a_child_of_the_session(world):
    elsewhere = ChildFactory(school=world.school, held_by=world.service)
    AllocationFactory(child=elsewhere, placement=world.allocation.placement)
    with pytest.raises(ValidationError) as refused:
        raise_(world, child=elsewhere)
    assert "child" in refused.value.message_dict


def test_in_a_group_session_the_student_chooses_among_their_children(world):
    second = ChildFactory(school=world.school, held_by=world.service)
    AttendanceFactory(session=world.session, child=second)
    with pytest.raises(ValidationError):  # not allocated to this student
        raise_(world, child=second)
    AllocationFactory(child=second, placement=world.allocation.placement)
    concern = raise_(world, child=second)
    assert concern.child == second


# --- never changed, never deleted ------------------------------------------------------


def test_a_submitted_concern_cannot_be_changed_or_deleted(world):
    concern = raise_(world)
    concern.what_happened = "Something milder."
    with pytest.raises(ConcernImmutable):
        concern.save()
    concern.refresh_from_db()
    with pytest.raises(ConcernImmutable):
        concern.delete()
    with pytest.raises(ConcernImmutable):
        SafeguardingConcern.objects.filter(pk=concern.pk).update(what_happened="Changed")
    with pytest.raises(ConcernImmutable):
        SafeguardingConcern.objects.filter(pk=concern.pk).delete()
    with pytest.raises(ConcernImmutable):
        SafeguardingConcern.objects.all().delete()
    concern.refresh_from_db()
    assert concern.what_happened == WHAT


def test_an_addendum_adds_to_the_concern_and_is_itself_immutable(world):
    concern = raise_(world)
    addendum = concern_add_addendum(
        by=world.lead, concern=concern, text="  Rang the family at 15:00; mother told.  "
    )
    assert addendum.text == "Rang the family at 15:00; mother told."
    assert addendum.added_by == world.lead
    assert addendum.added_at is not None
    assert addendum.history.get().history_user == world.lead
    addendum.text = "Changed"
    with pytest.raises(ConcernImmutable):
        addendum.save()
    with pytest.raises(ConcernImmutable):
        addendum.delete()
    with pytest.raises(ConcernImmutable):
        SafeguardingAddendum.objects.filter(pk=addendum.pk).update(text="Changed")
    with pytest.raises(ConcernImmutable):
        SafeguardingAddendum.objects.all().delete()
    addendum.refresh_from_db()
    assert addendum.text == "Rang the family at 15:00; mother told."


def test_who_may_add_to_a_concern(world):
    concern = raise_(world)
    for person in (world.student, world.educator, world.lead, world.coordinator):
        concern_add_addendum(by=person, concern=concern, text=f"From {person}")
    assert concern.addenda.count() == 4
    with pytest.raises(Http404):  # another school contact does not see the concern
        concern_add_addendum(by=world.other_contact, concern=concern, text="Hello")
    with pytest.raises(Http404):
        concern_add_addendum(by=user_with_role(Role.TUTOR), concern=concern, text="Hello")
    with pytest.raises(ValidationError):
        concern_add_addendum(by=world.educator, concern=concern, text="   ")
    assert concern.addenda.count() == 4


# --- the outcome, once --------------------------------------------------------------


def test_the_pe_records_the_outcome_once(world):
    concern = raise_(world)
    Notification.objects.all().delete()
    concern = concern_record_outcome(
        by=world.educator,
        concern=concern,
        outcome="Referred to children's social care front door on the same day.",
    )
    assert not concern.is_open
    assert concern.outcome_recorded_by == world.educator
    assert concern.history.first().history_user == world.educator
    assert {n.user for n in Notification.objects.all()} == {world.student, world.lead}
    with pytest.raises(ValidationError) as refused:
        concern_record_outcome(by=world.educator, concern=concern, outcome="Another outcome")
    assert "outcome" in refused.value.message_dict
    concern.refresh_from_db()
    assert concern.outcome.startswith("Referred")
    # Once recorded, the model refuses even the outcome.
    concern.outcome = "Rewritten"
    with pytest.raises(ConcernImmutable):
        concern.save()


def test_a_coordinator_of_the_holding_service_may_record_the_outcome(world):
    concern = raise_(world)
    concern_record_outcome(by=world.coordinator, concern=concern, outcome="No further action.")

    concern.refresh_from_db()
    assert concern.outcome == "No further action."
    assert concern.outcome_recorded_by == world.coordinator
    assert concern.outcome_recorded_at is not None
    assert not concern.is_open


def test_only_the_pe_or_a_coordinator_records_the_outcome_and_it_needs_text(world):
    concern = raise_(world)
    for person in (world.student, world.lead):
        with pytest.raises(PermissionDenied):
            concern_record_outcome(by=person, concern=concern, outcome="Closed")
    with pytest.raises(Http404):
        concern_record_outcome(by=world.other_contact, concern=concern, outcome="Closed")
    with pytest.raises(ValidationError):
        concern_record_outcome(by=world.educator, concern=concern, outcome="  ")
    concern.refresh_from_db()
    assert concern.is_open


def test_a_concern_without_its_outcome_can_take_it_once_through_the_model():
    concern = ConcernFactory()
    concern.outcome = "Closed"
    concern.outcome_recorded_at = timezone.now()
    concern.outcome_recorded_by = concern.raised_by
    concern.save()
    assert not SafeguardingConcern.objects.get(pk=concern.pk).is_open
    AddendumFactory(concern=concern)


# --- the school's designated safeguarding lead ----------------------------------------


def test_a_coordinator_sets_a_partner_schools_lead(world):
    new_lead = world.other_contact
    profile = school_safeguarding_lead_set(
        by=world.coordinator,
        school=world.school,
        lead=new_lead,
        lead_name="Sam Office",
        lead_email=" Safeguarding@Hillside.example.org ",
    )
    assert profile.safeguarding_lead == new_lead
    assert profile.safeguarding_lead_email == "safeguarding@hillside.example.org"
    assert profile.history.first().history_user == world.coordinator


def test_the_lead_must_be_a_contact_of_the_school_or_an_email(world):
    stranger = user_with_role(Role.SCHOOL_CONTACT, SchoolFactory())
    with pytest.raises(ValidationError) as refused:
        school_safeguarding_lead_set(by=world.coordinator, school=world.school, lead=stranger)
    assert "safeguarding_lead" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        school_safeguarding_lead_set(by=world.coordinator, school=world.school)
    assert "safeguarding_lead_email" in refused.value.message_dict
    world.profile.refresh_from_db()
    assert world.profile.safeguarding_lead == world.lead


def test_only_coordinators_holding_the_schools_pupils_set_its_lead(world):
    other_service_coordinator = user_with_role(Role.COORDINATOR)
    with pytest.raises(Http404):
        school_safeguarding_lead_set(
            by=other_service_coordinator, school=world.school, lead_email="a@b.example.org"
        )
    for person in (world.lead, world.educator, user_with_role(Role.TUTOR)):
        with pytest.raises(PermissionDenied):
            school_safeguarding_lead_set(by=person, school=world.school, lead_email="a@b.org")
