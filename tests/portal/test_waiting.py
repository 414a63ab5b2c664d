""" "Waiting for you" at the top of each dashboard panel (issue 22, requirement 2):
the counts, the links (each lands on exactly those things), what is never
counted, the empty line, and a fixed number of queries however much waits.

Casework's items (sessions, plans, requests) are tested in tests/casework/test_waiting.py.
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import EvidenceItem, Placement, PlacementDay
from portal.accounts.roles import Role
from supervision.models import Observation, SupervisionSession
from tests.factories import user_with_role
from tests.placements.factories import EvidenceItemFactory, PlacementFactory, UniversityFactory
from tests.placements.support import make_cast, raise_concern, submitted_cast
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")
ITEM = re.compile(
    r'data-waiting="(?P<key>\w+)">.*?href="(?P<url>[^"]+)".*?>(?P<label>[^<]+)</a>.*?'
    r'<strong class="govuk-tag[^"]*">(?P<count>\d+)</strong>',
    re.S,
)


def waiting(client, user, role) -> dict[str, tuple[int, str]]:
    """{key: (count, link)} of `role`'s "Waiting for you" as `user` sees it."""
    client.force_login(user)
    page = client.get(DASHBOARD).content.decode()
    start = page.index(f'id="panel-{role}"')
    panel = page[start : page.index("</section>", start)]
    block = panel[panel.index('class="portal-waiting"') :]
    nothing, end = block.find('data-waiting="none"'), block.find("</ul>")
    if nothing != -1 and (end == -1 or nothing < end):
        return {}
    block = block[:end]
    return {
        m["key"]: (int(m["count"]), m["url"].replace("&amp;", "&")) for m in ITEM.finditer(block)
    }


def days(placement, count, *, start=1, confirmed=False):
    """`count` days recorded on the placement's first weekdays from day `start`."""
    made, day = 0, placement.starts_on + timedelta(days=start - 1)
    while made < count:
        if day.weekday() < 5:
            PlacementDay.objects.create(
                placement=placement,
                date=day,
                kind=PlacementDay.Kind.PLACEMENT,
                hours=7,
                confirmed_at=timezone.now() if confirmed else None,
                confirmed_by=placement.practice_educator if confirmed else None,
            )
            made += 1
        day += timedelta(days=1)


def text(response) -> str:
    return response.content.decode()


def rows_of(client, url) -> str:
    return client.get(url).content.decode()


# --- the practice educator -----------------------------------------------------------


def test_the_educator_sees_what_waits_and_each_link_lands_on_exactly_that(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    pe, placement = cast.educator, cast.placement
    days(placement, 3)
    days(placement, 2, start=20, confirmed=True)
    uncommented = EvidenceItemFactory.create_batch(2, placement=placement)
    EvidenceItemFactory(
        placement=placement,
        title="Commented on already",
        educator_comment="Good.",
        commented_by=pe,
        commented_at=timezone.now(),
    )
    record = SupervisionSessionFactory(
        placement=placement, status=SupervisionSession.Status.AWAITING_EDUCATOR
    )
    SupervisionSessionFactory(placement=placement, status=SupervisionSession.Status.LOCKED)
    observation = ObservationFactory(placement=placement, status=Observation.Status.DRAFT)
    # Someone else's student: never counted for this educator.
    other = PlacementFactory()
    days(other, 4)
    EvidenceItemFactory(placement=other)

    found = waiting(client, pe, Role.PRACTICE_EDUCATOR)

    assert found["days_to_confirm"] == (3, reverse("placements:ledger", args=[placement.pk]))
    count, link = found["evidence_to_comment"]
    assert count == 2
    assert link == reverse("placements:evidence_list", args=[placement.pk]) + "?comment=awaiting"
    listed = rows_of(client, link)
    for item in uncommented:
        assert item.title in listed
    assert "Commented on already" not in listed
    assert found["records_to_sign"] == (
        1,
        reverse("supervision:session_detail", args=[record.pk]),
    )
    assert found["observations_to_write_up"] == (
        1,
        reverse("supervision:observation_detail", args=[observation.pk]),
    )
    assert "sessions_to_review" not in found  # 0 waiting: not shown


def test_a_queried_day_waits_for_the_student_not_the_educator(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    days(cast.placement, 3)
    queried, answered, _ = PlacementDay.objects.filter(placement=cast.placement).order_by("date")
    now = timezone.now()
    PlacementDay.objects.filter(pk=queried.pk).update(
        query="Were you at the school that day?", queried_by=cast.educator, queried_at=now
    )
    PlacementDay.objects.filter(pk=answered.pk).update(
        query="Hours?",
        queried_by=cast.educator,
        queried_at=now,
        query_answer="Seven, as logged.",
        query_answered_at=now,
    )
    # The unqueried day and the answered one are the educator's to confirm.
    assert waiting(client, cast.educator, Role.PRACTICE_EDUCATOR)["days_to_confirm"][0] == 2


def test_work_on_several_placements_links_to_the_list_of_exactly_those(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    pe = cast.educator
    second = PlacementFactory(practice_educator=pe, host=cast.host)
    quiet = PlacementFactory(practice_educator=pe, host=cast.host)  # nothing waiting
    days(cast.placement, 2)
    days(second, 3)
    days(quiet, 2, confirmed=True)
    others = PlacementFactory()
    days(others, 1)

    count, link = waiting(client, pe, Role.PRACTICE_EDUCATOR)["days_to_confirm"]

    assert count == 5
    assert link == reverse("placements:placement_list") + "?waiting=days_to_confirm"
    listed = client.get(link).context["page_obj"].object_list
    assert {p.pk for p in listed} == {cast.placement.pk, second.pk}


def test_the_supervision_lists_narrow_to_the_records_waiting(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    waiting_ones = [
        SupervisionSessionFactory(
            placement=cast.placement,
            status=status,
            date=timezone.localdate() - timedelta(days=n),
        )
        for n, status in ((7, SupervisionSession.Status.DRAFT), (14, "awaiting_educator"))
    ]
    signed = SupervisionSessionFactory(
        placement=cast.placement,
        status=SupervisionSession.Status.AWAITING_STUDENT,
        date=timezone.localdate() - timedelta(days=21),
    )

    count, link = waiting(client, cast.educator, Role.PRACTICE_EDUCATOR)["records_to_sign"]

    assert count == 2
    response = client.get(link)
    assert {s.pk for s in response.context["page_obj"].object_list} == {s.pk for s in waiting_ones}
    assert signed.pk not in {s.pk for s in response.context["page_obj"].object_list}
    assert "Show them all" in response.content.decode()


# --- the student ------------------------------------------------------------------------


def test_the_student_sees_the_working_days_not_logged_up_to_yesterday(client, clock):
    clock.today_is(date(2027, 3, 17))  # a Wednesday; no bank holiday in March 2027
    cast = make_cast(
        status=Placement.Status.ACTIVE, starts_on=date(2027, 3, 1), ends_on=date(2027, 7, 1)
    )
    for day in (date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 6), date(2027, 3, 10)):
        PlacementDay.objects.create(
            placement=cast.placement, date=day, kind=PlacementDay.Kind.SICKNESS, hours=0
        )
    # 1 to 16 March: 12 working days; 3 of them logged (the 6th is a Saturday).
    SupervisionSessionFactory(
        placement=cast.placement, status=SupervisionSession.Status.AWAITING_STUDENT
    )

    found = waiting(client, cast.student, Role.STUDENT)

    assert found["days_to_log"] == (9, reverse("placements:ledger", args=[cast.placement.pk]))
    assert found["records_to_reflect_on"][0] == 1
    assert "observations_to_reflect_on" not in found


def test_a_student_with_nothing_waiting_is_told_so(client):
    cast = make_cast(status=Placement.Status.PROPOSED)
    assert waiting(client, cast.student, Role.STUDENT) == {}
    page = client.get(DASHBOARD).content.decode()
    panel = page[page.index('id="panel-student"') :]
    block = panel[panel.index('class="portal-waiting"') : panel.index("</section>")]
    assert "Nothing is waiting for you." in block
    assert "govuk-task-list__item" not in block.split("Nothing is waiting")[0]


# --- the tutor and the co-ordinator ----------------------------------------------------


def test_the_tutor_sees_reports_to_countersign_overdue_reviews_and_concerns(client):
    cast, _ = submitted_cast(countersigned=False)
    tutor = cast.tutor
    raise_concern(cast.placement)
    late = PlacementFactory(
        tutor=tutor,
        course=cast.course,
        starts_on=timezone.localdate() - timedelta(days=120),
        ends_on=timezone.localdate() + timedelta(days=20),
    )
    PlacementFactory(course=cast.course)  # another tutor's: not counted

    found = waiting(client, tutor, Role.TUTOR)

    assert found["reports_to_countersign"] == (
        1,
        reverse("placements:final_report", args=[cast.placement.pk]),
    )
    assert found["reviews_overdue"] == (
        1,
        reverse("placements:midpoint_review", args=[late.pk]),
    )
    assert found["open_concerns"] == (
        1,
        reverse("placements:concern_list", args=[cast.placement.pk]),
    )


def test_the_coordinator_sees_placements_without_an_educator_and_unsigned_agreements(client):
    university = UniversityFactory()
    coordinator = user_with_role(Role.COORDINATOR, university)
    unstaffed = [
        PlacementFactory(
            course__university=university,
            practice_educator=None,
            status=status,
            starts_on=timezone.localdate() + timedelta(days=10),
        )
        for status in (Placement.Status.DRAFT, Placement.Status.PROPOSED)
    ]
    PlacementFactory(course__university=university, practice_educator=None, status="passed")
    late = PlacementFactory(
        course__university=university, starts_on=timezone.localdate() - timedelta(days=30)
    )
    PlacementFactory(practice_educator=None)  # another university's

    found = waiting(client, coordinator, Role.COORDINATOR)

    count, link = found["without_educator"]
    assert count == 2
    assert link.endswith("?waiting=without_educator")
    listed = client.get(link).context["page_obj"].object_list
    assert {p.pk for p in listed} == {p.pk for p in unstaffed}
    assert found["agreements_unsigned"] == (1, reverse("placements:agreement", args=[late.pk]))


def test_the_waiting_filter_gives_nothing_to_someone_without_that_work(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    days(cast.placement, 2)
    client.force_login(cast.tutor)  # sees the placement, but confirms no days
    response = client.get(reverse("placements:placement_list") + "?waiting=days_to_confirm")
    assert response.status_code == 200
    form = response.context["filter_form"]
    assert [key for key, _ in form.fields["waiting"].choices][1:] == [
        "reports_to_countersign",
        "reviews_overdue",
        "open_concerns",
    ]
    assert "Select one of the options for waiting for you" in text(response)
    client.force_login(cast.student)  # no item of a student's narrows by this key
    response = client.get(reverse("placements:placement_list") + "?waiting=days_to_confirm")
    assert "Select one of the options for waiting for you" in text(response)


# --- queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PRACTICE_EDUCATOR, Role.STUDENT])
def test_the_count_of_queries_does_not_grow_with_what_waits(client, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(rows: int) -> int:
        first = PlacementFactory()
        for _ in range(rows):
            placement = PlacementFactory(
                practice_educator=first.practice_educator,
                student=first.student,
                host=first.host,
                course=first.course,
            )
            days(placement, 2)
            EvidenceItemFactory(placement=placement)
            SupervisionSessionFactory(placement=placement, status="awaiting_educator")
            SupervisionSessionFactory(placement=placement, status="awaiting_student")
            ObservationFactory(placement=placement, status=Observation.Status.DRAFT)
        user = first.practice_educator if role == Role.PRACTICE_EDUCATOR else first.student
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            assert client.get(DASHBOARD).status_code == 200
        return len(context)

    assert queries_with(2) == queries_with(12)


# --- a notification is done when its task is done --------------------------------------


def test_commenting_on_evidence_marks_the_educators_notification_done():
    from placements.services.evidence import evidence_comment, evidence_create

    cast = make_cast(status=Placement.Status.ACTIVE)
    item = EvidenceItemFactory(placement=cast.placement)
    item = evidence_create(
        placement=cast.placement,
        by=cast.student,
        date=item.date,
        kind=item.kind,
        title="Home visit",
        reflection="I listened first.",
        capabilities=list(item.capabilities.all()),
    )
    told = cast.educator.notifications.get()
    assert told.read_at is None
    unrelated = cast.educator.notifications.create(title="Something else", url="/portal/")

    evidence_comment(item=EvidenceItem.objects.get(pk=item.pk), by=cast.educator, comment="Good.")

    told.refresh_from_db()
    unrelated.refresh_from_db()
    assert told.read_at is not None
    assert unrelated.read_at is None


def test_confirming_the_last_days_marks_the_educators_notifications_about_them_done():
    from placements.services.ledger import days_confirm

    cast = make_cast(status=Placement.Status.ACTIVE)
    days(cast.placement, 2)
    ledger = reverse("placements:ledger", args=[cast.placement.pk])
    reminder = cast.educator.notifications.create(title="Days to confirm", url=ledger)
    first, second = cast.placement.days.order_by("date")

    days_confirm(placement=cast.placement, by=cast.educator, days=[first])
    reminder.refresh_from_db()
    assert reminder.read_at is None  # a day is still waiting

    days_confirm(placement=cast.placement, by=cast.educator, days=[second])
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_signing_a_supervision_record_marks_the_signers_notification_done():
    from supervision.services.workflow import apply_transition, sign_record

    cast = make_cast(status=Placement.Status.ACTIVE)
    session = SupervisionSessionFactory(placement=cast.placement)
    session = apply_transition(record=session, name="send_to_student", by=cast.educator)
    told = cast.student.notifications.get()
    assert told.url == reverse("supervision:session_detail", args=[session.pk])
    from supervision.services.sessions import session_reflect

    session_reflect(session=session, by=cast.student, reflection="I learnt to listen.")

    sign_record(record=session, by=cast.student)

    told.refresh_from_db()
    assert told.read_at is not None
