"""Merging two records of one child, and an administrator's undo (issue 13, R2).

A co-ordinator compares two possible duplicates and merges one into the other:
carers, requests, allocations and places on plans (with their sessions and
measures) move onto the record kept, each with a history row naming the merge;
the duplicate stays, marked merged. An administrator undoes it, and everything
goes back. Refusals change nothing: the wrong person (404 or 403), a record
merged with itself or one already merged, records that cannot move.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import (
    Allocation,
    Carer,
    Child,
    ChildMerge,
    DirectWorkPlan,
    SessionAttendance,
    SupportRequest,
)
from placements.casework.services.merges import child_merge, child_merge_undo
from placements.casework.services.requests import support_request_submit
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.casework.factories import (
    AllocationFactory,
    AssessmentFactory,
    CarerFactory,
    ChildFactory,
    MeasureFactory,
    SchoolFactory,
    years_ago,
)
from tests.casework.support import work_with
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

BORN = years_ago(9, 20)


@pytest.fixture
def service():
    return OrganisationFactory()


@pytest.fixture
def coordinator(service):
    return user_with_role(Role.COORDINATOR, service)


@pytest.fixture
def admin():
    return user_with_role(Role.ADMIN)


def recorded(service, school=None, **fields) -> Child:
    """A record held by `service` of the child Amara Okafor."""
    return ChildFactory(
        held_by=service,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=BORN,
        **({"school": school} if school else {}),
        **fields,
    )


@pytest.fixture
def pair(service):
    """(kept, from the school's request): the service's record with its carer and
    allocation, and the record a school's request made, with its carer."""
    keep = recorded(service)
    CarerFactory(child=keep, name="Nadia Okafor-Reid", is_main_contact=True)
    AllocationFactory(child=keep)
    contact = user_with_role(Role.SCHOOL_CONTACT, keep.school)
    request = support_request_submit(
        by=contact,
        school=keep.school,
        service=service,
        child_fields={
            "first_name": "amara",
            "last_name": "OKAFOR",
            "date_of_birth": BORN,
            "gender": "girl",
            "year_group": "year_4",
        },
        carer_fields={"name": "Grace Okafor", "relationship": "mother", "phone": "07700 900456"},
        reason="Anxious since her grandfather died.",
        themes=[],
        parent_consent_on=timezone.localdate() - timedelta(days=2),
        parent_consent_by="Grace Okafor, mother",
        child_view="I want someone to talk to.",
    )
    return keep, request.child


def confirm_url(duplicate, keep):
    return reverse("casework:merge_confirm", args=[duplicate.pk, keep.pk])


def counts():
    return (
        ChildMerge.objects.count(),
        Child.objects.filter(merged_into__isnull=False).count(),
        Child.history.count(),
        Carer.history.count(),
        SupportRequest.history.count(),
    )


# --- the co-ordinator's pages --------------------------------------------------------


def test_the_coordinator_compares_confirms_and_merges(client, coordinator, pair):
    keep, duplicate = pair
    client.force_login(coordinator)
    compare = reverse("casework:merge_compare", args=[duplicate.pk, keep.pk])
    before = AccessEvent.objects.count()
    page = client.get(compare).content.decode()
    for text in ("Nadia Okafor-Reid", "Grace Okafor", keep.reference, duplicate.reference):
        assert text in page
    assert confirm_url(duplicate, keep) in page and confirm_url(keep, duplicate) in page
    assert AccessEvent.objects.count() - before == 2  # a read of each record

    confirm = client.get(confirm_url(duplicate, keep)).content.decode()
    assert f"Merge {duplicate.reference} into {keep.reference}?" in confirm
    assert not ChildMerge.objects.exists()  # the confirm page changes nothing

    response = client.post(confirm_url(duplicate, keep))
    merge = ChildMerge.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:merge_detail", args=[merge.pk])
    assert (merge.keep, merge.duplicate, merge.merged_by) == (keep, duplicate, coordinator)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep  # kept, not deleted
    request = SupportRequest.objects.get()
    assert request.child == keep and request.child_as_entered == duplicate
    grace = Carer.objects.get(name="Grace Okafor")
    assert grace.child == keep and not grace.is_main_contact  # the kept record's stays
    assert keep.carers.get(is_main_contact=True).name == "Nadia Okafor-Reid"
    reason = f"Merged {duplicate.reference} into {keep.reference}"
    for row in (grace, request, duplicate):
        latest = row.history.first()
        assert (latest.history_change_reason, latest.history_user) == (reason, coordinator)
    assert merge.moved["carers"] == [grace.pk]
    assert merge.moved["support_requests"] == [request.pk]

    detail = client.get(response.url).content.decode()
    assert "1 parents or carers" in detail and "1 requests for support" in detail
    assert "Undo the merge" not in detail  # an administrator's
    kept_page = client.get(reverse("casework:child_detail", args=[keep.pk])).content.decode()
    assert "Grace Okafor" in kept_page and response.url in kept_page
    merged_page = client.get(reverse("casework:child_detail", args=[duplicate.pk]))
    assert 'data-testid="merged-into"' in merged_page.content.decode()
    listed = client.get(reverse("casework:child_list")).content.decode()
    assert keep.reference in listed and duplicate.reference not in listed


def test_an_administrator_undoes_the_merge(client, coordinator, admin, pair):
    keep, duplicate = pair
    merge = child_merge(keep=keep, duplicate=duplicate, by=coordinator)
    undo = reverse("casework:merge_undo", args=[merge.pk])

    client.force_login(coordinator)
    assert client.get(undo).status_code == 403
    assert client.post(undo).status_code == 403
    merge.refresh_from_db()
    assert merge.undone_at is None

    client.force_login(admin)
    detail = client.get(reverse("casework:merge_detail", args=[merge.pk])).content.decode()
    assert undo in detail
    assert client.get(undo).status_code == 200
    assert client.post(undo).status_code == 302

    merge.refresh_from_db()
    duplicate.refresh_from_db()
    assert merge.undone_by == admin and merge.undone_at is not None
    assert duplicate.merged_into is None
    request = SupportRequest.objects.get()
    assert request.child == duplicate
    grace = Carer.objects.get(name="Grace Okafor")
    assert grace.child == duplicate and grace.is_main_contact
    reason = f"Undid the merge of {duplicate.reference} into {keep.reference}"
    for row in (grace, request, duplicate):
        assert row.history.first().history_change_reason == reason
        assert row.history.first().history_user == admin

    again = client.post(undo)
    assert "This merge was already undone" in again.content.decode()


def test_work_moves_with_the_record_and_comes_back_with_what_was_added_since(admin):
    work = work_with(1, status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True)
    duplicate = work.children[0]
    keep = ChildFactory(
        held_by=duplicate.held_by,
        school=duplicate.school,
        first_name=duplicate.first_name.upper(),
        last_name=duplicate.last_name,
        date_of_birth=duplicate.date_of_birth,
    )
    coordinator = user_with_role(Role.COORDINATOR, duplicate.held_by)
    merge = child_merge(keep=keep, duplicate=duplicate, by=coordinator)
    plan = work.plan
    assert plan.members.get().child == keep
    assert set(SessionAttendance.objects.values_list("child", flat=True)) == {keep.pk}
    assert Allocation.objects.get().child == keep
    # Recorded on the kept record after the merge, on the plan that moved.
    measure = MeasureFactory(plan=plan, child=keep)

    child_merge_undo(merge=merge, by=admin)
    assert plan.members.get().child == duplicate
    assert set(SessionAttendance.objects.values_list("child", flat=True)) == {duplicate.pk}
    assert Allocation.objects.get().child == duplicate
    measure.refresh_from_db()
    assert measure.child == duplicate


# --- refusals ------------------------------------------------------------------------


def test_a_school_contact_or_a_student_cannot_merge(client, service, pair):
    keep, duplicate = pair
    outside = user_with_role(Role.SCHOOL_CONTACT, keep.school)
    client.force_login(outside)
    # The school does not see the record its request made until work is allocated.
    compare = reverse("casework:merge_compare", args=[duplicate.pk, keep.pk])
    assert client.get(compare).status_code == 404
    work = AllocationFactory(child=keep)
    AllocationFactory(child=duplicate, placement=work.placement)
    cases = {
        # Both records are now the school's pupils with work allocated: seen, not merged.
        user_with_role(Role.SCHOOL_CONTACT, keep.school): 403,
        user_with_role(Role.COORDINATOR): 404,  # another organisation's
        work.student: 403,  # sees both through their work, may not merge them
        work.practice_educator: 403,
    }
    before = counts()
    for user, status in cases.items():
        client.force_login(user)
        assert client.get(compare).status_code == status
        assert client.get(confirm_url(duplicate, keep)).status_code == status
        assert client.post(confirm_url(duplicate, keep)).status_code == status
    assert counts() == before


def test_a_record_cannot_be_merged_with_itself(client, coordinator, pair):
    keep, _ = pair
    client.force_login(coordinator)
    before = counts()
    response = client.post(confirm_url(keep, keep))
    assert response.status_code == 200
    assert "A record cannot be merged with itself" in response.content.decode()
    assert counts() == before


def test_an_already_merged_record_cannot_be_merged_again(client, service, coordinator, pair):
    keep, duplicate = pair
    child_merge(keep=keep, duplicate=duplicate, by=coordinator)
    third = recorded(service, school=keep.school)
    client.force_login(coordinator)
    before = counts()
    for url in (confirm_url(duplicate, third), confirm_url(third, duplicate)):
        body = client.post(url).content.decode()
        assert f"{duplicate.reference} is already merged into {keep.reference}" in body
    compare = reverse("casework:merge_compare", args=[third.pk, duplicate.pk])
    page = client.get(compare).content.decode()
    assert "is already merged into" in page and "and merge" not in page
    assert counts() == before


def test_records_that_never_change_stay_where_they_are(coordinator, pair):
    keep, duplicate = pair
    AssessmentFactory(child=keep)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        child_merge(keep=duplicate, duplicate=keep, by=coordinator)
    assert f"keep {keep.reference} and merge {duplicate.reference} into it instead" in str(
        refused.value
    )
    assert counts() == before
    child_merge(keep=keep, duplicate=duplicate, by=coordinator)  # the other way round is fine
    assert ChildMerge.objects.count() == 1


def test_the_compare_page_offers_the_one_way_a_merge_can_go(client, coordinator, pair):
    """Found trying it as a co-ordinator: with an assessment on the record listed
    first, the page showed an error and no button at all."""
    keep, duplicate = pair
    AssessmentFactory(child=keep)
    client.force_login(coordinator)
    page = client.get(reverse("casework:merge_compare", args=[duplicate.pk, keep.pk]))
    html = page.content.decode()
    assert "There is a problem" not in html
    assert confirm_url(duplicate, keep) in html  # keep the record with the assessment
    assert confirm_url(keep, duplicate) not in html
    assert f"keep {keep.reference} and merge {duplicate.reference} into it instead" in html


def test_different_children_or_services_are_refused(coordinator, service, pair):
    keep, _ = pair
    other_name = ChildFactory(held_by=service, first_name="Amira", last_name="Okafor")
    other_service = recorded(OrganisationFactory(), school=SchoolFactory())
    user_with_role(Role.COORDINATOR, other_service.held_by)
    before = counts()
    with pytest.raises(ValidationError, match="same first name, last name and date of birth"):
        child_merge(keep=keep, duplicate=other_name, by=coordinator)
    with pytest.raises(Http404):
        child_merge(keep=keep, duplicate=other_service, by=coordinator)
    assert counts() == before
