"""Child protection enquiries under section 47 (issue 16, requirement 3): an
assessment records its kind; a student is never the accountable worker for an
enquiry (refused in the service, naming Working Together to Safeguard Children
2023); the initial child protection conference is due 15 working days after the
strategy discussion, across bank holidays and weekends; bad dates are refused and
change nothing; an authorised enquiry stays locked."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from placements.casework.models import Assessment
from placements.casework.services.assessments import (
    assessment_create,
    assessment_transition,
    assessment_update,
)
from placements.casework.services.enquiries import conference_due_for
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.locking import RecordLocked
from portal.models import Notification
from tests.casework.support import SECTIONS, assessment_world
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

S47 = Assessment.Kind.SECTION_47
CAFA = Assessment.Kind.CHILD_AND_FAMILY
SOURCE = "Working Together to Safeguard Children 2023"
# Friday 8 January 2027: after Christmas and New Year's Day.
TODAY = date(2027, 1, 8)


@pytest.fixture
def world(clock):
    clock.today_is(TODAY)
    return assessment_world()


def student_and_social_worker(world):
    """A qualified social worker of the service who also holds a student membership."""
    both = user_with_role(Role.SOCIAL_WORKER, world.service)
    membership_grant(
        user=both,
        organisation=OrganisationFactory(kind=Organisation.Kind.UNIVERSITY),
        role=Role.STUDENT,
        starts_on=TODAY - timedelta(days=30),
    )
    return both


def start(world, **fields):
    values = {
        "by": world.team_manager,
        "child": world.child,
        "kind": S47,
        "referral_date": date(2026, 12, 16),
        "start_date": date(2026, 12, 17),
        "strategy_discussion_on": date(2026, 12, 17),
        "social_worker": world.social_worker,
        "student": world.student,
    }
    return assessment_create(**{**values, **fields})


# --- the conference date, worked out by hand ------------------------------------------------


@pytest.mark.parametrize(
    ("strategy_discussion", "conference_due"),
    [
        # Thu 17 December 2026: three weeks is Thu 7 January 2027, but Christmas Day (Fri),
        # Boxing Day's substitute (Mon 28) and New Year's Day (Fri) are not working days.
        (date(2026, 12, 17), date(2027, 1, 12)),
        # Wed 1 April 2026: Good Friday (3 April) and Easter Monday (6 April) push three
        # weeks (Wed 22 April) on by two days.
        (date(2026, 4, 1), date(2026, 4, 24)),
        # Fri 5 June 2026: only weekends in the way, three weeks later.
        (date(2026, 6, 5), date(2026, 6, 26)),
        # Fri 21 August 2026: the summer bank holiday (Mon 31 August) adds a day.
        (date(2026, 8, 21), date(2026, 9, 14)),
    ],
)
def test_the_conference_is_due_15_working_days_after_the_strategy_discussion(
    strategy_discussion, conference_due
):
    assert conference_due_for(strategy_discussion) == conference_due


# --- starting an enquiry -------------------------------------------------------------------


def test_an_enquiry_records_its_kind_strategy_discussion_and_conference_due(world):
    enquiry = start(world)
    enquiry.refresh_from_db()
    assert enquiry.kind == S47
    assert enquiry.strategy_discussion_on == date(2026, 12, 17)
    assert enquiry.conference_due_on == date(2027, 1, 12)
    assert enquiry.conference_held_on is None
    assert enquiry.social_worker == world.social_worker
    assert enquiry.student == world.student
    # the 45 working days still run from the referral
    assert enquiry.due_date == date(2027, 2, 22)
    body = Notification.objects.filter(user=world.student).latest("pk").body
    assert "initial child protection conference is due by 12 January 2027" in body


def test_an_assessment_is_a_child_and_family_assessment_unless_said(world):
    today = timezone.localdate()
    assessment = assessment_create(
        by=world.team_manager,
        child=world.child,
        referral_date=today - timedelta(days=3),
        start_date=today,
        social_worker=world.social_worker,
    )
    assert assessment.kind == CAFA
    assert assessment.strategy_discussion_on is None and assessment.conference_due_on is None


def test_a_student_is_never_accountable_for_an_enquiry(world):
    before = Assessment.objects.count()
    with pytest.raises(ValidationError) as refused:
        start(world, social_worker=world.student, student=None)
    [message] = refused.value.message_dict["social_worker"]
    assert SOURCE in message
    assert "a student never holds case responsibility for a child protection enquiry" in message
    assert Assessment.objects.count() == before


def test_nor_is_a_social_worker_who_is_also_a_student(world):
    both = student_and_social_worker(world)
    before = Assessment.objects.count()
    with pytest.raises(ValidationError) as refused:
        start(world, social_worker=both)
    assert SOURCE in refused.value.message_dict["social_worker"][0]
    assert Assessment.objects.count() == before
    # A child and family assessment keeps its rule: a social worker of the service.
    assessment = start(world, social_worker=both, kind=CAFA, strategy_discussion_on=None)
    assert assessment.social_worker == both


def test_a_social_worker_who_is_also_a_student_cannot_start_one_for_themself(world):
    both = student_and_social_worker(world)
    with pytest.raises(ValidationError) as refused:
        start(world, by=both, social_worker=both)
    assert SOURCE in refused.value.message_dict["social_worker"][0]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"strategy_discussion_on": None}, "strategy_discussion_on", "Enter the date"),
        (
            {"strategy_discussion_on": date(2026, 12, 15)},
            "strategy_discussion_on",
            "on or after the date of the referral",
        ),
        (
            {"strategy_discussion_on": TODAY + timedelta(days=1)},
            "strategy_discussion_on",
            "today or in the past",
        ),
        (
            {"conference_held_on": date(2026, 12, 16)},
            "conference_held_on",
            "on or after the strategy discussion",
        ),
        ({"conference_held_on": TODAY + timedelta(days=1)}, "conference_held_on", "in the past"),
        (
            {"kind": CAFA},
            "strategy_discussion_on",
            "Only a child protection enquiry (section 47) has a strategy discussion",
        ),
        ({"kind": "s47"}, "kind", "Choose the kind of assessment"),
    ],
)
def test_bad_dates_and_kinds_are_refused_and_nothing_is_made(world, fields, field, words):
    before = Assessment.objects.count()
    with pytest.raises(ValidationError) as refused:
        start(world, **fields)
    assert words in " ".join(refused.value.message_dict[field])
    assert Assessment.objects.count() == before


def test_the_database_refuses_an_enquiry_without_its_dates(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=world.assessment.pk).update(kind=S47)


# --- changing one --------------------------------------------------------------------------


def test_the_social_worker_makes_it_an_enquiry_and_records_the_conference(world):
    assessment = world.assessment
    assessment_update(
        by=world.social_worker,
        assessment=assessment,
        kind=S47,
        strategy_discussion_on=assessment.referral_date,
    )
    assessment.refresh_from_db()
    assert assessment.kind == S47
    assert assessment.conference_due_on == conference_due_for(assessment.referral_date)
    assessment_update(
        by=world.social_worker, assessment=assessment, conference_held_on=TODAY - timedelta(days=1)
    )
    assessment.refresh_from_db()
    assert assessment.conference_held_on == TODAY - timedelta(days=1)


def test_changing_the_strategy_discussion_moves_the_conference_date(world):
    enquiry = start(world)
    assessment_update(
        by=world.social_worker, assessment=enquiry, strategy_discussion_on=date(2026, 12, 21)
    )
    enquiry.refresh_from_db()
    # Mon 21 December 2026: three weeks is Mon 11 January 2027; Christmas Day, Boxing
    # Day's substitute and New Year's Day push it to Thu 14 January.
    assert enquiry.conference_due_on == date(2027, 1, 14)


def test_making_it_an_enquiry_is_refused_while_a_student_is_accountable(world):
    both = student_and_social_worker(world)
    assessment = start(world, social_worker=both, kind=CAFA, strategy_discussion_on=None)
    versions = assessment.history.count()
    with pytest.raises(ValidationError) as refused:
        assessment_update(
            by=both,
            assessment=assessment,
            kind=S47,
            strategy_discussion_on=date(2026, 12, 17),
            analysis="Written with the change.",
        )
    assert SOURCE in refused.value.message_dict["kind"][0]
    assessment.refresh_from_db()
    assert assessment.kind == CAFA
    assert assessment.strategy_discussion_on is None and assessment.analysis == ""
    assert assessment.history.count() == versions


def test_bad_dates_on_change_change_nothing(world):
    enquiry = start(world)
    versions = enquiry.history.count()
    with pytest.raises(ValidationError) as refused:
        assessment_update(
            by=world.social_worker,
            assessment=enquiry,
            strategy_discussion_on=date(2026, 12, 10),  # before the referral
            conference_held_on=date(2026, 12, 1),
            analysis="Should not be saved.",
        )
    assert set(refused.value.message_dict) == {"strategy_discussion_on", "conference_held_on"}
    enquiry.refresh_from_db()
    assert enquiry.strategy_discussion_on == date(2026, 12, 17)
    assert enquiry.conference_due_on == date(2027, 1, 12)
    assert enquiry.analysis == ""
    assert enquiry.history.count() == versions


def test_the_student_co_worker_cannot_change_the_kind_or_record_the_conference(world):
    enquiry = start(world)
    for change in ({"kind": CAFA}, {"conference_held_on": TODAY}):
        with pytest.raises(PermissionDenied):
            assessment_update(by=world.student, assessment=enquiry, **change)
    # ... but writes the sections as before.
    assessment_update(by=world.student, assessment=enquiry, analysis="Notes.")
    enquiry.refresh_from_db()
    assert enquiry.kind == S47 and enquiry.analysis == "Notes."


def test_an_authorised_enquiry_stays_locked(world):
    enquiry = start(world)
    assessment_update(
        by=world.social_worker,
        assessment=enquiry,
        **SECTIONS,
    )
    assessment_transition(assessment=enquiry, name="submit", by=world.social_worker)
    assessment_transition(assessment=enquiry, name="authorise", by=world.team_manager)
    with pytest.raises(RecordLocked):
        assessment_update(by=world.social_worker, assessment=enquiry, conference_held_on=TODAY)
    with pytest.raises(RecordLocked):
        Assessment.objects.filter(pk=enquiry.pk).update(kind=CAFA)
    enquiry.refresh_from_db()
    assert enquiry.conference_held_on is None and enquiry.kind == S47
