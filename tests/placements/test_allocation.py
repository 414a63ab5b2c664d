"""The co-ordinator's allocation pages: placements without a practice educator (with
educators who have room), educators against capacity, settings and open places."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement, PlacementOffer
from placements.services.allocation import (
    placement_educator_assign,
    placement_offer_create,
    placement_offer_update,
)
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    CourseFactory,
    EducatorProfileFactory,
    PlacementFactory,
    PlacementOfferFactory,
)

pytestmark = pytest.mark.django_db

S = Placement.Status
ALLOCATION = reverse("placements:allocation")
EDUCATORS = reverse("placements:allocation_educators")
SETTINGS = reverse("placements:allocation_settings")
NEW_OFFER = reverse("placements:placement_offer_create")


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


@pytest.fixture
def council():
    host = OrganisationFactory(name="Westmoor Council")
    return host, user_with_role(Role.COORDINATOR, host, name="Cora Coordinator")


def unallocated(host, **fields) -> Placement:
    defaults = {"host": host, "practice_educator": None, "status": S.PROPOSED}
    return PlacementFactory(**{**defaults, **fields})


# --- Who may see the pages -----------------------------------------------------------


@pytest.mark.parametrize("url", [ALLOCATION, EDUCATORS, SETTINGS, NEW_OFFER])
@pytest.mark.parametrize("role", [Role.STUDENT, Role.TUTOR, Role.PRACTICE_EDUCATOR])
def test_only_coordinators_and_admins_open_the_allocation_pages(client, url, role):
    client.force_login(user_with_role(role))
    assert client.get(url).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(ALLOCATION)
    assert response.status_code == 302
    assert "login" in response.url


def test_the_navigation_shows_allocation_to_coordinators_only(client, council):
    _, coordinator = council
    client.force_login(coordinator)
    assert 'href="/portal/placements/allocation/"' in client.get(ALLOCATION).content.decode()
    student = user_with_role(Role.STUDENT)
    client.force_login(student)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "/portal/placements/allocation/" not in page


def test_the_coordinators_dashboard_links_to_allocation(client, council):
    _, coordinator = council
    client.force_login(coordinator)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Allocation: practice educators and open places" in page


# --- Placements without a practice educator -----------------------------------------


def test_placements_without_an_educator_in_scope_are_listed(client, council):
    host, coordinator = council
    mine = unallocated(host, team="Duty and assessment")
    unallocated(host, status=S.DRAFT)
    PlacementFactory(host=host)  # has an educator
    unallocated(host, status=S.PASSED)  # finished: nothing to allocate
    elsewhere = unallocated(OrganisationFactory(name="Far Away Trust"))
    client.force_login(coordinator)

    page = text(client.get(ALLOCATION))

    assert "2 placements without a practice educator" in page
    assert str(mine.student) in page and "Duty and assessment" in page
    assert str(elsewhere.student) not in page and "Far Away Trust" not in page


def test_a_university_coordinator_sees_their_students_placements(client):
    course = CourseFactory()
    coordinator = user_with_role(Role.COORDINATOR, course.university)
    theirs = unallocated(OrganisationFactory(), course=course)
    others = unallocated(OrganisationFactory())
    client.force_login(coordinator)
    page = text(client.get(ALLOCATION))
    assert str(theirs.student) in page
    assert str(others.student) not in page


def test_educators_with_room_for_the_dates_are_suggested(client, council):
    host, coordinator = council
    placement = unallocated(host, level=Placement.Level.FINAL)
    roomy = EducatorProfileFactory(organisation=host, max_students=2)
    full = EducatorProfileFactory(organisation=host, max_students=1)
    PlacementFactory(host=host, practice_educator=full.user, starts_on=placement.starts_on)
    stage_one = EducatorProfileFactory(organisation=host, peps_stage=1)
    # Busy only before this placement starts: still has room during its dates.
    later = EducatorProfileFactory(organisation=host, max_students=1)
    PlacementFactory(
        host=host,
        practice_educator=later.user,
        starts_on=placement.starts_on - timedelta(days=200),
        ends_on=placement.starts_on - timedelta(days=1),
    )
    elsewhere = EducatorProfileFactory(organisation=OrganisationFactory())
    for profile, name in (
        (roomy, "Rhea Roomy"),
        (full, "Fred Full"),
        (stage_one, "Stan Stageone"),
        (later, "Laura Later"),
        (elsewhere, "Elsie Elsewhere"),
    ):
        profile.user.name = name
        profile.user.save(update_fields=["name"])
    client.force_login(coordinator)

    response = client.get(ALLOCATION)
    page = text(response)

    assert roomy.user.name in page
    assert later.user.name in page
    assert full.user.name not in page  # no room during these dates
    assert stage_one.user.name not in page  # a final placement needs PEPS stage 2
    assert elsewhere.user.name not in page  # not one of the co-ordinator's educators
    assert reverse("placements:placement_edit", args=[placement.pk]) in response.content.decode()


def test_assigning_a_suggested_educator(client, council):
    host, coordinator = council
    placement = unallocated(host)
    educator = EducatorProfileFactory(organisation=host).user
    client.force_login(coordinator)

    response = client.post(
        reverse("placements:allocation_assign", args=[placement.pk]),
        {"practice_educator": educator.pk},
        follow=True,
    )

    placement.refresh_from_db()
    assert placement.practice_educator == educator
    assert placement.history.latest().history_user == coordinator
    assert f"{educator} is now the practice educator" in text(response)
    assert str(placement.student) not in text(response).split("Placements without")[-1]


def test_an_educator_without_room_is_refused_and_nothing_changes(client, council):
    host, coordinator = council
    placement = unallocated(host)
    full = EducatorProfileFactory(organisation=host, max_students=1)
    PlacementFactory(host=host, practice_educator=full.user, starts_on=placement.starts_on)
    client.force_login(coordinator)

    response = client.post(
        reverse("placements:allocation_assign", args=[placement.pk]),
        {"practice_educator": full.user.pk},
        follow=True,
    )

    placement.refresh_from_db()
    assert placement.practice_educator is None
    assert "cannot take this placement" in text(response)


def test_assigning_refuses_a_placement_that_has_an_educator(council):
    host, coordinator = council
    placement = PlacementFactory(host=host, status=S.PROPOSED)
    other = EducatorProfileFactory(organisation=host).user
    with pytest.raises(ValidationError) as refused:
        placement_educator_assign(placement=placement, educator=other, by=coordinator)
    assert "already has a practice educator" in str(refused.value)
    placement.refresh_from_db()
    assert placement.practice_educator != other


def test_assigning_outside_scope_is_404_and_for_a_tutor_403(client, council):
    host, _ = council
    placement = unallocated(host)
    educator = EducatorProfileFactory(organisation=host).user
    url = reverse("placements:allocation_assign", args=[placement.pk])
    client.force_login(user_with_role(Role.COORDINATOR, OrganisationFactory()))
    assert client.post(url, {"practice_educator": educator.pk}).status_code == 404
    client.force_login(placement.tutor)  # sees the placement, may not change it
    assert client.post(url, {"practice_educator": educator.pk}).status_code == 403
    placement.refresh_from_db()
    assert placement.practice_educator is None


def test_the_level_and_date_filters(client, council):
    host, coordinator = council
    today = timezone.localdate()
    first = unallocated(host, level=Placement.Level.FIRST, starts_on=today)
    final = unallocated(host, level=Placement.Level.FINAL, starts_on=today + timedelta(days=400))
    client.force_login(coordinator)

    page = text(client.get(ALLOCATION, {"level": "final"}))
    assert str(final.student) in page and str(first.student) not in page

    window = {"starts_on": (today + timedelta(days=300)).isoformat()}
    page = text(client.get(ALLOCATION, window))
    assert str(final.student) in page and str(first.student) not in page

    bad = {"starts_on": "2026-05-01", "ends_on": "2026-04-01"}
    page = text(client.get(ALLOCATION, bad))
    assert "The “to” date must be the same as or after the “from” date." in page


# --- Practice educators and capacity -------------------------------------------------


def test_educators_show_students_against_capacity_with_over_capacity_flagged(client, council):
    host, coordinator = council
    over = EducatorProfileFactory(organisation=host, max_students=2)
    for _ in range(3):
        PlacementFactory(host=host, practice_educator=over.user)
    full = EducatorProfileFactory(organisation=host, max_students=1)
    PlacementFactory(host=host, practice_educator=full.user)
    free = EducatorProfileFactory(organisation=host, max_students=2)
    PlacementFactory(host=host, practice_educator=free.user, status=S.PASSED)  # not current
    client.force_login(coordinator)

    response = client.get(EDUCATORS)

    rows = response.content.decode().split('<tr class="govuk-table__row">')[2:]

    def row_of(profile) -> str:
        row = next(r for r in rows if profile.user.email in r)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))

    assert re.search(r"Stage 2 .* 3 2 Over capacity", row_of(over))
    assert re.search(r" 1 1 Full", row_of(full))
    assert re.search(r" 0 2 Has room", row_of(free))
    page = text(client.get(EDUCATORS, {"room": "full"}))
    assert over.user.email in page and full.user.email in page
    assert free.user.email not in page
    page = text(client.get(EDUCATORS, {"room": "room"}))
    assert free.user.email in page and over.user.email not in page


def test_the_count_is_the_one_the_people_page_shows(client, council):
    host, coordinator = council
    profile = EducatorProfileFactory(organisation=host, max_students=1)
    PlacementFactory(host=host, practice_educator=profile.user)
    PlacementFactory(host=host, practice_educator=profile.user, status=S.DRAFT)
    client.force_login(coordinator)
    people = client.get(reverse("placements:people") + "?role=practice_educator")
    assert "1 / 1" in people.content.decode()
    cells = re.findall(r'numeric">(\d+)</td>', client.get(EDUCATORS).content.decode())
    assert cells == ["1", "1"]


# --- Settings and open places -----------------------------------------------------------


def test_open_places_count_live_overlapping_placements_in_the_team(client, council):
    host, coordinator = council
    starts, ends = date(2026, 9, 1), date(2027, 6, 30)
    offer = PlacementOfferFactory(
        host=host, team="Duty and Assessment", starts_on=starts, ends_on=ends, places=3
    )
    inside = {"host": host, "starts_on": date(2026, 10, 1), "ends_on": date(2027, 2, 1)}
    PlacementFactory(team="Duty and Assessment", **inside)
    PlacementFactory(team="duty and assessment", status=S.PROPOSED, **inside)  # any capitals
    PlacementFactory(team="Duty and Assessment", status=S.DRAFT, **inside)  # not yet live
    PlacementFactory(team="Duty and Assessment", status=S.PASSED, **inside)  # finished
    PlacementFactory(team="Fostering", **inside)  # another team
    PlacementFactory(
        team="Duty and Assessment",
        host=host,
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 12, 1),
    )  # after the offer
    client.force_login(coordinator)

    response = client.get(SETTINGS)

    cells = re.findall(r'numeric">(.*?)</td>', response.content.decode())
    assert cells == ["3", "2", "1"]
    assert reverse("placements:placement_offer_edit", args=[offer.pk]) in (
        response.content.decode()
    )


def test_a_team_with_more_students_than_places_is_flagged(client, council):
    host, coordinator = council
    offer = PlacementOfferFactory(host=host, team="Early help team", places=1)
    PlacementFactory(host=host, team="Early help team", starts_on=offer.starts_on)
    PlacementFactory(host=host, team="Early help team", starts_on=offer.starts_on)
    client.force_login(coordinator)
    assert "Over by 1" in text(client.get(SETTINGS))


def test_offers_of_other_organisations_are_not_shown(client, council):
    _, coordinator = council
    other = PlacementOfferFactory(team="Somebody else's team")
    client.force_login(coordinator)
    assert "Somebody else" not in text(client.get(SETTINGS))
    edit = reverse("placements:placement_offer_edit", args=[other.pk])
    assert client.get(edit).status_code == 404
    withdraw = reverse("placements:placement_offer_withdraw", args=[other.pk])
    assert client.post(withdraw).status_code == 404
    assert PlacementOffer.objects.filter(pk=other.pk).exists()


def offer_data(host, **overrides):
    data = {
        "host": host.pk,
        "team": "  Children in care  ",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "places": "2",
        "note": "Statutory tasks; a car is needed.",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_an_offer(client, council):
    host, coordinator = council
    client.force_login(coordinator)
    assert client.get(NEW_OFFER).status_code == 200
    response = client.post(NEW_OFFER, offer_data(host))
    assert response.status_code == 302
    offer = PlacementOffer.objects.get()
    assert (offer.team, offer.places, offer.created_by) == ("Children in care", 2, coordinator)
    assert offer.history.latest().history_user == coordinator
    page = text(client.get(SETTINGS))
    assert "Children in care" in page and "1 Sep 2026 to 30 Jun 2027" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": "2026-08-01"}, "ends_on", "The end date must be after the start date."),
        ({"places": "0"}, "places", "Enter a number of places from 1 to 30."),
        ({"places": "31"}, "places", "Enter a number of places from 1 to 30."),
        ({"places": "two"}, "places", "Enter the number of places as a whole number, like 2."),
        ({"team": "   "}, "team", "Enter the team"),
        ({"starts_on": "2026-02-30"}, "starts_on", "Available from must be a real date"),
    ],
)
def test_bad_offers_are_refused_naming_the_field(client, council, overrides, field, message):
    host, coordinator = council
    client.force_login(coordinator)
    response = client.post(NEW_OFFER, offer_data(host, **overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not PlacementOffer.objects.exists()


def test_an_overlapping_offer_for_the_same_team_is_refused(client, council):
    host, coordinator = council
    PlacementOfferFactory(
        host=host, team="Children in Care", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 1)
    )
    client.force_login(coordinator)
    response = client.post(NEW_OFFER, offer_data(host))
    assert "already offers places in Children in Care from 1 January 2026" in text(response)
    assert PlacementOffer.objects.count() == 1


def test_fewer_places_than_students_already_placed_is_refused(council):
    host, coordinator = council
    offer = PlacementOfferFactory(host=host, team="Early help team", places=2)
    PlacementFactory(host=host, team="Early help team", starts_on=offer.starts_on)
    PlacementFactory(host=host, team="Early help team", starts_on=offer.starts_on)
    with pytest.raises(ValidationError) as refused:
        placement_offer_update(offer=offer, by=coordinator, places=1)
    assert "2 students are already placed in Early help team" in str(refused.value)
    offer.refresh_from_db()
    assert offer.places == 2


def test_an_offer_for_an_organisation_not_coordinated_is_refused(client, council):
    _, coordinator = council
    stranger = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        placement_offer_create(
            by=coordinator,
            host=stranger,
            team="Any",
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 1, 1),
            places=1,
        )
    client.force_login(coordinator)
    response = client.post(NEW_OFFER, offer_data(stranger))
    assert "Select one of the options for host organisation" in text(response)
    assert not PlacementOffer.objects.exists()


def test_a_university_cannot_offer_places(council):
    university = OrganisationFactory(kind=Organisation.Kind.UNIVERSITY)
    coordinator = user_with_role(Role.COORDINATOR, university)
    with pytest.raises(ValidationError) as refused:
        placement_offer_create(
            by=coordinator,
            host=university,
            team="Any",
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 1, 1),
            places=1,
        )
    assert "Universities do not host placements" in str(refused.value)


def test_changing_and_withdrawing_an_offer(client, council):
    host, coordinator = council
    offer = PlacementOfferFactory(host=host, team="Fostering", places=2)
    client.force_login(coordinator)
    edit = reverse("placements:placement_offer_edit", args=[offer.pk])
    response = client.post(
        edit,
        offer_data(
            host,
            team="Fostering",
            places="4",
            starts_on=offer.starts_on.isoformat(),
            ends_on=offer.ends_on.isoformat(),
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.places == 4

    withdraw = reverse("placements:placement_offer_withdraw", args=[offer.pk])
    assert "Withdraw the places offered" in text(client.get(withdraw))
    assert PlacementOffer.objects.exists()  # GET only asks
    client.post(withdraw)
    assert not PlacementOffer.objects.exists()
    assert offer.history.model.objects.filter(id=offer.pk, history_type="-").get().history_user == (
        coordinator
    )


def test_the_settings_date_filter(client, council):
    host, coordinator = council
    PlacementOfferFactory(
        host=host, team="Autumn team", starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 1)
    )
    PlacementOfferFactory(
        host=host, team="Spring team", starts_on=date(2027, 1, 1), ends_on=date(2027, 4, 1)
    )
    client.force_login(coordinator)
    page = text(client.get(SETTINGS, {"starts_on": "2027-01-01"}))
    assert "Spring team" in page and "Autumn team" not in page


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_allocation_pages_make_a_flat_number_of_queries(
    client, council, django_assert_max_num_queries, rows
):
    host, coordinator = council
    course = CourseFactory()
    for n in range(rows):
        unallocated(host, course=course, team=f"Team {n}")
        educator = EducatorProfileFactory(organisation=host, max_students=1 + n % 3)
        PlacementFactory(host=host, course=course, practice_educator=educator.user)
        PlacementOfferFactory(
            host=host,
            team=f"Team {n}",
            starts_on=date(2020, 1, 1) + timedelta(days=n),
            ends_on=date(2030, 1, 1),
        )
    client.force_login(coordinator)
    for url in (ALLOCATION, EDUCATORS, SETTINGS):
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200


def test_teams_with_students_but_no_offer_are_listed(client, council):
    host, coordinator = council
    offer = PlacementOfferFactory(host=host, team="Covered team")
    PlacementFactory(host=host, team="covered TEAM", starts_on=offer.starts_on)
    PlacementFactory(host=host, team="Uncounted team")
    PlacementFactory(host=host, team="Uncounted team")
    PlacementFactory(host=host, team="Finished team", status=S.PASSED)
    PlacementFactory(team="Another council's team")
    client.force_login(coordinator)

    page = text(client.get(SETTINGS))

    assert "Westmoor Council, Uncounted team: 2 live placements" in page
    section = page[page.index("Teams with students but no places recorded") :]
    assert "Covered team" not in section and "covered TEAM" not in section
    assert "Finished team" not in section and "Another council" not in section
