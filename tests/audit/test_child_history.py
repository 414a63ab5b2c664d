"""The change history of a child's record is read like the record's own page (issue 13).

A school contact reads the child's history without the case number, the names
the child had before, or who made each change, and the read is logged; someone
outside the child's scope gets 404; an administrator (or the student on the
work) sees everything, logged. The records about the child declare the same of
what their own pages keep from each reader.
"""

import pytest
from django.urls import reverse

from placements.casework.models import Child, DirectWorkSession, SupportRequest
from placements.casework.models.children import CHILD_DETAILS
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.audit.models import AccessEvent
from portal.audit.records import child_record_of
from portal.audit.selectors import history_entries
from portal.audit.views import HISTORY_PURPOSE
from tests.casework.factories import (
    AllocationFactory,
    ChildFactory,
    SchoolFactory,
    SessionFactory,
    SupportRequestFactory,
    plan_with_children,
)
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

OLD_CASE_NUMBER, CASE_NUMBER = "LA-OLD-11873", "LA-CASE-770431"
FORMER_SURNAME, SURNAME = "Quillfeather", "Ashcombe-Vale"
HOLDER = "Chris Holder"


@pytest.fixture
def child():
    service = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    coordinator = user_with_role(Role.COORDINATOR, service, name=HOLDER)
    child = ChildFactory(
        first_name="Zephyrine",
        last_name=FORMER_SURNAME,
        la_case_number=OLD_CASE_NUMBER,
        held_by=service,
        created_by=coordinator,
    )
    AllocationFactory(child=child)
    with acting_as(coordinator):
        child.la_case_number = CASE_NUMBER
        child.save()
        # An adoption: a new surname, and (in the same save) a new year group.
        child.last_name = SURNAME
        child.year_group = Child.YearGroup.YEAR_5
        child.save()
    return child


def history_url(record) -> str:
    meta = record._meta
    return reverse("audit:history", args=[meta.app_label, meta.model_name, record.pk])


def logged(user, record) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(user=user, object_id=str(record.pk)))


def test_a_school_contact_sees_no_case_number_former_name_or_staff(client, child):
    contact = user_with_role(Role.SCHOOL_CONTACT, child.school)
    client.force_login(contact)
    response = client.get(history_url(child))
    assert response.status_code == 200
    page = response.content.decode()
    for secret in (OLD_CASE_NUMBER, CASE_NUMBER, FORMER_SURNAME, SURNAME, HOLDER):
        assert secret not in page, secret
    assert "Year 5" in page  # what their page shows stays in the history
    assert page.count("Changed on") == 1  # the case-number-only change is left out
    [event] = logged(contact, child)
    assert event.purpose == HISTORY_PURPOSE and event.path == history_url(child)


def test_the_history_and_the_childs_page_follow_one_rule(client, child):
    contact = user_with_role(Role.SCHOOL_CONTACT, child.school)
    student = child.allocations.get().student
    assert not contact.has_perm(CHILD_DETAILS, child)
    assert student.has_perm(CHILD_DETAILS, child)
    client.force_login(contact)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert SURNAME in page and CASE_NUMBER not in page
    client.force_login(student)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert CASE_NUMBER in page


@pytest.mark.parametrize("who", ["other_school", "tutor", "unallocated_student"])
def test_someone_outside_the_childs_scope_gets_404_and_nothing_is_logged(client, child, who):
    reader = {
        "other_school": lambda: user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()),
        "tutor": lambda: user_with_role(Role.TUTOR),
        "unallocated_student": lambda: user_with_role(Role.STUDENT),
    }[who]()
    client.force_login(reader)
    response = client.get(history_url(child))
    assert response.status_code == 404
    assert FORMER_SURNAME not in response.content.decode()
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("who", ["admin", "student"])
def test_those_who_read_the_full_record_see_every_change_logged(client, child, who):
    reader = user_with_role(Role.ADMIN) if who == "admin" else child.allocations.get().student
    client.force_login(reader)
    response = client.get(history_url(child))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (OLD_CASE_NUMBER, CASE_NUMBER, FORMER_SURNAME, SURNAME, f"by {HOLDER}"):
        assert shown in page, shown
    assert [e.purpose for e in logged(reader, child)] == [HISTORY_PURPOSE]


def test_records_about_the_child_leave_out_what_their_pages_keep_from_the_school(child):
    """Sessions and requests have their history pages for administrators only today;
    their declarations already keep from each reader what the record's page does."""
    plan = plan_with_children(child)
    session = SessionFactory(plan=plan)
    session.status = DirectWorkSession.Status.HELD
    session.activities = "Drew a map of the playground."
    session.save()
    support_request = SupportRequestFactory(child=child, school=child.school)
    decider = user_with_role(Role.COORDINATOR, child.held_by, name="Dana Decider")
    support_request.status = SupportRequest.Status.DECLINED
    support_request.decided_by = decider
    support_request.save()
    contact = user_with_role(Role.SCHOOL_CONTACT, child.school)
    student = child.allocations.get().student

    hidden = child_record_of(session).hidden_from(contact, session)
    assert {"activities", "observations", "review_comments", "logged_by"} <= hidden
    assert not contact.has_perm("casework.view_session_notes", session)
    changes = [c.field for e in history_entries(session, hidden=hidden) for c in e.changes]
    assert "Status" in changes and "What you did" not in changes
    assert child_record_of(session).hidden_from(student, session) == frozenset()

    assert child_record_of(support_request).hidden_from(contact, support_request) == {"decided_by"}
    assert child_record_of(support_request).hidden_from(decider, support_request) == set()
