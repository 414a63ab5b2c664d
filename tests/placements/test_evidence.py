"""Capability evidence services: writing, the anonymisation guard, comments,
reopening, domain ratings and framework versions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from placements.casework import selectors as casework_selectors
from placements.models import Capability, DomainRating, EvidenceItem, Framework, Placement
from placements.services import evidence as evidence_services
from placements.services.anonymisation import child_names_in
from placements.services.coverage import domain_rate, domain_ratings_save
from placements.services.evidence import (
    evidence_comment,
    evidence_create,
    evidence_delete,
    evidence_reopen,
    evidence_update,
)
from placements.services.reference import framework_version_publish
from portal.accounts.roles import Role
from portal.models import Notification
from tests.factories import user_with_role
from tests.placements.factories import EvidenceItemFactory, PlacementFactory

pytestmark = pytest.mark.django_db

S = Placement.Status
TODAY = timezone.localdate


def pcf(number: int) -> Capability:
    return Capability.objects.get(
        version__framework__code="pcf", version__is_current=True, number=number
    )


def kss(number: int) -> Capability:
    return Capability.objects.get(
        version__framework__code="kss-child-family", version__is_current=True, number=number
    )


@pytest.fixture
def placement():
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR)
    return PlacementFactory(onsite_supervisor=supervisor, status=S.ACTIVE)


@pytest.fixture
def child_names(monkeypatch):
    """Give the student allocated children, as the casework app will."""

    def allocate(*names: str) -> None:
        monkeypatch.setattr(casework_selectors, "names_on_work", lambda **people: set(names))

    return allocate


def write(placement, **changes) -> EvidenceItem:
    data = {
        "by": placement.student,
        "date": TODAY() - timedelta(days=2),
        "kind": EvidenceItem.Kind.DIRECT_WORK,
        "title": "Life-story session at school",
        "reflection": "I used a timeline with the child and noticed how the carer's presence "
        "changed what was said. Next time I will plan the room layout.",
        "capabilities": [pcf(7), kss(1)],
    }
    data.update(changes)
    return evidence_create(placement=placement, **data)


def change(item, **changes) -> EvidenceItem:
    data = {
        "by": item.placement.student,
        "date": item.date,
        "kind": item.kind,
        "title": item.title,
        "reflection": item.reflection,
        "capabilities": list(item.capabilities.all()),
    }
    data.update(changes)
    return evidence_update(item=item, **data)


def refresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- writing --------------------------------------------------------------------------


def test_the_student_adds_evidence_and_the_educator_is_told(placement):
    item = write(placement)
    assert item.placement == placement
    assert {c.pk for c in item.capabilities.all()} == {pcf(7).pk, kss(1).pk}
    # History keeps the tags too (simple-history records the many-to-many).
    latest = item.history.latest()
    assert {t.capability_id for t in latest.capabilities.all()} == {pcf(7).pk, kss(1).pk}
    note = Notification.objects.get()
    assert note.user == placement.practice_educator
    # The title is typed text, so it is in the body (shown in the portal), never the title.
    assert "Life-story session at school" not in note.title
    assert "added capability evidence" in note.title
    assert "Life-story session at school" in note.body
    assert f"/evidence/{item.pk}/" in note.url


@pytest.mark.parametrize("who", ["practice_educator", "tutor", "onsite_supervisor", "outsider"])
def test_only_the_student_writes_evidence(placement, who):
    person = {
        "practice_educator": placement.practice_educator,
        "tutor": placement.tutor,
        "onsite_supervisor": placement.onsite_supervisor,
        "outsider": user_with_role(Role.STUDENT),
    }[who]
    with pytest.raises(PermissionDenied, match="Only the student"):
        write(placement, by=person)
    assert not EvidenceItem.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (S.PROPOSED, "not started"),
        (S.CONFIRMED, "not started"),
        (S.FINAL_REPORT_SUBMITTED, "final report"),
        (S.PASSED, "passed"),
        (S.FAILED, "failed"),
        (S.ENDED_EARLY, "ended early"),
    ],
)
def test_evidence_is_refused_outside_the_live_part_of_the_placement(placement, status, why):
    Placement.objects.filter(pk=placement.pk).update(status=status)
    with pytest.raises(ValidationError, match=why):
        write(refresh(placement))
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize("status", [S.ACTIVE, S.SUSPENDED, S.MIDPOINT_REVIEWED])
def test_evidence_is_written_while_the_placement_is_under_way(placement, status):
    Placement.objects.filter(pk=placement.pk).update(status=status)
    assert write(refresh(placement)).pk


def test_a_future_date_is_refused(placement):
    with pytest.raises(ValidationError) as refused:
        write(placement, date=TODAY() + timedelta(days=1))
    assert refused.value.message_dict["date"] == ["The date must be today or in the past."]
    assert not EvidenceItem.objects.exists()


def test_a_date_before_the_placement_is_refused(placement):
    with pytest.raises(ValidationError) as refused:
        write(placement, date=placement.starts_on - timedelta(days=1))
    assert "before the placement started" in refused.value.message_dict["date"][0]
    assert not EvidenceItem.objects.exists()


def test_a_date_after_the_placement_is_refused():
    placement = PlacementFactory(
        starts_on=TODAY() - timedelta(days=60), ends_on=TODAY() - timedelta(days=10)
    )
    with pytest.raises(ValidationError) as refused:
        write(placement, date=TODAY() - timedelta(days=5))
    assert "after the placement ends" in refused.value.message_dict["date"][0]


def test_missing_fields_are_each_named_and_nothing_is_saved(placement):
    with pytest.raises(ValidationError) as refused:
        write(placement, date=None, kind="poetry", title="  ", reflection="", capabilities=[])
    errors = refused.value.message_dict
    assert errors == {
        "date": ["Enter the date of the work."],
        "kind": ["Choose the type of evidence."],
        "title": ["Enter a title."],
        "reflection": ["Enter your reflection."],
        "capabilities": ["Tag at least one PCF domain or KSS statement that this evidence shows."],
    }
    assert not EvidenceItem.objects.exists()
    assert not Notification.objects.exists()


def test_a_title_longer_than_the_field_is_refused(placement):
    with pytest.raises(ValidationError) as refused:
        write(placement, title="x" * 201)
    assert "200 characters" in refused.value.message_dict["title"][0]


def test_a_related_record_must_be_a_linkable_record_of_the_placement(placement, monkeypatch):
    day = placement.days.create(date=TODAY() - timedelta(days=2), kind="placement", hours=7)
    with pytest.raises(ValidationError) as refused:
        write(placement, related_record=day)
    assert refused.value.message_dict["related_record"] == [
        "Evidence cannot be linked to this kind of record."
    ]
    monkeypatch.setitem(
        evidence_services.LINKABLE_RECORDS, "placements.placementday", lambda p: p.days.all()
    )
    other = PlacementFactory()
    elsewhere = other.days.create(date=TODAY() - timedelta(days=2), kind="placement", hours=7)
    with pytest.raises(ValidationError) as refused:
        write(placement, related_record=elsewhere)
    assert "must belong to this placement" in refused.value.message_dict["related_record"][0]
    assert write(placement, related_record=day).related_record == day


# --- framework versions -------------------------------------------------------------


def test_new_evidence_must_use_the_current_framework_version(placement):
    old = pcf(2)
    framework_version_publish(
        source=Framework.objects.get(code="pcf").current_version,
        label="2026",
        published_on=date(2026, 9, 1),
    )
    with pytest.raises(ValidationError) as refused:
        write(placement, capabilities=[old])
    message = refused.value.message_dict["capabilities"][0]
    assert "Values and Ethics" in message and "no longer current" in message
    assert not EvidenceItem.objects.exists()


def test_publishing_a_new_version_leaves_existing_evidence_tagged_as_it_was(placement):
    item = write(placement, capabilities=[pcf(2), kss(3)])
    old_ids = {pcf(2).pk, kss(3).pk}
    history_rows = item.history.count()
    new_version = framework_version_publish(
        source=Framework.objects.get(code="pcf").current_version,
        label="2026",
        published_on=date(2026, 9, 1),
    )
    item = refresh(item)
    assert {c.pk for c in item.capabilities.all()} == old_ids
    assert item.history.count() == history_rows
    assert not new_version.capabilities.filter(evidence_items=item).exists()

    # Editing keeps the old tag, and a current tag may be added beside it...
    old_domain = item.capabilities.get(version__framework__code="pcf")
    assert not old_domain.version.is_current
    item = change(item, title="Renamed", capabilities=[old_domain, kss(3), pcf(5)])
    assert {c.pk for c in item.capabilities.all()} == old_ids | {pcf(5).pk}
    # ... but an old-version tag the item did not have is refused.
    other_old = Capability.objects.get(version=old_domain.version, number=4)
    with pytest.raises(ValidationError) as refused:
        change(item, capabilities=[old_domain, other_old])
    assert "no longer current" in refused.value.message_dict["capabilities"][0]
    assert refresh(item).capabilities.count() == 3


# --- the anonymisation guard ------------------------------------------------------------


def test_a_childs_name_in_the_reflection_is_refused_naming_the_field(placement, child_names):
    child_names("Kayden", "Marsh")
    with pytest.raises(ValidationError) as refused:
        write(placement, reflection="I sat with Kayden while he drew his family.")
    errors = refused.value.message_dict
    assert set(errors) == {"reflection"}
    assert errors["reflection"][0].startswith("Remove the name from the reflection:")
    assert "Kayden" not in errors["reflection"][0]
    assert not EvidenceItem.objects.exists()
    assert not Notification.objects.exists()


def test_a_childs_surname_in_the_title_is_refused_naming_the_title(placement, child_names):
    child_names("Kayden", "Marsh")
    with pytest.raises(ValidationError) as refused:
        write(placement, title="Visit to the MARSH family")
    errors = refused.value.message_dict
    assert set(errors) == {"title"}
    assert errors["title"][0].startswith("Remove the name from the title:")


def test_both_fields_are_named_when_both_contain_a_name(placement, child_names):
    child_names("Kayden")
    with pytest.raises(ValidationError) as refused:
        write(placement, title="Kayden's review", reflection="kayden was quiet.")
    assert set(refused.value.message_dict) == {"title", "reflection"}


def test_the_guard_matches_whole_words_only(placement, child_names):
    child_names("Ann", "Lee")
    item = write(
        placement,
        title="Annual review planning",
        reflection="The annual plan was agreed; we talked about sleep and fleeting worries.",
    )
    assert item.pk


def test_the_guard_applies_when_evidence_is_changed(placement, child_names):
    item = write(placement)
    child_names("Ann")
    with pytest.raises(ValidationError) as refused:
        change(item, reflection="Ann told me about school.")
    assert set(refused.value.message_dict) == {"reflection"}
    assert refresh(item).reflection == item.reflection


def test_the_casework_selector_returns_no_names_until_casework_exists(placement):
    assert (
        casework_selectors.names_on_work(
            student=placement.student, practice_educator=placement.practice_educator
        )
        == set()
    )
    assert write(placement, reflection="Ann and Lee were there.").pk


@pytest.mark.parametrize(
    ("text", "names", "found"),
    [
        ("Ann was late", {"Ann"}, True),
        ("ANN was late", {"ann"}, True),
        ("We met Ann's mum", {"Ann"}, True),
        ("Ann-Marie joined", {"Ann"}, True),
        ("the annual review", {"Ann"}, False),
        ("in the planning meeting", {"Ann"}, False),
        ("Zoe drew a house", {"Zoë"}, True),
        ("spoke to O’Brien", {"O'Brien"}, True),
        ("the Smith-Jones family", {"Smith-Jones"}, True),
        ("Mr Jones came", {"Smith-Jones"}, True),
        ("J said no", {"J"}, False),
        ("Amy Lee came", {"Amy Lee"}, True),
        ("nothing here", set(), False),
    ],
)
def test_child_names_in(text, names, found):
    assert child_names_in(text, names) is found


# --- changing and deleting --------------------------------------------------------------


def test_the_student_changes_evidence_until_the_educator_comments(placement):
    item = write(placement)
    item = change(item, title="Better title", capabilities=[pcf(1)])
    assert item.title == "Better title"
    assert [c.pk for c in item.capabilities.all()] == [pcf(1).pk]
    evidence_comment(item=item, by=placement.practice_educator, comment="Good analysis.")
    with pytest.raises(ValidationError, match="Ask your practice educator"):
        change(item, title="Sneaky change")
    item = refresh(item)
    assert item.title == "Better title"
    assert item.educator_comment == "Good analysis."


def test_changes_are_refused_for_others_and_on_closed_placements(placement):
    item = write(placement)
    with pytest.raises(PermissionDenied):
        change(item, by=placement.practice_educator, title="PE edit")
    Placement.objects.filter(pk=placement.pk).update(status=S.FINAL_REPORT_SUBMITTED)
    with pytest.raises(ValidationError, match="final report"):
        change(refresh(item), title="Late edit")
    assert refresh(item).title == item.title


def test_a_change_keeps_the_dates_rule(placement):
    item = write(placement)
    with pytest.raises(ValidationError) as refused:
        change(item, date=TODAY() + timedelta(days=3))
    assert "date" in refused.value.message_dict
    assert refresh(item).date == item.date


def test_the_student_deletes_uncommented_evidence(placement):
    item = write(placement)
    evidence_delete(item=item, by=placement.student)
    assert not EvidenceItem.objects.exists()
    assert EvidenceItem.history.filter(id=item.pk, history_type="-").exists()


def test_a_comment_saved_unchanged_changes_nothing_and_tells_nobody(placement):
    item = write(placement)
    evidence_comment(item=item, by=placement.practice_educator, comment="Good analysis.")
    item = refresh(item)
    commented_at, versions = item.commented_at, item.history.count()
    Notification.objects.all().delete()

    evidence_comment(item=item, by=placement.practice_educator, comment="Good analysis.")

    item = refresh(item)
    assert item.commented_at == commented_at
    assert item.history.count() == versions
    assert not Notification.objects.exists()


def test_deleting_commented_evidence_is_refused_with_the_reason(placement):
    item = write(placement)
    evidence_comment(item=item, by=placement.practice_educator, comment="Seen.")
    with pytest.raises(ValidationError) as refused:
        evidence_delete(item=item, by=placement.student)
    assert "has commented on this evidence, so it cannot be deleted" in refused.value.messages[0]
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_only_the_student_deletes(placement):
    item = write(placement)
    for person in (placement.practice_educator, placement.tutor):
        with pytest.raises(PermissionDenied):
            evidence_delete(item=item, by=person)
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_deleting_is_refused_once_the_placement_is_closed(placement):
    item = write(placement)
    Placement.objects.filter(pk=placement.pk).update(status=S.PASSED)
    with pytest.raises(ValidationError, match="passed"):
        evidence_delete(item=refresh(item), by=placement.student)
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


# --- comments and reopening ----------------------------------------------------------------


def test_the_educator_comments_and_the_student_is_told(placement):
    item = write(placement)
    Notification.objects.all().delete()
    item = evidence_comment(
        item=item, by=placement.practice_educator, comment="  Clear link to domain 7.  "
    )
    assert item.educator_comment == "Clear link to domain 7."
    assert item.commented_by == placement.practice_educator
    assert item.commented_at is not None
    note = Notification.objects.get()
    assert note.user == placement.student
    assert note.body == "Clear link to domain 7."


@pytest.mark.parametrize("who", ["student", "tutor", "onsite_supervisor"])
def test_only_the_educator_comments(placement, who):
    item = write(placement)
    with pytest.raises(PermissionDenied, match="practice educator"):
        evidence_comment(item=item, by=getattr(placement, who), comment="Nice")
    assert refresh(item).commented_at is None


def test_an_empty_comment_is_refused(placement):
    item = write(placement)
    with pytest.raises(ValidationError) as refused:
        evidence_comment(item=item, by=placement.practice_educator, comment="   ")
    assert refused.value.message_dict == {"comment": ["Enter your comment."]}
    assert refresh(item).commented_at is None


def test_commenting_is_refused_once_the_final_report_is_in(placement):
    item = write(placement)
    Placement.objects.filter(pk=placement.pk).update(status=S.FINAL_REPORT_SUBMITTED)
    with pytest.raises(ValidationError, match="final report"):
        evidence_comment(item=refresh(item), by=placement.practice_educator, comment="Late")
    assert refresh(item).commented_at is None


def test_reopening_withdraws_the_comment_so_the_student_can_change_it(placement):
    item = write(placement)
    evidence_comment(item=item, by=placement.practice_educator, comment="Add the analysis.")
    Notification.objects.all().delete()
    item = evidence_reopen(item=item, by=placement.practice_educator)
    assert (item.educator_comment, item.commented_at, item.commented_by) == ("", None, None)
    assert Notification.objects.get().user == placement.student
    # History keeps the withdrawn comment.
    assert item.history.filter(educator_comment="Add the analysis.").exists()
    assert change(item, reflection="Now with analysis.").reflection == "Now with analysis."


def test_reopening_is_for_the_educator_and_needs_a_comment(placement):
    item = write(placement)
    with pytest.raises(ValidationError, match="no comment yet"):
        evidence_reopen(item=item, by=placement.practice_educator)
    evidence_comment(item=item, by=placement.practice_educator, comment="Seen.")
    with pytest.raises(PermissionDenied):
        evidence_reopen(item=item, by=placement.student)
    assert refresh(item).commented_at is not None


# --- domain ratings ------------------------------------------------------------------------


def test_the_educator_rates_a_domain_and_rating_again_updates_it(placement):
    rating = domain_rate(
        placement=placement, capability=pcf(1), by=placement.practice_educator, rating="progressing"
    )
    assert rating.rated_by == placement.practice_educator
    again = domain_rate(
        placement=placement,
        capability=pcf(1),
        by=placement.practice_educator,
        rating="meets",
        comment="Consistent now.",
    )
    assert again.pk == rating.pk
    assert DomainRating.objects.get().rating == "meets"
    assert again.history.count() == 2


def test_the_same_rating_again_writes_nothing(placement):
    kwargs = {
        "placement": placement,
        "capability": pcf(1),
        "by": placement.practice_educator,
        "rating": "meets",
    }
    first = domain_rate(**kwargs)
    domain_rate(**kwargs)
    assert first.history.count() == 1


@pytest.mark.parametrize("who", ["student", "tutor", "onsite_supervisor"])
def test_only_the_educator_rates(placement, who):
    with pytest.raises(PermissionDenied):
        domain_rate(
            placement=placement, capability=pcf(1), by=getattr(placement, who), rating="meets"
        )
    assert not DomainRating.objects.exists()


def test_only_current_pcf_domains_are_rated(placement):
    with pytest.raises(ValidationError) as refused:
        domain_rate(
            placement=placement, capability=kss(1), by=placement.practice_educator, rating="meets"
        )
    assert "current PCF version" in refused.value.message_dict["capability"][0]
    old = pcf(3)
    framework_version_publish(source=old.version, label="2026", published_on=date(2026, 9, 1))
    with pytest.raises(ValidationError):
        domain_rate(
            placement=placement, capability=old, by=placement.practice_educator, rating="meets"
        )
    assert not DomainRating.objects.exists()


def test_an_unknown_rating_is_refused(placement):
    with pytest.raises(ValidationError) as refused:
        domain_rate(
            placement=placement, capability=pcf(1), by=placement.practice_educator, rating="great"
        )
    assert "rating" in refused.value.message_dict


def test_rating_is_refused_on_a_closed_placement(placement):
    Placement.objects.filter(pk=placement.pk).update(status=S.PASSED)
    with pytest.raises(ValidationError, match="passed"):
        domain_rate(
            placement=refresh(placement),
            capability=pcf(1),
            by=placement.practice_educator,
            rating="meets",
        )


def test_rating_several_domains_is_all_or_nothing_and_tells_the_student_once(placement):
    educator = placement.practice_educator
    with pytest.raises(ValidationError) as refused:
        domain_ratings_save(
            placement=placement,
            by=educator,
            ratings={pcf(1): ("meets", ""), pcf(2): ("brilliant", "")},
        )
    assert set(refused.value.message_dict) == {f"rating_{pcf(2).pk}"}
    assert not DomainRating.objects.exists()
    assert not Notification.objects.exists()

    domain_ratings_save(
        placement=placement,
        by=educator,
        ratings={pcf(1): ("meets", ""), pcf(2): ("not_yet", "Needs work on dilemmas")},
    )
    assert DomainRating.objects.count() == 2
    note = Notification.objects.get()
    assert note.user == placement.student
    assert "2 PCF domains" in note.title
    assert "Values and Ethics: not yet" in note.body

    # Saving the same ratings again changes nothing and tells nobody.
    domain_ratings_save(placement=placement, by=educator, ratings={pcf(1): ("meets", "")})
    assert Notification.objects.count() == 1


def test_rating_nothing_is_refused(placement):
    with pytest.raises(ValidationError, match="at least one domain"):
        domain_ratings_save(placement=placement, by=placement.practice_educator, ratings={})


def test_factory_evidence_is_within_its_placement():
    item = EvidenceItemFactory()
    assert item.placement.starts_on <= item.date <= item.placement.ends_on
    assert item.capabilities.get().title == "Professionalism"
