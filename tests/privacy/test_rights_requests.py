"""Rights requests: due one calendar month after receipt (month ends included),
extended once with a reason, closed with an outcome; an erasure anonymises what
nothing keeps; administrators are reminded; nobody else may touch them."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from placements.casework.models import Child
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.models import Notification
from portal.privacy.models import LegalHold, RightsRequest
from portal.privacy.retention import MARKER
from portal.privacy.rights import (
    due_date,
    erasure_apply,
    rights_request_close,
    rights_request_extend,
    rights_request_record,
    rights_requests_remind,
)
from tests.casework.factories import ChildFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

R = RightsRequest


@pytest.fixture
def admin():
    return user_with_role(Role.ADMIN)


def record(admin, person, kind=R.Kind.ACCESS, received_on=None, **fields):
    subject_kind = "child" if isinstance(person, Child) else "user"
    return rights_request_record(
        by=admin,
        kind=kind,
        received_on=received_on or timezone.localdate(),
        requested_by=fields.pop("requested_by", "Their mother, by letter"),
        subject_kind=subject_kind,
        subject_id=person.pk,
        **fields,
    )


@pytest.mark.parametrize(
    "received, due",
    [
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2027, 1, 15), date(2027, 2, 15)),
        (date(2027, 12, 31), date(2028, 1, 31)),
        (date(2027, 3, 31), date(2027, 4, 30)),
    ],
)
def test_the_answer_is_due_one_calendar_month_after_receipt(received, due):
    assert due_date(received) == due


def test_a_request_records_its_due_date(admin):
    child = ChildFactory()
    request = record(admin, child, received_on=timezone.localdate() - timedelta(days=3))
    assert request.due_on == due_date(request.received_on)
    assert request.status == R.Status.OPEN


def test_bad_input_is_refused_with_a_message_and_nothing_saved(admin):
    child = ChildFactory()
    with pytest.raises(ValidationError) as refused:
        rights_request_record(
            by=admin,
            kind="complaint",
            received_on=timezone.localdate() + timedelta(days=1),
            requested_by=" ",
            subject_kind="child",
            subject_id=child.pk + 1000,
        )
    assert set(refused.value.message_dict) == {"kind", "received_on", "requested_by", "subject_id"}
    assert not R.objects.exists()


def test_only_an_admin_records_a_request():
    child = ChildFactory()
    with pytest.raises(PermissionDenied):
        record(user_with_role(Role.COORDINATOR, child.held_by), child)


def test_the_deadline_is_extended_once_with_a_reason(admin):
    request = record(admin, ChildFactory(), received_on=date(2026, 11, 30))
    with pytest.raises(ValidationError) as refused:
        rights_request_extend(request=request, by=admin, months=3, reason="")
    assert set(refused.value.message_dict) == {"months", "reason"}
    request = rights_request_extend(
        request=request, by=admin, months=2, reason="Records held in four services."
    )
    assert request.extended_to == date(2027, 2, 28)  # 30 December + 2 months
    with pytest.raises(ValidationError, match="already been extended"):
        rights_request_extend(request=request, by=admin, months=1, reason="More.")


def test_closing_needs_an_outcome_and_a_closed_request_stays_closed(admin):
    request = record(admin, ChildFactory())
    with pytest.raises(ValidationError):
        rights_request_close(request=request, by=admin, status=R.Status.DONE, outcome="")
    request = rights_request_close(
        request=request, by=admin, status=R.Status.DONE, outcome="Export sent by post."
    )
    assert request.closed_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already closed"):
        rights_request_close(request=request, by=admin, status=R.Status.DONE, outcome="Again.")


def test_erasure_keeps_a_childs_records_the_law_requires_and_says_so(admin):
    child = ChildFactory(first_name="Hephzibah")
    request = record(admin, child, kind=R.Kind.ERASURE)
    result = erasure_apply(request=request, by=admin)
    assert Child.objects.get(pk=child.pk).first_name == "Hephzibah"
    assert result.statutory["casework.Child"] == 1
    request.refresh_from_db()
    assert "the law requires keeping for now" in request.outcome


def test_erasure_anonymises_an_accounts_records_that_nothing_keeps(admin):
    student = user_with_role(Role.STUDENT, name="Perpetua Langridge")
    request = record(admin, student, kind=R.Kind.ERASURE)
    result = erasure_apply(request=request, by=admin)
    assert result.anonymised["accounts.User"] == 1
    assert User.objects.get(pk=student.pk).name == MARKER
    names = set(User.history.filter(id=student.pk).values_list("name", flat=True))
    assert "Perpetua Langridge" not in names


def test_a_legal_hold_stops_an_erasure(admin):
    student = user_with_role(Role.STUDENT, name="Perpetua Langridge")
    LegalHold.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id=student.pk,
        reason="An employment tribunal claim.",
        set_by=admin,
    )
    result = erasure_apply(request=record(admin, student, kind=R.Kind.ERASURE), by=admin)
    assert result.held["accounts.User"] == 1 and not result.anonymised
    assert User.objects.get(pk=student.pk).name == "Perpetua Langridge"


def test_only_an_erasure_request_erases(admin):
    student = user_with_role(Role.STUDENT, name="Perpetua Langridge")
    with pytest.raises(ValidationError, match="Only an erasure request"):
        erasure_apply(request=record(admin, student, kind=R.Kind.ACCESS), by=admin)
    assert User.objects.get(pk=student.pk).name == "Perpetua Langridge"


def test_admins_are_reminded_of_requests_due_soon_or_overdue(admin):
    child = ChildFactory()
    record(admin, child, received_on=timezone.localdate() - timedelta(days=40))  # overdue
    record(admin, child, received_on=timezone.localdate() - timedelta(days=26))  # due soon
    record(admin, child)  # a month away
    assert rights_requests_remind() >= 1
    (told,) = Notification.objects.filter(user=admin)
    assert told.title == "Data protection requests to answer: 1 overdue, 1 due within 7 days"
    Notification.objects.all().delete()
    R.objects.update(status=R.Status.DONE)
    assert rights_requests_remind() == 0
    assert not Notification.objects.exists()
