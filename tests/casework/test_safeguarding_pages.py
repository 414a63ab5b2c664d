"""Safeguarding pages (issue 6, requirement 6): raising a concern from a session
with a check before it is submitted, the concern's page (logged), its list,
addenda and the outcome, the child's page banner, dashboards, the schools'
safeguarding leads, and the admin offering no change or delete."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import SafeguardingAddendum, SafeguardingConcern
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.models import Notification
from tests.casework.factories import (
    AddendumFactory,
    AllocationFactory,
    AttendanceFactory,
    ChildFactory,
    ConcernFactory,
)
from tests.casework.support import safeguarding_setting
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return safeguarding_setting()


def raise_url(world):
    return reverse("casework:concern_raise", kwargs={"session_pk": world.session.pk})


def detail_url(concern):
    return reverse("casework:concern_detail", args=[concern.pk])


def concern_post(**changes):
    happened = timezone.localtime() - timedelta(hours=1)
    data = {
        "happened_on": happened.date().isoformat(),
        "happened_time": happened.strftime("%H:%M"),
        "what_happened": "He said: “Dad locks me in the shed when I'm bad.”",
        "actions_taken": "Told the school's safeguarding lead at 11:15.",
    }
    data.update(changes)
    return data


def concern_for(world, **fields):
    return ConcernFactory(
        child=world.child, session=world.session, raised_by=world.student, **fields
    )


# --- raising ---------------------------------------------------------------------------


def test_the_student_raises_a_concern_checks_it_and_submits_it(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.student)
    form = client.get(raise_url(world))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Amara Okafor" in page and world.child.reference in page
    assert 'type="radio"' not in page  # one child: nothing to choose

    check = client.post(raise_url(world), concern_post())
    assert check.status_code == 200
    page = check.content.decode()
    assert "Check your concern before you submit" in page
    assert "It cannot be changed afterwards" in page
    assert "locks me in the shed" in page
    assert not SafeguardingConcern.objects.exists()

    changed = client.post(raise_url(world), {**concern_post(), "change": "yes"})
    assert "Check your concern" not in changed.content.decode()
    assert "locks me in the shed" in changed.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(raise_url(world), {**concern_post(), "confirmed": "yes"})
    concern = SafeguardingConcern.objects.get()
    assert done.status_code == 302 and done.url == detail_url(concern)
    assert concern.child == world.child and concern.session == world.session
    assert {n.user for n in Notification.objects.all()} == {world.educator, world.lead}
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "Amara" not in message.body and "Okafor" not in message.body
        assert "shed" not in message.body
        assert world.child.reference in message.subject


def test_a_time_in_the_future_is_refused_on_the_form_and_nothing_is_saved(client, world):
    client.force_login(world.student)
    tomorrow = timezone.localdate() + timedelta(days=1)
    for data in (
        concern_post(happened_on=tomorrow.isoformat()),
        {**concern_post(happened_on=tomorrow.isoformat()), "confirmed": "yes"},
    ):
        response = client.post(raise_url(world), data)
        assert response.status_code == 200
        assert "must be now or in the past" in response.content.decode()
    assert not SafeguardingConcern.objects.exists()
    assert not Notification.objects.exists()


def test_blank_fields_are_named_on_the_form(client, world):
    client.force_login(world.student)
    response = client.post(raise_url(world), concern_post(what_happened="", happened_time=""))
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Write what happened or what the child said" in page
    assert "Enter the time it happened" in page


def test_in_a_group_session_the_student_chooses_the_child(client, world):
    second = ChildFactory(
        first_name="Kofi", preferred_name="Koko", school=world.school, held_by=world.service
    )
    AttendanceFactory(session=world.session, child=second)
    AllocationFactory(child=second, placement=world.allocation.placement)
    client.force_login(world.student)
    page = client.get(raise_url(world)).content.decode()
    assert page.count('type="radio"') == 2
    assert f"Koko {second.last_name} ({second.reference})" in page
    refused = client.post(raise_url(world), concern_post())
    assert "Choose the child the concern is about" in refused.content.decode()
    client.post(raise_url(world), {**concern_post(child=second.pk), "confirmed": "yes"})
    assert SafeguardingConcern.objects.get().child == second


def test_who_may_open_the_raise_page(client, world):
    client.force_login(world.coordinator)  # sees the child, no allocation
    assert client.get(raise_url(world)).status_code == 403
    for person in (user_with_role(Role.STUDENT), user_with_role(Role.TUTOR)):
        client.force_login(person)
        assert client.get(raise_url(world)).status_code == 404
    client.force_login(world.educator)
    assert client.get(raise_url(world)).status_code == 200
    missing = reverse("casework:concern_raise", kwargs={"session_pk": 999999})
    assert client.get(missing).status_code == 404


# --- the concern's page ----------------------------------------------------------------


def test_each_view_of_a_concern_is_logged_and_it_offers_no_change_or_delete(client, world):
    concern = concern_for(world)
    AddendumFactory(concern=concern, text="Mother rang back at 16:00.")
    for person in (world.educator, world.lead, world.coordinator, world.student):
        client.force_login(person)
        response = client.get(detail_url(concern))
        assert response.status_code == 200
        page = response.content.decode()
        assert "boyfriend shouts" in page
        assert "Mother rang back" in page
        assert ">Delete" not in page and ">Change" not in page
    events = AccessEvent.objects.filter(object_id=str(concern.pk), object_repr__contains="concern")
    assert events.count() == 4
    assert {e.user for e in events} == {
        world.educator,
        world.lead,
        world.coordinator,
        world.student,
    }


def test_school_contacts_other_than_the_lead_and_other_people_get_404(client, world):
    concern = concern_for(world)
    outsiders = (
        world.other_contact,
        user_with_role(Role.STUDENT),
        user_with_role(Role.TUTOR),
        user_with_role(Role.PRACTICE_EDUCATOR),
    )
    for person in outsiders:
        client.force_login(person)
        assert client.get(detail_url(concern)).status_code == 404
    # Another student on the child's work sees the child but not the concern.
    other_student = AllocationFactory(child=world.child).student
    client.force_login(other_student)
    assert client.get(detail_url(concern)).status_code == 404
    assert not AccessEvent.objects.exists()


def test_the_list_is_for_those_who_handle_concerns(client, world):
    concern_for(world)
    client.force_login(user_with_role(Role.TUTOR))
    assert client.get(reverse("casework:concern_list")).status_code == 403
    client.force_login(world.other_contact)
    assert client.get(reverse("casework:concern_list")).status_code == 403
    client.force_login(world.lead)
    page = client.get(reverse("casework:concern_list")).content.decode()
    assert str(world.child) in page and "Amara" not in page


def test_the_list_shows_open_concerns_first_with_how_long_they_are_open(client, world):
    closed = concern_for(world, raised_at=timezone.now() - timedelta(days=1))
    closed.outcome = "No further action."
    closed.outcome_recorded_at = timezone.now()
    closed.outcome_recorded_by = world.educator
    closed.save()
    concern_for(world, raised_at=timezone.now() - timedelta(days=3))
    client.force_login(world.educator)
    page = client.get(reverse("casework:concern_list")).content.decode()
    assert page.index("3 days") < page.index("Outcome recorded</strong>")
    only_open = client.get(reverse("casework:concern_list"), {"status": "open"}).content.decode()
    assert "Outcome recorded</strong>" not in only_open


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_the_same_number_of_queries_for_5_and_50(
    client, world, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        child = ChildFactory(
            school=world.school, held_by=world.service, created_by=world.coordinator
        )
        AllocationFactory(child=child, placement=world.allocation.placement)
        ConcernFactory(child=child, raised_by=world.student)
    client.force_login(world.educator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:concern_list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="concerns"') == 1


# --- addenda and the outcome -----------------------------------------------------------


def test_the_lead_adds_to_a_concern_after_checking_it(client, world):
    concern = concern_for(world)
    client.force_login(world.lead)
    url = reverse("casework:concern_add_addendum", args=[concern.pk])
    assert client.get(url).status_code == 200
    check = client.post(url, {"text": "Rang the family at 15:00."})
    assert "It cannot be changed afterwards" in check.content.decode()
    assert not SafeguardingAddendum.objects.exists()
    done = client.post(url, {"text": "Rang the family at 15:00.", "confirmed": "yes"})
    assert done.status_code == 302
    addendum = SafeguardingAddendum.objects.get()
    assert addendum.added_by == world.lead and addendum.concern == concern
    empty = client.post(url, {"text": "", "confirmed": "yes"})
    assert "Write what you are adding" in empty.content.decode()
    client.force_login(world.other_contact)
    assert client.get(url).status_code == 404


def test_the_pe_records_the_outcome_once_and_others_are_refused(client, world):
    concern = concern_for(world)
    url = reverse("casework:concern_record_outcome", args=[concern.pk])
    client.force_login(world.student)
    assert client.get(url).status_code == 403
    assert "Record the outcome" not in client.get(detail_url(concern)).content.decode()
    client.force_login(world.lead)
    assert client.post(url, {"outcome": "x", "confirmed": "yes"}).status_code == 403
    client.force_login(world.educator)
    assert "Record the outcome" in client.get(detail_url(concern)).content.decode()
    check = client.post(url, {"outcome": "Referred to the front door."})
    assert "Check the outcome before you record it" in check.content.decode()
    concern.refresh_from_db()
    assert concern.is_open
    client.post(url, {"outcome": "Referred to the front door.", "confirmed": "yes"})
    concern.refresh_from_db()
    assert concern.outcome == "Referred to the front door."
    again = client.get(url)
    assert again.status_code == 302 and again.url == detail_url(concern)
    client.post(url, {"outcome": "Something else", "confirmed": "yes"})
    concern.refresh_from_db()
    assert concern.outcome == "Referred to the front door."


# --- the child's page ------------------------------------------------------------------


def child_page(client, world):
    return client.get(reverse("casework:child_detail", args=[world.child.pk])).content.decode()


def test_an_open_concern_stays_at_the_top_of_the_childs_page_until_its_outcome(client, world):
    concern = concern_for(world)
    client.force_login(world.educator)
    page = child_page(client, world)
    assert 'data-testid="safeguarding-banner"' in page
    assert "govuk-notification-banner" in page and 'role="alert"' not in page
    assert page.index("safeguarding-banner") < page.index("About the child")
    assert detail_url(concern) in page
    client.force_login(world.lead)
    assert detail_url(concern) in child_page(client, world)
    client.force_login(world.other_contact)
    page = child_page(client, world)
    assert "safeguarding-banner" not in page and detail_url(concern) not in page

    concern.outcome = "No further action."
    concern.outcome_recorded_at = timezone.now()
    concern.outcome_recorded_by = world.educator
    concern.save()
    client.force_login(world.educator)
    page = child_page(client, world)
    assert 'data-testid="safeguarding-banner"' not in page
    assert 'data-testid="safeguarding-closed"' in page
    assert page.index("safeguarding-closed") > page.index("About the child")


def test_another_student_on_the_work_is_told_a_concern_is_open_without_its_details(client, world):
    concern = ConcernFactory(child=world.child, raised_by=world.educator)
    other_student = AllocationFactory(child=world.child).student
    client.force_login(other_student)
    page = child_page(client, world)
    assert "A safeguarding concern about this child is open" in page
    assert detail_url(concern) not in page


# --- dashboards ------------------------------------------------------------------------


def test_dashboards_show_open_concerns_and_how_long_they_are_open(client, world):
    concern_for(world, raised_at=timezone.now() - timedelta(days=2))
    for person in (world.educator, world.coordinator, world.lead):
        client.force_login(person)
        page = client.get("/portal/").content.decode()
        assert 'data-testid="safeguarding-open-count"' in page, person
        assert "1 open safeguarding concern" in page
        assert "2 days" in page
        assert "Amara" not in page
    client.force_login(world.other_contact)
    assert "safeguarding-open-count" not in client.get("/portal/").content.decode()


# --- schools' designated safeguarding leads ---------------------------------------------


def test_a_coordinator_sets_a_partner_schools_lead(client, world):
    client.force_login(world.coordinator)
    listing = client.get(reverse("casework:school_safeguarding_list"))
    assert "Hillside Primary" in listing.content.decode()
    url = reverse("casework:school_safeguarding", kwargs={"school_pk": world.school.pk})
    form = client.get(url).content.decode()
    assert "Sam Office" in form
    response = client.post(
        url,
        {
            "safeguarding_lead": world.other_contact.pk,
            "safeguarding_lead_name": "",
            "safeguarding_lead_email": "",
        },
    )
    assert response.status_code == 302
    world.profile.refresh_from_db()
    assert world.profile.safeguarding_lead == world.other_contact
    assert world.profile.safeguarding_lead_email == ""
    refused = client.post(url, {"safeguarding_lead_email": "not-an-email"})
    assert "Enter an email address" in refused.content.decode()


def test_who_may_set_a_schools_lead(client, world):
    url = reverse("casework:school_safeguarding", kwargs={"school_pk": world.school.pk})
    for person in (user_with_role(Role.TUTOR), world.lead, world.educator):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.get(reverse("casework:school_safeguarding_list")).status_code == 403
    client.force_login(user_with_role(Role.COORDINATOR))  # holds none of its pupils
    assert client.get(url).status_code == 404


# --- the Django admin ------------------------------------------------------------------


def test_the_admin_shows_concerns_read_only_and_offers_no_delete(client, world):
    concern = concern_for(world)
    AddendumFactory(concern=concern)
    admin = user_with_role("admin")
    client.force_login(admin)
    base = "/django-admin/casework/safeguardingconcern/"
    listing = client.get(base)
    assert listing.status_code == 200
    assert world.child.reference in listing.content.decode()
    assert "Amara" not in listing.content.decode()
    change = client.get(f"{base}{concern.pk}/change/")
    assert change.status_code == 200
    page = change.content.decode()
    assert 'name="_save"' not in page and "deletelink" not in page
    assert AccessEvent.objects.filter(object_id=str(concern.pk)).count() == 1
    post = client.post(f"{base}{concern.pk}/change/", {"what_happened": "Changed"})
    assert post.status_code == 403
    assert client.get(f"{base}{concern.pk}/delete/").status_code == 403
    assert client.post(f"{base}{concern.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    addenda = "/django-admin/casework/safeguardingaddendum/"
    assert client.get(addenda).status_code == 200
    addendum = concern.addenda.get()
    assert client.get(f"{addenda}{addendum.pk}/delete/").status_code == 403
    concern.refresh_from_db()
    assert concern.what_happened.startswith("She said")
    assert SafeguardingConcern.objects.count() == 1
    profiles = "/django-admin/casework/schoolprofile/"
    assert client.get(f"{profiles}{world.profile.pk}/change/").status_code == 200
