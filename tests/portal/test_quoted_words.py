"""A child's own words are shown inside one pair of quotation marks, even when the
person who typed them already put quotation marks around them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placements.casework.models import DirectWorkPlan
from placements.casework.services.sessions import session_log
from portal.templatetags.words import quoted
from tests.accounts.support import visible_text
from tests.casework.support import a_theme, work_with


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("I felt safe", "“I felt safe”"),
        ('"I felt safe"', "“I felt safe”"),
        ("“I felt safe”", "“I felt safe”"),
        ("  'I felt safe'  ", "“I felt safe”"),
        ('"I felt safe', '“"I felt safe”'),  # one stray mark is the child's, kept
        ('I said "no" to him', '“I said "no" to him”'),
    ],
)
def test_quoted_gives_one_pair_of_quotation_marks(typed, shown):
    assert quoted(typed) == shown


@pytest.mark.django_db
def test_the_childs_words_on_the_session_and_the_plan_have_one_pair_of_quotes(client):
    work = work_with(status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True)
    goal = work.plan.members.get().goals.get()
    goal.text = "“I want to feel calmer at playtime”"
    goal.save(update_fields=["text"])
    session = work.sessions()[0]
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme(),
        activities="Worry monsters",
        observations="Quiet at first, then chatty.",
        attendance=[
            {"child": c, "attended": True, "child_voice": '"I felt safe"', "notes": ""}
            for c in work.children
        ],
    )
    client.force_login(work.student)

    session_page = visible_text(client.get(reverse("casework:session_detail", args=[session.pk])))
    plan_page = visible_text(client.get(reverse("casework:plan_detail", args=[work.plan.pk])))

    assert "“I felt safe”" in session_page
    assert '"I felt safe"' not in session_page and "““" not in session_page
    assert "“I want to feel calmer at playtime”" in plan_page
    assert "““" not in plan_page and "””" not in plan_page
