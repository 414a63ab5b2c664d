"""Group plans: each child's words stay with the people working with that child
(issue 13, requirement 7).

Three children share a group plan. One student (who logs the sessions) works
with all three; another student and their practice educator work with Amara
only. Those two read Amara's voice, notes, goals, wellbeing answers and
end-of-work feedback, and none of Bilal's or Chloe's, through every page and
the API; the co-ordinator holding the records reads all three.
"""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession, PlanChild
from placements.casework.services.sessions import session_log
from placements.casework.views import closure as closure_views
from tests.casework.factories import AllocationFactory, MeasureFactory, PlanGoalFactory
from tests.casework.support import a_theme, work_with

pytestmark = pytest.mark.django_db

NAMES = ("Amara", "Bilal", "Chloe")


def words(name: str) -> dict[str, str]:
    """What only the people working with `name` may read."""
    return {
        "voice": f"{name} said the worry jar helps",
        "notes": f"{name} sat by the window today",
        "goal": f"{name} wants to make a new friend",
        "feedback": f"{name} liked the puppets best",
    }


@pytest.fixture
def group():
    work = work_with(3, status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True)
    plan, children = work.plan, dict(zip(NAMES, work.children, strict=True))
    for name, child in children.items():
        child.first_name = name
        child.save()
        member = PlanChild.objects.get(plan=plan, child=child)
        PlanGoalFactory(member=member, text=words(name)["goal"])
        PlanChild.objects.filter(pk=member.pk).update(
            child_feedback=words(name)["feedback"], faces_rating=4, closed_at=timezone.now()
        )
        MeasureFactory(plan=plan, child=child, answers=[4] * 12, total=48)
    session = work.sessions()[0]
    session_log(
        session=session,
        by=work.student,
        outcome=DirectWorkSession.Status.HELD,
        theme=a_theme(),
        activities="Feelings cards and a worry jar.",
        attendance=[
            {
                "child": child.pk,
                "attended": True,
                "child_voice": words(name)["voice"],
                "notes": words(name)["notes"],
            }
            for name, child in children.items()
        ],
    )
    # Amara's own work: another student, overseen by their practice educator.
    amara_only = AllocationFactory(child=children["Amara"])
    return work, children, session, amara_only


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_reads_only(text: str, readable: set[str], kinds=("voice", "notes")) -> None:
    for name in NAMES:
        for kind in kinds:
            assert (words(name)[kind] in text) is (name in readable), (name, kind)


def session_pages(client, user, session) -> str:
    client.force_login(user)
    return text_of(client.get(reverse("casework:session_detail", args=[session.pk])))


@pytest.mark.parametrize("who", ["student", "practice educator"])
def test_someone_working_with_one_child_reads_only_that_childs_words(client, group, who):
    work, children, session, amara_only = group
    user = amara_only.student if who == "student" else amara_only.practice_educator
    assert_reads_only(session_pages(client, user, session), {"Amara"})
    # The session's own notes are the group's, read by everyone on the work.
    assert "Feelings cards and a worry jar." in session_pages(client, user, session)

    plan_page = text_of(client.get(reverse("casework:plan_detail", args=[work.plan.pk])))
    assert_reads_only(plan_page, {"Amara"}, kinds=("goal",))
    assert plan_page.count('data-testid="words-withheld"') == 2

    api = client.get(f"/api/v1/direct-work/plans/{work.plan.pk}/sessions")
    assert api.status_code == 200
    rows = {row["child"]["id"]: row for row in api.json()["items"][0]["attendance"]}
    assert rows[children["Amara"].pk]["child_voice"] == words("Amara")["voice"]
    assert rows[children["Amara"].pk]["notes"] == words("Amara")["notes"]
    for name in ("Bilal", "Chloe"):
        assert rows[children[name].pk]["child_voice"] is None
        assert rows[children[name].pk]["notes"] is None
        assert rows[children[name].pk]["attended"] is True  # attendance is not their words


def test_the_practice_educator_reviews_seeing_only_their_childs_words(client, group):
    work, children, session, amara_only = group
    client.force_login(amara_only.practice_educator)
    page = text_of(client.get(reverse("casework:session_review", args=[session.pk])))
    assert_reads_only(page, {"Amara"})


def test_only_the_student_working_with_every_child_logs_a_group_session(client, group):
    work, children, session, amara_only = group
    url = reverse("casework:session_log", args=[work.sessions()[1].pk])
    client.force_login(amara_only.student)
    assert client.get(url).status_code == 403
    api = client.post(
        f"/api/v1/direct-work/plans/{work.plan.pk}/sessions",
        {"number": 2, "outcome": "cancelled", "cancelled_by": "school", "cancel_reason": "Trip"},
        content_type="application/json",
    )
    assert api.status_code == 403
    # The student logging reads every row they write.
    client.force_login(work.student)
    assert client.get(url).status_code == 200
    assert_reads_only(session_pages(client, work.student, session), set(NAMES))


def test_closure_and_wellbeing_pages_are_per_child(client, group):
    work, children, session, amara_only = group
    members = {m.child.first_name: m for m in work.plan.members.select_related("child")}
    measures = {m.child.first_name: m for m in work.plan.measures.select_related("child")}
    client.force_login(amara_only.student)
    for name, status in (("Amara", 200), ("Bilal", 404), ("Chloe", 404)):
        member, child = members[name], children[name]
        closure = client.get(reverse("casework:closure_record", args=[member.pk]))
        assert closure.status_code == status, name
        if status == 200:
            assert words(name)["feedback"] in closure.content.decode()
        with mock.patch.object(closure_views, "render_pdf", return_value=b"%PDF-1.7") as pdf:
            response = client.get(reverse("casework:closure_pdf", args=[member.pk]))
        assert response.status_code == status, name
        if status == 200:
            shown = pdf.call_args.args[1]
            assert shown["child"] == child and shown["member"] == member
        record = reverse("casework:wellbeing_record", args=[work.plan.pk, child.pk])
        assert client.get(record).status_code == status, name
        correct = reverse("casework:wellbeing_correct", args=[measures[name].pk])
        assert client.get(correct).status_code == status, name
        child_page = client.get(reverse("casework:child_detail", args=[child.pk]))
        assert child_page.status_code == status, name


def test_the_coordinator_reads_every_childs_words(client, group):
    work, children, session, amara_only = group
    coordinator = work.coordinator
    assert_reads_only(session_pages(client, coordinator, session), set(NAMES))
    plan_page = text_of(client.get(reverse("casework:plan_detail", args=[work.plan.pk])))
    assert_reads_only(plan_page, set(NAMES), kinds=("goal",))
    api = client.get(f"/api/v1/direct-work/plans/{work.plan.pk}/sessions").json()
    voices = {row["child_voice"] for row in api["items"][0]["attendance"]}
    assert voices == {words(name)["voice"] for name in NAMES}
    for child in children.values():
        page = text_of(client.get(reverse("casework:child_detail", args=[child.pk])))
        assert words(child.first_name)["feedback"] in page  # the end of the work
        assert 'govuk-table__cell--numeric">48' in page  # the wellbeing total
