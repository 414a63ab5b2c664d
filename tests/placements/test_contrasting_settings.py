"""Contrasting settings (issue 16, requirement 1).

A student's second placement must be in a contrasting setting (a different kind of
setting or service user group), and one of the two must offer statutory tasks;
otherwise proposing it is refused with the reason, unless a co-ordinator records a
reason to go ahead, which the tutor sees on the placement and in the export.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from placements.models import Placement, PlacementOffer, ServiceUserGroup, SettingKind
from placements.services.contrast import placement_contrast_override
from placements.services.lifecycle import placement_create, placement_transition
from portal.models import Notification
from tests.placements.factories import PlacementFactory, PlacementOfferFactory
from tests.placements.support import detail_url, error_summary, make_cast, text
from tests.placements.test_export import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

S = Placement.Status
K = SettingKind
G = ServiceUserGroup
EXPORT_CSV = "/portal/placements/export.csv"
EXPORT_XLSX = "/portal/placements/export.xlsx"
CONTRAST = "The two placements must be in contrasting settings"
STATUTORY = "At least one of the student's placements must offer statutory tasks"
REASON = "The student's first placement was a hospital social work team working with adults."


def propose_url(placement) -> str:
    return f"/portal/placements/{placement.pk}/propose/"


def override_url(placement) -> str:
    return f"/portal/placements/{placement.pk}/contrast-override/"


def with_second(first_status=S.PASSED, first=None, **second):
    """A cast whose placement (the first) is `first_status`, and the student's draft
    final placement after it, with the setting fields in `second`."""
    cast = make_cast(status=first_status, **(first or {}))
    placement = cast.placement
    starts_on = placement.ends_on + timedelta(days=30)
    cast.second = PlacementFactory(
        student=cast.student,
        course=cast.course,
        host=cast.host,
        tutor=cast.tutor,
        practice_educator=None,
        onsite_supervisor=None,
        team="Children in care team",
        level=Placement.Level.FINAL,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=200),
        status=S.DRAFT,
        **second,
    )
    return cast


def reread(placement) -> Placement:
    return Placement.objects.get(pk=placement.pk)


# --- The rule when the second placement is proposed ------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        # A different kind of setting, with statutory tasks.
        {"setting_kind": K.STATUTORY_CHILDREN, "statutory_tasks": True},
        # The same kind, a different service user group; the first offers statutory tasks.
        {"service_user_group": G.YOUNG_PEOPLE},
    ],
)
def test_a_contrasting_second_placement_is_proposed(client, second):
    first = {"statutory_tasks": not second.get("statutory_tasks", False)}
    cast = with_second(first=first, **second)
    client.force_login(cast.host_coordinator)

    response = client.post(propose_url(cast.second))

    assert response.status_code == 302
    assert reread(cast.second).status == S.PROPOSED


def test_a_second_placement_in_the_same_setting_is_refused_with_the_reason(client):
    cast = with_second(statutory_tasks=True)  # both early help with children and families
    before = cast.second.history.count()
    client.force_login(cast.host_coordinator)

    response = client.post(propose_url(cast.second))

    assert response.status_code == 200
    [contrast, hint] = error_summary(response)
    assert contrast.startswith(CONTRAST)
    assert "Social Work England" in contrast
    assert (
        "Neither differs: this placement and the first placement at Eastbrook Children's "
        "Services, Early help team" in contrast
    )
    assert "are both early help settings working with children and families." in contrast
    assert "record" in hint and "reason" in hint
    second = reread(cast.second)
    assert second.status == S.DRAFT
    assert second.history.count() == before
    assert not Notification.objects.exists()


def test_a_second_placement_when_neither_offers_statutory_tasks_is_refused(client):
    cast = with_second(setting_kind=K.ADULT_SERVICES, service_user_group=G.ADULTS)
    client.force_login(cast.host_coordinator)

    response = client.post(propose_url(cast.second))

    assert response.status_code == 200
    problems = error_summary(response)
    assert len(problems) == 2
    assert problems[0].startswith(STATUTORY)
    assert "Neither this placement nor the first placement at Eastbrook" in problems[0]
    assert not any(problem.startswith(CONTRAST) for problem in problems)
    assert reread(cast.second).status == S.DRAFT


def test_both_rules_broken_are_listed_together():
    cast = with_second()
    with pytest.raises(ValidationError) as refused:
        placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)
    messages = refused.value.messages
    assert [m[:30] for m in messages[:2]] == [CONTRAST[:30], STATUTORY[:30]]


def test_a_first_placement_proposed_on_its_own_is_not_weighed():
    cast = make_cast(status=S.DRAFT)  # no statutory tasks, and no other placement
    placement_transition(placement=cast.placement, name="propose", by=cast.host_coordinator)
    assert reread(cast.placement).status == S.PROPOSED


@pytest.mark.parametrize("first_status", [S.PROPOSED, S.CONFIRMED, S.ACTIVE, S.PASSED])
def test_a_first_placement_under_way_or_passed_is_weighed(first_status):
    cast = with_second(first_status=first_status, statutory_tasks=True)
    with pytest.raises(ValidationError, match=CONTRAST):
        placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)


@pytest.mark.parametrize("gone", [S.ENDED_EARLY, S.FAILED, S.DRAFT])
def test_a_placement_ended_early_failed_or_draft_is_not_weighed(gone):
    """A first placement that ended early (or failed) was replaced: the replacement is
    weighed, not the first; a draft is weighed once it is proposed."""
    cast = with_second(
        first_status=gone,
        first={"statutory_tasks": True},
        setting_kind=K.EARLY_HELP,
    )
    # The replacement first placement, in a contrasting setting without statutory tasks.
    replacement = PlacementFactory(
        student=cast.student,
        course=cast.course,
        host=cast.host,
        team="Family support",
        setting_kind=K.VOLUNTARY,
        statutory_tasks=False,
        starts_on=cast.placement.starts_on + timedelta(days=1),
        ends_on=cast.placement.ends_on,
        status=S.ACTIVE,
    )
    # Weighed against the replacement only: contrasting, but neither offers statutory
    # tasks (the first, which did, no longer counts).
    with pytest.raises(ValidationError) as refused:
        placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)
    assert refused.value.messages[0].startswith(STATUTORY)
    assert "Family support" in refused.value.messages[0]
    assert "Early help team" not in refused.value.messages[0]

    replacement.statutory_tasks = True
    replacement.save()
    placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)
    assert reread(cast.second).status == S.PROPOSED


def test_a_placement_without_its_kind_of_setting_cannot_be_proposed(client):
    cast = make_cast(status=S.DRAFT, setting_kind="", service_user_group="")
    client.force_login(cast.host_coordinator)

    response = client.post(propose_url(cast.placement))

    assert error_summary(response) == [
        "Record the kind of setting and the service user group before the placement is proposed."
    ]
    assert reread(cast.placement).status == S.DRAFT


def test_an_other_placement_without_its_kind_of_setting_is_named():
    cast = with_second(first={"setting_kind": ""}, setting_kind=K.HEALTH, statutory_tasks=True)
    with pytest.raises(ValidationError) as refused:
        placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)
    assert "has no kind of setting or service user group recorded" in refused.value.messages[0]


def test_the_propose_page_says_what_is_checked(client):
    cast = with_second(setting_kind=K.HEALTH, statutory_tasks=True)
    client.force_login(cast.host_coordinator)
    page = text(client.get(propose_url(cast.second)))
    assert "the two are in contrasting settings" in page
    assert "at least one of them offers statutory tasks" in page


# --- Changing a proposed placement's setting ---------------------------------------------


def edit_data(placement, **overrides) -> dict:
    data = {
        "host": placement.host_id,
        "team": placement.team,
        "level": placement.level,
        "starts_on": placement.starts_on.isoformat(),
        "ends_on": placement.ends_on.isoformat(),
        "required_days": placement.required_days,
        "practice_educator": "",
        "onsite_supervisor": "",
        "tutor": placement.tutor_id,
        "setting_kind": placement.setting_kind,
        "service_user_group": placement.service_user_group,
        "statutory_tasks": str(placement.statutory_tasks),
    }
    data.update(overrides)
    return data


def test_a_proposed_placement_cannot_be_changed_to_break_the_rule(client):
    cast = with_second(setting_kind=K.STATUTORY_CHILDREN, statutory_tasks=True)
    placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)
    second = reread(cast.second)
    before = second.history.count()
    client.force_login(cast.host_coordinator)
    url = f"/portal/placements/{second.pk}/edit/"

    response = client.post(url, edit_data(second, setting_kind=K.EARLY_HELP))

    assert response.status_code == 200
    assert error_summary(response)[0].startswith(CONTRAST)
    unchanged = reread(second)
    assert unchanged.setting_kind == K.STATUTORY_CHILDREN
    assert unchanged.history.count() == before

    response = client.post(url, edit_data(second, setting_kind=K.HEALTH))
    assert response.status_code == 302
    assert reread(second).setting_kind == K.HEALTH


def test_a_draft_may_be_changed_freely_until_it_is_proposed(client):
    cast = with_second(setting_kind=K.HEALTH, statutory_tasks=True)
    client.force_login(cast.host_coordinator)
    response = client.post(
        f"/portal/placements/{cast.second.pk}/edit/",
        edit_data(cast.second, setting_kind=K.EARLY_HELP, statutory_tasks="False"),
    )
    assert response.status_code == 302
    assert reread(cast.second).setting_kind == K.EARLY_HELP


def test_bad_setting_values_are_refused_naming_the_field(client):
    cast = make_cast(status=S.DRAFT)
    client.force_login(cast.host_coordinator)
    response = client.post(
        f"/portal/placements/{cast.placement.pk}/edit/",
        edit_data(cast.placement, setting_kind="castle", statutory_tasks="maybe"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_setting_kind-error"' in page
    assert 'id="id_statutory_tasks-error"' in page
    assert reread(cast.placement).setting_kind == K.EARLY_HELP


# --- The co-ordinator's override ---------------------------------------------------------


@pytest.mark.parametrize("who", ["host_coordinator", "university_coordinator", "admin"])
def test_a_coordinator_records_a_reason_and_the_placement_goes_ahead(client, who):
    cast = with_second()
    coordinator = cast.person(who)
    client.force_login(coordinator)
    page = text(client.get(override_url(cast.second)))
    assert CONTRAST in page and STATUTORY in page

    response = client.post(override_url(cast.second), {"reason": f"  {REASON}  "})

    assert response.status_code == 302
    second = reread(cast.second)
    assert second.contrast_override_reason == REASON
    assert second.contrast_overridden_by == coordinator
    assert second.contrast_overridden_at is not None
    latest = second.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        coordinator,
        "contrast_override",
    )
    assert Notification.objects.filter(user=cast.tutor).count() == 1

    placement_transition(placement=second, name="propose", by=coordinator)
    assert reread(second).status == S.PROPOSED


@pytest.mark.parametrize("who", ["student", "educator", "tutor", "supervisor"])
def test_only_a_coordinator_may_override(client, who):
    cast = with_second()
    cast.second.practice_educator = cast.educator
    cast.second.onsite_supervisor = cast.supervisor
    cast.second.save()
    before = cast.second.history.count()
    person = cast.person(who)
    client.force_login(person)

    assert client.get(override_url(cast.second)).status_code == 403
    assert client.post(override_url(cast.second), {"reason": REASON}).status_code == 403
    with pytest.raises(PermissionDenied):
        placement_contrast_override(placement=cast.second, by=person, reason=REASON)
    second = reread(cast.second)
    assert second.contrast_override_reason == ""
    assert second.history.count() == before
    assert "record a reason to go ahead" not in text(client.get(detail_url(second)))


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_an_override_needs_a_reason(client, reason):
    cast = with_second()
    client.force_login(cast.host_coordinator)

    response = client.post(override_url(cast.second), {"reason": reason})

    assert response.status_code == 200
    assert 'id="id_reason-error"' in response.content.decode()
    second = reread(cast.second)
    assert second.contrast_override_reason == ""
    assert second.contrast_overridden_by is None
    assert second.history.count() == 1
    assert not Notification.objects.exists()


def test_a_placement_that_keeps_the_rule_has_nothing_to_override(client):
    cast = with_second(setting_kind=K.HEALTH, statutory_tasks=True)
    client.force_login(cast.host_coordinator)
    response = client.post(override_url(cast.second), {"reason": REASON})
    assert "there is nothing to override" in " ".join(error_summary(response))
    assert reread(cast.second).contrast_override_reason == ""


def test_a_confirmed_placement_is_past_the_override():
    cast = with_second()
    Placement.objects.filter(pk=cast.second.pk).update(status=S.CONFIRMED)
    with pytest.raises(ValidationError, match="only draft and proposed ones"):
        placement_contrast_override(placement=cast.second, by=cast.host_coordinator, reason=REASON)
    assert reread(cast.second).contrast_override_reason == ""


def test_an_override_is_recorded_once():
    cast = with_second()
    placement_contrast_override(placement=cast.second, by=cast.host_coordinator, reason=REASON)
    with pytest.raises(ValidationError, match="already recorded"):
        placement_contrast_override(
            placement=cast.second, by=cast.university_coordinator, reason="Another reason"
        )
    assert reread(cast.second).contrast_override_reason == REASON


def test_the_placement_page_offers_the_override_to_its_coordinator_only(client):
    cast = with_second()
    client.force_login(cast.host_coordinator)
    page = text(client.get(detail_url(cast.second)))
    assert "does not meet the rule on contrasting settings" in page
    assert "record a reason to go ahead anyway" in page
    client.force_login(cast.tutor)
    assert "record a reason to go ahead" not in text(client.get(detail_url(cast.second)))


# --- What the tutor sees -----------------------------------------------------------------


def test_the_tutor_sees_the_setting_and_the_override_on_the_placement(client):
    cast = with_second()
    placement_contrast_override(placement=cast.second, by=cast.host_coordinator, reason=REASON)
    client.force_login(cast.tutor)

    page = text(client.get(detail_url(cast.second)))

    assert "Kind of setting Early help" in page
    assert "Service user group Children and families" in page
    assert "Statutory tasks Not available" in page
    assert f"Contrasting settings rule overridden {REASON}" in page
    assert "Recorded by Chris Coordinator" in page
    assert "Allowed to go ahead despite the contrasting-settings rule" in page  # timeline


def test_the_override_reason_is_a_column_of_the_export(client, exporter):
    cast = with_second(setting_kind=K.STATUTORY_CHILDREN, service_user_group=G.YOUNG_PEOPLE)
    placement_contrast_override(
        placement=cast.second, by=cast.host_coordinator, reason=f"=cmd {REASON}"
    )
    placement_transition(placement=cast.second, name="propose", by=cast.host_coordinator)
    client.force_login(cast.tutor)

    for rows in (
        csv_rows(exporter.get(EXPORT_CSV, {"status": "proposed"})),
        xlsx_rows(exporter.get(EXPORT_XLSX, {"status": "proposed"})),
    ):
        [header, row] = rows
        values = dict(zip(header, row, strict=True))
        assert values["Kind of setting"] == "Statutory children's services"
        assert values["Service user group"] == "Young people"
        assert values["Statutory tasks"] == "No"
        # A reason starting like a formula is written as text (CSV injection).
        assert values["Contrasting settings rule overridden because"] == f"'=cmd {REASON}"


# --- Where the setting comes from ------------------------------------------------------------


def test_a_placement_set_up_in_a_team_takes_the_offers_setting_unless_told_otherwise():
    cast = make_cast(status=S.DRAFT)
    PlacementOfferFactory(
        host=cast.host,
        team="Children in Care",
        setting_kind=K.STATUTORY_CHILDREN,
        service_user_group=G.CHILDREN_AND_FAMILIES,
        statutory_tasks=True,
    )
    common = {
        "by": cast.host_coordinator,
        "student": cast.student,
        "course": cast.course,
        "host": cast.host,
        "team": "children in care",
        "level": Placement.Level.FINAL,
        "starts_on": cast.placement.ends_on + timedelta(days=10),
        "ends_on": cast.placement.ends_on + timedelta(days=100),
    }
    copied = placement_create(**common)
    assert (copied.setting_kind, copied.service_user_group, copied.statutory_tasks) == (
        K.STATUTORY_CHILDREN,
        G.CHILDREN_AND_FAMILIES,
        True,
    )
    told = placement_create(**common, service_user_group=G.YOUNG_PEOPLE, statutory_tasks=False)
    assert (told.setting_kind, told.service_user_group, told.statutory_tasks) == (
        K.STATUTORY_CHILDREN,
        G.YOUNG_PEOPLE,
        False,
    )


def test_the_set_up_form_leaves_the_setting_to_the_offer(client):
    cast = make_cast(status=S.DRAFT)
    offer = PlacementOfferFactory(
        host=cast.host, team="Children in Care", setting_kind=K.HEALTH, statutory_tasks=True
    )
    client.force_login(cast.host_coordinator)
    from portal.accounts.roles import Role
    from portal.accounts.services import membership_grant

    membership_grant(user=cast.student, organisation=cast.host, role=Role.STUDENT)
    response = client.post(
        "/portal/placements/new/",
        {
            "student": cast.student.student_profile.pk,
            "place": offer.pk,
            "level": "final",
            "starts_on": (cast.placement.ends_on + timedelta(days=10)).isoformat(),
            "ends_on": (cast.placement.ends_on + timedelta(days=100)).isoformat(),
            "setting_kind": "",
            "service_user_group": "children_families",
            "statutory_tasks": "",
        },
    )
    assert response.status_code == 302
    created = Placement.objects.exclude(pk=cast.placement.pk).get()
    assert (created.setting_kind, created.service_user_group, created.statutory_tasks) == (
        K.HEALTH,
        G.CHILDREN_AND_FAMILIES,
        True,
    )


def test_an_offer_records_its_setting_and_the_settings_page_shows_it(client):
    cast = make_cast(status=S.DRAFT)
    client.force_login(cast.host_coordinator)
    response = client.post(
        "/portal/placements/allocation/settings/new/",
        {
            "host": cast.host.pk,
            "team": "Adult mental health",
            "starts_on": "2026-09-01",
            "ends_on": "2027-06-30",
            "places": "2",
            "setting_kind": "health",
            "service_user_group": "mental_health",
            "statutory_tasks": "on",
        },
    )
    assert response.status_code == 302
    offer = PlacementOffer.objects.get()
    assert (offer.setting_kind, offer.service_user_group, offer.statutory_tasks) == (
        K.HEALTH,
        G.MENTAL_HEALTH,
        True,
    )
    page = text(client.get("/portal/placements/allocation/settings/"))
    assert "Health, people with mental health needs Statutory tasks" in page


def test_an_offer_with_a_made_up_kind_is_refused(client):
    cast = make_cast(status=S.DRAFT)
    client.force_login(cast.host_coordinator)
    response = client.post(
        "/portal/placements/allocation/settings/new/",
        {
            "host": cast.host.pk,
            "team": "Adult mental health",
            "starts_on": "2026-09-01",
            "ends_on": "2027-06-30",
            "places": "2",
            "setting_kind": "castle",
        },
    )
    assert response.status_code == 200
    assert 'id="id_setting_kind-error"' in response.content.decode()
    assert not PlacementOffer.objects.exists()
