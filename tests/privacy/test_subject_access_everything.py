"""Subject access, end to end: a synthetic child and a synthetic student, each with
records in every app the register of personal data says can hold something about
them. Their exports, made by the same function as the background job and the
management command, hold each record type, its history and its access log, and no
other person's name.

The record types expected are read from the register: a record type declared
later, about a child or a student, with no data here fails the test by name (add
its data below, or say in the exclusions why it cannot apply)."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

import portal.pdf
from lifestory.models import (
    BookRender,
    BookVersion,
    Chapter,
    ChapterComment,
    Contribution,
    ContributionLink,
    LaterLifeLetter,
    LifeStoryBook,
    MediaItem,
)
from placements.casework.models import DirectWorkPlan, DirectWorkSession
from placements.models import Capability, DomainRating, PlacementDay, TutorVisit
from placements.services.review import ActionItem
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.attachments.models import Attachment
from portal.drafts import draft_save
from portal.models import DocumentExport
from portal.privacy.register import Whose, personal_records
from portal.privacy.subject_access import WITHHELD, subject_access_zip
from portal.services import notification_preferences_save, notify
from supervision.models import Reminder, ReminderDigest
from supervision.services.calendar import calendar_feed_create
from tests.casework.factories import (
    AllocationFactory,
    CarerFactory,
    ChildFactory,
    PlanChildFactory,
    PlanFactory,
    PlanGoalFactory,
)
from tests.casework.support import child_record_world
from tests.factories import InvitationFactory, user_with_role
from tests.placements.factories import EvidenceItemFactory, PanelDecisionFactory
from tests.placements.support import raise_concern, record_review, save_report, sign_agreement
from tests.supervision.factories import SupervisionActionFactory, SupervisionSessionFactory
from tests.supervision.support import written

pytestmark = pytest.mark.django_db

# Record types the register says can be about a child or a student, that this test
# cannot give the person, and why. Anything else the register lists must be here.
NOT_FOUND_BY_PERSON = {
    # Found by the subject's kind and id typed into the request (subject_kind,
    # subject_id), not by a relation the register can follow; the requests are
    # listed on the rights request pages, and answered by the administrators.
    "privacy.RightsRequest": "a rights request names its subject by kind and id",
    # Anonymous by design: a student's feedback on the placement's quality is
    # stored with no link to them (nor to their placement), so it is no one's.
    "placements.QualityFeedback": "quality feedback is anonymous",
    # A programme's children are the programme's own records (programmes.ReferredChild,
    # declared a child's record), not casework Children: a casework Child needs a
    # school and a year group, and a programme's creche takes babies. A request
    # about a programme's child is found by the name and date of birth typed in.
    "programmes.ReferredChild": "a programme's child is its own record, not a casework Child",
    # About a programme's child (above): found the same way.
    "programmes.OutcomeCheck": "an outcome check is about a programme's child",
    "programmes.CrecheBooking": "a creche place is for a programme's child",
    # A family's place on a Children's Program run (issue 19): about the programme's
    # children and parent, found with the registration like the records above.
    "programmes.RunPlace": "a place on a run is for a programme's family",
    "programmes.RunAttendance": "a day on a run is for a programme's family",
    "programmes.SupportGroupStep": "a support group step is about a programme's child",
    "programmes.ChildRating": "a child's rating is about a programme's child",
    "programmes.ParentRating": "a parent's rating is for a programme's family",
}

# The other people around the two: their names must not be in either export.
OTHER_CHILD = ("Peregrine", "Wollstonecraft")
OTHER_CARER = "Hester Wollstonecraft"
OTHER_STUDENT = "Fenella Brightwater"
STUDENT = "Cassius Thornbury"


def expected_types(kind: Whose) -> set[str]:
    """The record types the register says hold something about `kind` of person."""
    about = {label for label, entry in personal_records().items() if kind in entry.whose}
    return about - set(NOT_FOUND_BY_PERSON)


@pytest.fixture
def summaries(monkeypatch):
    """The HTML each summary.pdf was made from (pypdf is not a dependency, so the
    PDF's text is checked where it is written, in the one PDF renderer)."""
    rendered: list[str] = []
    render_to_string = portal.pdf.render_to_string

    def keep(*args, **kwargs):
        html = render_to_string(*args, **kwargs)
        rendered.append(html)
        return html

    monkeypatch.setattr(portal.pdf, "render_to_string", keep)
    return rendered


@pytest.fixture
def everything(client, settings, tmp_path):
    """A child, and the student working with them, with records in every app."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    world = child_record_world()
    child, student, placement = world.child, world.student, world.allocation.placement
    student.name = STUDENT
    student.save()  # a change: the account's history has a "changed" row

    # A group plan the student made, with another child at the same school (who
    # has a carer and another student of their own), and its session logged by
    # that other student, whose notes name both children.
    other_child = ChildFactory(
        first_name=OTHER_CHILD[0],
        last_name=OTHER_CHILD[1],
        school=world.school,
        held_by=world.service,
        created_by=world.coordinator,
    )
    CarerFactory(child=other_child, name=OTHER_CARER, phone="07700 900999")
    other_allocation = AllocationFactory(child=other_child)
    other_student = other_allocation.student
    other_student.name = OTHER_STUDENT
    other_student.save()
    group = PlanFactory(
        school=world.school,
        format=DirectWorkPlan.Format.GROUP,
        status=DirectWorkPlan.Status.ACTIVE,
        created_by=student,
        closed_reason=f"The group ended: {OTHER_CHILD[0]} moved school.",
    )
    for member_child in (child, other_child):
        member = PlanChildFactory(plan=group, child=member_child)
        PlanGoalFactory(member=member, text=f"{member_child.first_name} wants to make friends")
    group_session = DirectWorkSession.objects.create(
        plan=group,
        number=1,
        planned_on=group.first_session_on,
        planned_time=group.session_time,
        status=DirectWorkSession.Status.HELD,
        observations=f"{OTHER_CHILD[0]} {OTHER_CHILD[1]} and {child.first_name} built a den.",
        logged_at=timezone.now(),
        logged_by=other_student,
    )
    # Each child's attendance, voice and goal are that child's own (issue 13): the
    # other child's are written in their name, and must stay out of this child's export.
    for member_child in (child, other_child):
        group_session.attendance.create(
            child=member_child,
            attended=True,
            child_voice=f"{member_child.first_name} said the den was the best bit.",
            notes=f"{member_child.first_name} {member_child.last_name} joined in.",
        )
    # A change to the child's own record (the world changed their surname too).
    child.preferred_name = "Zeph"
    child.save()

    # The student's placement, in every app about a student.
    day = PlacementDay.objects.create(
        placement=placement,
        date=placement.starts_on,
        kind=PlacementDay.Kind.PLACEMENT,
        hours=7,
        note="Shadowed the duty desk.",
    )
    day.note = "Shadowed the duty desk, then a home visit."
    day.save()  # a change to one of the student's records
    sign_agreement(placement)
    raise_concern(placement)
    evidence = EvidenceItemFactory(placement=placement)
    # A file the student attached to it (written straight to the table: the
    # attachment tests cover the checks).
    attachment = Attachment(
        record=evidence,
        original_name="reflection.pdf",
        kind=Attachment.Kind.PDF,
        size=18,
        sha256="0" * 64,
        uploaded_by=student,
    )
    attachment.file.save("reflection.pdf", ContentFile(b"%PDF-1.7 not shown"), save=False)
    attachment.save()
    DomainRating.objects.create(
        placement=placement,
        capability=Capability.objects.get(
            version__framework__code="pcf", version__is_current=True, number=1
        ),
        rating="progressing",
        comment="Values shown in every visit.",
        rated_by=placement.practice_educator,
    )
    cast = SimpleNamespace(placement=placement, educator=placement.practice_educator)
    record_review(
        cast,
        attendees="The student, the practice educator and the tutor",
        actions=[
            ActionItem("Read the threshold document", student, timezone.localdate() + timedelta(7))
        ],
    )
    placement.refresh_from_db()
    save_report(cast, summary="Sound, reflective practice.")
    PanelDecisionFactory(placement=placement, notes="Ratified without comment.")
    TutorVisit.objects.create(
        placement=placement,
        held_on=timezone.localdate(),
        kind=TutorVisit.Kind.THREE_WAY_MEETING,
        student_attended=True,
        notes="Reviewed the learning agreement together.",
        recorded_by=placement.tutor,
    )
    supervision = SupervisionSessionFactory(placement=placement)
    SupervisionActionFactory(session=supervision, owner=student)
    written(placement)  # an observation, its feedback, and a service user's feedback
    calendar_feed_create(student)
    digest = ReminderDigest.objects.create(user=student, sent_on=timezone.localdate())
    Reminder.objects.create(
        user=student,
        rule=Reminder.Rule.REFLECTION_WAITING,
        subject=f"session:{supervision.pk}",
        text="A record waits for your reflection.",
        digest=digest,
    )
    notify(user=student, title="Your learning agreement is signed", body="All three signed.")
    notification_preferences_save(user=student, by=student, choices={"evidence": "digest"})
    DocumentExport.objects.create(
        requested_by=student,
        kind="supervision_log",
        content_type=ContentType.objects.get_for_model(placement),
        object_id=placement.pk,
    )
    draft_save(
        user=student, record=supervision, data=MultiValueDict({"student_reflection": ["Half"]})
    )
    InvitationFactory(
        email=student.email,
        role=Role.STUDENT,
        invited_by=world.coordinator,
        accepted_at=timezone.now(),
        accepted_by=student,
    )

    # A Life Story Book about the child, co-written by the student, with a review
    # comment, a photo and a later-life letter (written straight to the tables: the lifestory tests
    # cover the services' rules).
    book = LifeStoryBook.objects.create(
        child=child,
        plan_type=LifeStoryBook.PlanType.ADOPTION,
        worker=user_with_role(Role.LIFESTORY_WORKER, world.service),
        co_worker=student,
        created_by=world.coordinator,
    )
    book.status = LifeStoryBook.Status.DRAFT_REVIEW
    book.save()
    version = BookVersion.objects.create(book=book, number=1)
    chapter = Chapter.objects.create(
        version=version, position=1, title="My birth", body=f"{child.first_name} was born."
    )
    ChapterComment.objects.create(
        chapter=chapter, text="Say which hospital.", author=user_with_role(Role.TEAM_MANAGER)
    )
    photo = MediaItem(
        book=book,
        chapter=chapter,
        content_type="image/jpeg",
        width=1,
        height=1,
        original_sha256="0" * 64,
        caption=f"{child.first_name} on the day they were born",
        consent="The birth mother agreed",
    )
    for field in ("file", "thumbnail", "print_version"):
        getattr(photo, field).save("photo.jpg", ContentFile(b"not shown"), save=False)
    photo.save()
    render = BookRender(book=book, version=version, number=1, requested_by=student)
    render.file.save("book-1.pdf", ContentFile(b"%PDF-1.7 not shown"), save=False)
    render.save()
    LaterLifeLetter.objects.create(
        book=book,
        addressed_to=f"Dear {child.first_name}",
        body="I was your life-story worker when you were little.",
    )
    # A contribution link sent to the child's foster carer, and what came through it.
    link = ContributionLink.objects.create(
        book=book,
        contributor_name="Pat Doyle",
        relationship="foster carer",
        token_hash="1" * 64,
        expires_at=timezone.now() + timedelta(days=14),
        created_by=book.worker,
    )
    Contribution.objects.create(link=link, message="A photo from the seaside.")

    # Reads, as the portal logs them: the pages record who read what, and why.
    client.force_login(world.coordinator)
    assert client.get(reverse("casework:child_detail", args=[child.pk])).status_code == 200
    assert (
        client.get(reverse("casework:concern_detail", args=[world.concern.pk])).status_code == 200
    )
    client.force_login(student)
    assert client.get(reverse("casework:child_detail", args=[child.pk])).status_code == 200
    client.logout()
    return SimpleNamespace(
        world=world,
        child=child,
        student=student,
        other_child=other_child,
        other_student=other_student,
        group_session=group_session,
    )


def opened(body: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {
            name: archive.read(name) if name.endswith(".pdf") else json.loads(archive.read(name))
            for name in archive.namelist()
        }


def strings_in(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def all_text(files: dict, summaries: list[str], *, leaving_out: tuple[str, ...] = ()) -> str:
    """Every member of the ZIP as text: each value of the JSON files, and the
    summary's text (without `leaving_out`, texts allowed to name others)."""
    pieces = [s for name, v in files.items() if not name.endswith(".pdf") for s in strings_in(v)]
    (page,) = summaries
    pieces.append(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    try:
        from pypdf import PdfReader
    except ImportError:  # not a dependency: the HTML the PDF was made from stands in
        pass
    else:
        reader = PdfReader(io.BytesIO(files["summary.pdf"]))
        pieces.extend(page.extract_text() for page in reader.pages)
    # White space folded, so a text wrapped or indented in the summary still matches.
    text = " ".join("\n".join(pieces).split())
    for allowed in sorted(filter(None, leaving_out), key=len, reverse=True):
        text = text.replace(" ".join(allowed.split()), "")
    return text


def check_export(files: dict, expected: set[str], person_record: str) -> None:
    """Each expected record type in the manifest, its file and the history."""
    manifest = files["manifest.json"]
    counts = manifest["record_types"]
    missing = sorted(expected - set(counts))
    assert missing == [], (
        "The export holds no records of these types: give the person data in them "
        f"(or say in NOT_FOUND_BY_PERSON why it cannot apply): {', '.join(missing)}"
    )
    assert set(manifest["files"]) == set(files), "the manifest lists exactly the ZIP's files"
    history = files["history.json"]
    in_history = {(h["record_type"], h["record_id"]) for h in history}
    registry = personal_records()
    for label in sorted(expected):
        rows = files.get(f"records/{label}.json")
        assert rows, f"records/{label}.json is missing or empty"
        assert counts[label] == len(rows) >= 1, f"{label}: the manifest's count is not the file's"
        if getattr(registry[label].model, "history", None) is None:
            continue  # no history kept (a log of its own, such as the access log)
        without = [row["id"] for row in rows if (label, row["id"]) not in in_history]
        assert without == [], f"{label}: no history for records {without}"
    assert manifest["history_entries"] == len(history)
    changes = {h["record_type"] for h in history if h["change"] == "changed"}
    assert person_record in changes, f"the change to {person_record} is not in the history"


def test_a_childs_export_holds_every_record_type_and_no_one_elses_name(everything, summaries):
    child = everything.child
    files = opened(subject_access_zip(child)[1])
    expected = expected_types(Whose.CHILD)
    assert {"casework.Child", "casework.SessionAttendance", "casework.ChildMerge"} <= expected
    check_export(files, expected, "casework.Child")
    (record,) = files["records/casework.Child.json"]
    assert (record["first_name"], record["preferred_name"]) == (child.first_name, "Zeph")

    # The group session: listed, its notes withheld, as they are also about another child.
    sessions = {s["id"]: s for s in files["records/casework.DirectWorkSession.json"]}
    assert sessions[everything.group_session.pk]["observations"] == WITHHELD

    # The reads: the co-ordinator's and the student's, by role and organisation.
    log = files["access-log.json"]
    assert files["manifest.json"]["access_log_entries"] == len(log)
    child_reads = [e for e in log if e["record_type"] == "casework.child"]
    assert len(child_reads) == 2
    assert {e["why"] for e in child_reads} == {"Viewed the child's record"}
    assert any(e["record_type"] == "casework.safeguardingconcern" for e in log)

    text = all_text(files, summaries)
    others = (*OTHER_CHILD, OTHER_CARER, OTHER_STUDENT, STUDENT)
    assert [name for name in others if name in text] == [], "another person is named"
    # Nor anyone else's: the people who wrote or read the records are "another
    # person", or a role at an organisation.
    assert [u.name for u in User.objects.all() if u.name in text] == [], "an account is named"
    assert "another person" in text


def test_a_students_export_holds_every_record_type_and_no_one_elses_name(everything, summaries):
    student = everything.student
    files = opened(subject_access_zip(student)[1])
    expected = expected_types(Whose.STUDENT)
    assert {"placements.Placement", "supervision.Observation", "audit.AccessEvent"} <= expected
    check_export(files, expected, "accounts.User")
    (account,) = files["records/accounts.User.json"]
    assert account["name"] == STUDENT
    assert "placements.PlacementDay" in {
        h["record_type"] for h in files["history.json"] if h["change"] == "changed"
    }

    # Their own reads, and the reads of the records they wrote about a child.
    (read,) = files["records/audit.AccessEvent.json"]
    assert read["purpose"] == "Viewed the child's record" and read["user"] == "you"
    log = files["access-log.json"]
    assert [e["record_type"] for e in log] == ["casework.safeguardingconcern"]
    assert log[0]["who"] != "you" and "co-ordinator" in log[0]["who"]

    text = all_text(files, summaries)
    world = everything.world
    child_names = (world.child.first_name, world.child.last_name, *world.names)
    others = (*OTHER_CHILD, OTHER_CARER, OTHER_STUDENT, world.carer.name, *child_names)
    assert [name for name in others if name in text] == [], "another person is named"
    # The only other accounts named are the practice educator and others who acted on
    # the placement, in the notifications the student was sent ("... signed your
    # learning agreement"): what the student has read already. Nowhere else.
    sent = student.notifications.values_list("title", "body")
    rest = all_text(files, summaries, leaving_out=tuple(t for pair in sent for t in pair))
    named = [u.name for u in User.objects.exclude(pk=student.pk) if u.name in rest]
    where = [
        (name, key)
        for key, value in files.items()
        if not key.endswith(".pdf")
        for name in named
        if name in json.dumps(value, ensure_ascii=False)
    ]
    assert named == [], f"an account is named outside the student's notifications: {where}"
