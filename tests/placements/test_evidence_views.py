"""Capability evidence pages: who reaches what, writing through the pages, the
comment and rating forms, filters, the coverage matrix and query counts."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework import selectors as casework_selectors
from placements.models import Capability, DomainRating, EvidenceItem, Placement
from placements.services.evidence import evidence_comment
from portal.accounts.roles import Role
from portal.models import Notification
from tests.dashboard_bounds import HEADER_QUERIES
from tests.factories import user_with_role
from tests.placements.factories import EvidenceItemFactory, PlacementFactory

pytestmark = pytest.mark.django_db

S = Placement.Status


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def capability(code: str, number: int) -> Capability:
    return Capability.objects.get(
        version__framework__code=code, version__is_current=True, number=number
    )


def pcf(number: int) -> Capability:
    return capability("pcf", number)


def kss(number: int) -> Capability:
    return capability("kss-child-family", number)


@pytest.fixture
def cast():
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    placement = PlacementFactory(onsite_supervisor=supervisor, status=S.ACTIVE)
    other = PlacementFactory(status=S.ACTIVE)
    admin = user_with_role(Role.ADMIN)
    return placement, {
        "student": placement.student,
        "practice_educator": placement.practice_educator,
        "onsite_supervisor": supervisor,
        "tutor": placement.tutor,
        "coordinator": user_with_role(Role.COORDINATOR, placement.host),
        "admin": admin,
        "other_student": other.student,
        "other_educator": other.practice_educator,
        "school_contact": user_with_role(Role.SCHOOL_CONTACT),
        "editor": user_with_role(Role.EDITOR),
    }


def urls(placement, item) -> dict[str, str]:
    pk = placement.pk
    return {
        "list": reverse("placements:evidence_list", args=[pk]),
        "coverage": reverse("placements:evidence_coverage", args=[pk]),
        "detail": reverse("placements:evidence_detail", args=[pk, item.pk]),
        "create": reverse("placements:evidence_create", args=[pk]),
        "update": reverse("placements:evidence_update", args=[pk, item.pk]),
        "delete": reverse("placements:evidence_delete", args=[pk, item.pk]),
        "reopen": reverse("placements:evidence_reopen", args=[pk, item.pk]),
    }


READ = {"list": 200, "coverage": 200, "detail": 200}
NOT_THE_STUDENT = {"create": 403, "update": 403, "delete": 403}
NOT_THE_EDUCATOR = {"reopen": 403}
OUTSIDE = dict.fromkeys(("list", "coverage", "detail", "create", "update", "delete", "reopen"), 404)
EXPECTED = {
    "student": {**READ, "create": 200, "update": 200, "delete": 200, **NOT_THE_EDUCATOR},
    "practice_educator": {**READ, **NOT_THE_STUDENT, "reopen": 200},
    "onsite_supervisor": {**READ, **NOT_THE_STUDENT, **NOT_THE_EDUCATOR},
    "tutor": {**READ, **NOT_THE_STUDENT, **NOT_THE_EDUCATOR},
    "coordinator": {**READ, **NOT_THE_STUDENT, **NOT_THE_EDUCATOR},
    "admin": {**READ, **NOT_THE_STUDENT, **NOT_THE_EDUCATOR},
    "other_student": OUTSIDE,
    "other_educator": OUTSIDE,
    "school_contact": OUTSIDE,
    "editor": OUTSIDE,
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_reaches_each_page(client, cast, who):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    client.force_login(people[who])
    pages = urls(placement, item)
    got = {name: client.get(url).status_code for name, url in pages.items()}
    assert got == EXPECTED[who]


@pytest.mark.parametrize("who", ["onsite_supervisor", "tutor", "coordinator", "student"])
def test_only_the_educator_posts_a_comment_or_ratings(client, cast, who):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    client.force_login(people[who])
    pages = urls(placement, item)
    assert client.post(pages["detail"], {"comment": "Well done"}).status_code == 403
    assert client.post(pages["coverage"], {f"rating_{pcf(1).pk}": "meets"}).status_code == 403
    assert client.post(pages["reopen"]).status_code == 403
    assert EvidenceItem.objects.get(pk=item.pk).commented_at is None
    assert not DomainRating.objects.exists()


@pytest.mark.parametrize("who", ["practice_educator", "tutor", "admin"])
def test_only_the_student_posts_evidence(client, cast, who):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    client.force_login(people[who])
    pages = urls(placement, item)
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "reading",
        "title": "Not mine",
        "reflection": "Not mine",
        "capabilities": [pcf(5).pk],
    }
    assert client.post(pages["create"], data).status_code == 403
    assert client.post(pages["update"], data).status_code == 403
    assert client.post(pages["delete"]).status_code == 403
    assert EvidenceItem.objects.get().title == item.title


def test_outsiders_posting_get_404_and_nothing_changes(client, cast):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    pages = urls(placement, item)
    client.force_login(people["other_student"])
    assert client.post(pages["delete"]).status_code == 404
    client.force_login(people["other_educator"])
    assert client.post(pages["detail"], {"comment": "Hello"}).status_code == 404
    assert EvidenceItem.objects.get(pk=item.pk).commented_at is None


def test_an_item_of_another_placement_is_404(client, cast):
    placement, people = cast
    elsewhere = EvidenceItemFactory()
    client.force_login(people["student"])
    url = reverse("placements:evidence_detail", args=[placement.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


# --- writing through the pages ------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "kind": "direct_work",
        "title": "Play session at the family centre",
        "reflection": "I used sand-tray work and reflected on pacing with my practice educator.",
        "capabilities": [pcf(7).pk, kss(1).pk],
    }
    data.update(changes)
    return data


def test_adding_evidence_through_the_page(client, cast):
    placement, people = cast
    client.force_login(people["student"])
    url = reverse("placements:evidence_create", args=[placement.pk])
    page = text(client.get(url))
    assert "Professional Capabilities Framework" in page
    assert "PCF 1: Professionalism" in page
    assert "KSS 10: Organisational context" in page

    response = client.post(url, form_data(title="", reflection="", capabilities=[]))
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "Enter a title." in page
    assert "Enter your reflection." in page
    assert "Tag at least one PCF domain or KSS statement" in page
    assert not EvidenceItem.objects.exists()

    response = client.post(url, form_data())
    item = EvidenceItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "placements:evidence_detail", args=[placement.pk, item.pk]
    )
    assert Notification.objects.filter(user=people["practice_educator"]).exists()


def test_the_page_refuses_a_childs_name_on_the_reflection_field(client, cast, monkeypatch):
    placement, people = cast
    monkeypatch.setattr(casework_selectors, "names_on_work", lambda **people: {"Ann", "Kowalczyk"})
    client.force_login(people["student"])
    url = reverse("placements:evidence_create", args=[placement.pk])
    response = client.post(url, form_data(reflection="Ann showed me her drawing."))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_reflection-error"' in body
    assert "Remove the name from the reflection" in body
    assert 'id="id_title-error"' not in body
    assert not EvidenceItem.objects.exists()
    # The annual review is not a child called Ann.
    response = client.post(url, form_data(title="Annual review", reflection="The annual plan."))
    assert response.status_code == 302
    assert EvidenceItem.objects.count() == 1


def test_changing_evidence_through_the_page(client, cast):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    client.force_login(people["student"])
    url = reverse("placements:evidence_update", args=[placement.pk, item.pk])
    page = client.get(url).content.decode()
    assert item.title in page
    response = client.post(url, form_data(title="Renamed", capabilities=[pcf(2).pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Renamed"
    assert [c.number for c in item.capabilities.all()] == [2]


def test_commented_evidence_cannot_be_changed_through_the_page(client, cast):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    evidence_comment(item=item, by=people["practice_educator"], comment="Seen.")
    client.force_login(people["student"])
    pages = urls(placement, item)
    response = client.get(pages["update"], follow=True)
    assert "Ask them to reopen it" in text(response)
    response = client.post(pages["update"], form_data(title="Changed"))
    assert response.status_code == 302
    assert EvidenceItem.objects.get().title == item.title
    page = text(client.get(pages["detail"]))
    assert "can no longer be changed" in page
    assert pages["update"] not in client.get(pages["detail"]).content.decode()
    response = client.post(pages["delete"], follow=True)
    assert "cannot be deleted" in text(response)
    assert EvidenceItem.objects.exists()


def test_deleting_asks_for_confirmation_first(client, cast):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    client.force_login(people["student"])
    url = reverse("placements:evidence_delete", args=[placement.pk, item.pk])
    page = text(client.get(url))
    assert "Delete this evidence?" in page
    assert "You cannot undo this." in page
    assert EvidenceItem.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:evidence_list", args=[placement.pk])
    assert not EvidenceItem.objects.exists()


def test_a_closed_placement_sends_the_student_back_with_a_message(client, cast):
    placement, people = cast
    Placement.objects.filter(pk=placement.pk).update(status=S.FINAL_REPORT_SUBMITTED)
    client.force_login(people["student"])
    url = reverse("placements:evidence_create", args=[placement.pk])
    response = client.get(url, follow=True)
    assert "Evidence cannot be written while the placement is final report submitted." in text(
        response
    )
    client.post(url, form_data())
    assert not EvidenceItem.objects.exists()
    listing = client.get(reverse("placements:evidence_list", args=[placement.pk]))
    assert url not in listing.content.decode()


# --- comments, reopening and ratings through the pages ---------------------------------------


def test_the_educator_comments_through_the_detail_page(client, cast):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_detail", args=[placement.pk, item.pk])
    assert "Save comment" in text(client.get(url))
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "Enter your comment." in text(response)
    assert client.post(url, {"comment": "Good use of theory."}).status_code == 302
    item.refresh_from_db()
    assert item.educator_comment == "Good use of theory."
    client.force_login(people["tutor"])
    page = text(client.get(url))
    assert "Good use of theory." in page
    assert "Save comment" not in page


def test_the_educator_reopens_through_a_confirmation_page(client, cast):
    placement, people = cast
    item = EvidenceItemFactory(placement=placement)
    evidence_comment(item=item, by=people["practice_educator"], comment="Add more analysis.")
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_reopen", args=[placement.pk, item.pk])
    assert "Reopen this evidence for the student?" in text(client.get(url))
    assert client.post(url).status_code == 302
    assert EvidenceItem.objects.get().commented_at is None


def test_the_educator_rates_all_domains_on_the_coverage_page(client, cast):
    placement, people = cast
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_coverage", args=[placement.pk])
    page = text(client.get(url))
    assert "Rate each domain" in page
    assert page.count("Comment on") == 9
    assert "Expected by the end of the first placement" in page
    data = {f"rating_{pcf(n).pk}": "progressing" for n in range(1, 10)}
    data[f"rating_{pcf(2).pk}"] = "nonsense"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not DomainRating.objects.exists()
    data[f"rating_{pcf(2).pk}"] = "meets"
    data[f"comment_{pcf(2).pk}"] = "Explains dilemmas well."
    response = client.post(url, data)
    assert response.status_code == 302
    assert DomainRating.objects.filter(placement=placement).count() == 9
    assert DomainRating.objects.get(capability=pcf(2)).comment == "Explains dilemmas well."
    client.force_login(people["student"])
    page = text(client.get(url))
    assert "Meets the level Explains dilemmas well." in page
    assert "Rate each domain" not in page


def test_a_comment_without_a_rating_is_refused(client, cast):
    placement, people = cast
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_coverage", args=[placement.pk])
    response = client.post(url, {f"comment_{pcf(4).pk}": "Good grasp of welfare rights."})
    assert response.status_code == 200
    assert "Choose a rating for Rights, Justice and Economic Wellbeing" in text(response)
    assert not DomainRating.objects.exists()


def test_saving_no_rating_says_so(client, cast):
    placement, people = cast
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_coverage", args=[placement.pk])
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Choose a rating for at least one domain." in text(response)


# --- the list: filters and search ---------------------------------------------------------


def test_filters_and_search(client, cast):
    placement, people = cast
    EvidenceItemFactory(
        placement=placement, title="Home visit", kind="direct_work", capabilities=[pcf(7)]
    )
    EvidenceItemFactory(
        placement=placement,
        title="Attachment reading",
        kind="reading",
        reflection="Bowlby and later critiques",
        capabilities=[pcf(5), kss(3)],
    )
    client.force_login(people["tutor"])
    url = reverse("placements:evidence_list", args=[placement.pk])

    def titles(**params):
        return [item.title for item in client.get(url, params).context["page_obj"]]

    assert sorted(titles()) == ["Attachment reading", "Home visit"]
    assert titles(kind="reading") == ["Attachment reading"]
    assert titles(capability=pcf(7).pk) == ["Home visit"]
    assert titles(capability=kss(3).pk, kind="direct_work") == []
    assert titles(q="bowlby") == ["Attachment reading"]
    evidence_comment(
        item=EvidenceItem.objects.get(title="Home visit"),
        by=people["practice_educator"],
        comment="Seen.",
    )
    assert titles(comment="awaiting") == ["Attachment reading"]
    assert titles(comment="given") == ["Home visit"]
    assert "No evidence matches these filters." in text(client.get(url, {"q": "nothing"}))


def test_an_empty_list_says_so(client, cast):
    placement, people = cast
    client.force_login(people["student"])
    page = text(client.get(reverse("placements:evidence_list", args=[placement.pk])))
    assert "No evidence has been added yet." in page
    assert "Add evidence" in page


def test_the_list_is_paginated(client, cast):
    placement, people = cast
    for _ in range(25):
        EvidenceItemFactory(placement=placement)
    client.force_login(people["student"])
    url = reverse("placements:evidence_list", args=[placement.pk])
    assert len(client.get(url).context["page_obj"]) == 20
    assert len(client.get(url, {"page": 2}).context["page_obj"]) == 5


# --- the coverage matrix -------------------------------------------------------------------


def rows_by_label(response) -> dict[str, dict]:
    return {
        row["capability"].short_label: row
        for group in response.context["groups"]
        for row in group["rows"]
    }


def test_coverage_counts_each_item_per_capability_and_kind(client, cast):
    placement, people = cast
    EvidenceItemFactory(placement=placement, kind="direct_work", capabilities=[pcf(1), kss(1)])
    EvidenceItemFactory(placement=placement, kind="direct_work", capabilities=[pcf(1)])
    EvidenceItemFactory(placement=placement, kind="reading", capabilities=[pcf(1), pcf(5)])
    EvidenceItemFactory(capabilities=[pcf(9)])  # another placement's evidence
    client.force_login(people["tutor"])
    response = client.get(reverse("placements:evidence_coverage", args=[placement.pk]))
    rows = rows_by_label(response)
    assert len(rows) == 19
    assert dict(rows["PCF 1"]["counts"])["direct_work"] == 2
    assert dict(rows["PCF 1"]["counts"])["reading"] == 1
    assert rows["PCF 1"]["total"] == 3
    assert rows["PCF 5"]["total"] == 1
    assert rows["KSS 1"]["total"] == 1
    assert rows["PCF 9"]["total"] == 0
    body = response.content.decode()
    list_url = reverse("placements:evidence_list", args=[placement.pk])
    assert f"{list_url}?capability={pcf(1).pk}&amp;kind=direct_work" in body


def test_coverage_shows_older_versions_only_when_evidence_uses_them(client, cast):
    from datetime import date

    from placements.services.reference import framework_version_publish

    placement, people = cast
    EvidenceItemFactory(placement=placement, capabilities=[pcf(4)])
    framework_version_publish(source=pcf(4).version, label="2026", published_on=date(2026, 9, 1))
    client.force_login(people["student"])
    response = client.get(reverse("placements:evidence_coverage", args=[placement.pk]))
    groups = response.context["groups"]
    assert [(g["version"].label, len(g["rows"])) for g in groups] == [
        ("2026", 9),
        ("2018 refresh", 1),
        ("2014", 10),
    ]
    assert groups[1]["rows"][0]["total"] == 1
    assert "2018 refresh version (no longer current)" in text(response)


# --- the placement page ----------------------------------------------------------------------


def test_the_placement_page_links_to_the_evidence(client, cast):
    placement, people = cast
    EvidenceItemFactory(placement=placement)
    client.force_login(people["tutor"])
    response = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    body = response.content.decode()
    assert reverse("placements:evidence_list", args=[placement.pk]) in body
    assert reverse("placements:evidence_coverage", args=[placement.pk]) in body
    # The progress panel: domain 1 has the evidence, the other eight none yet.
    progress = response.context["progress"]
    assert [domain.evidence for domain in progress.coverage] == [1] + [0] * 8
    assert "8 domains without evidence yet" in text(response)


# --- query counts -----------------------------------------------------------------------------


def _fill(placement, count: int) -> None:
    tags = [pcf(1), pcf(3), kss(2)]
    for n in range(count):
        EvidenceItemFactory(
            placement=placement,
            kind=EvidenceItem.Kind.values[n % 6],
            capabilities=tags[: 1 + n % 3],
        )


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(
    client, cast, rows, django_assert_max_num_queries
):
    placement, people = cast
    _fill(placement, rows)
    evidence_comment(
        item=EvidenceItem.objects.first(), by=people["practice_educator"], comment="Seen"
    )
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_list", args=[placement.pk])
    with django_assert_max_num_queries(10 + HEADER_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(rows, 20)
    filters = {"capability": pcf(1).pk, "q": "session"}
    with django_assert_max_num_queries(10 + HEADER_QUERIES):
        client.get(url, filters)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_coverage_matrix_makes_a_constant_number_of_queries(
    client, cast, rows, django_assert_max_num_queries
):
    placement, people = cast
    _fill(placement, rows)
    client.force_login(people["practice_educator"])
    url = reverse("placements:evidence_coverage", args=[placement.pk])
    with django_assert_max_num_queries(11 + HEADER_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert rows_by_label(response)["PCF 1"]["total"] == rows
