"""Drafts of long forms (portal.drafts): kept per person and record, private to
their author, shown back in a form as typed, pruned after 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from portal import drafts
from portal.accounts.roles import Role
from portal.models import FormDraft, Notification
from portal.tasks import prune_form_drafts
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    """Any record will do: drafts are keyed by content type and id."""
    return OrganisationFactory()


def typed(text: str) -> QueryDict:
    return QueryDict(text, mutable=False)


def test_a_draft_keeps_the_raw_values_but_not_the_csrf_token(record):
    author = user_with_role(Role.STUDENT)
    draft = drafts.draft_save(
        user=author,
        record=record,
        data=typed(
            "csrfmiddlewaretoken=abc&notes=Half+written&domains=3&domains=7&date=2026-13-45"
        ),
    )
    assert draft.data == {"notes": ["Half written"], "domains": ["3", "7"], "date": ["2026-13-45"]}
    # Saving again replaces the person's one draft of the record.
    drafts.draft_save(user=author, record=record, data=typed("notes=More"))
    assert FormDraft.objects.get().data == {"notes": ["More"]}


def test_a_draft_is_read_only_by_its_author(record):
    author, colleague = user_with_role(Role.STUDENT), user_with_role(Role.STUDENT)
    drafts.draft_save(user=author, record=record, data=typed("notes=Private"))
    assert drafts.draft_for(user=author, record=record).data == {"notes": ["Private"]}
    assert drafts.draft_for(user=colleague, record=record) is None
    # Another person's draft of the same record is separate, and discarding one
    # leaves the other.
    drafts.draft_save(user=colleague, record=record, data=typed("notes=Theirs"))
    assert drafts.draft_discard(user=author, record=record) is True
    assert drafts.draft_for(user=author, record=record) is None
    assert drafts.draft_for(user=colleague, record=record).data == {"notes": ["Theirs"]}
    assert drafts.draft_discard(user=author, record=record) is False


def test_a_draft_is_keyed_by_the_kind_of_record_too(record):
    author = user_with_role(Role.STUDENT)
    other_kind = Notification.objects.create(user=author, title="Same id, other table")
    drafts.draft_save(user=author, record=record, data=typed("notes=One"))
    assert drafts.draft_for(user=author, record=other_kind) is None
    drafts.draft_save(user=author, record=other_kind, data=typed("notes=Two"))
    assert FormDraft.objects.count() == 2
    assert drafts.draft_for(user=author, record=record).data == {"notes": ["One"]}


class RecordForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea)
    shared = forms.BooleanField(required=False)
    domains = forms.MultipleChoiceField(
        required=False,
        choices=[("3", "Three"), ("7", "Seven")],
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(choices=[("online", "Online"), ("in_person", "In person")])
    locked = forms.CharField(required=False, disabled=True)


def test_the_form_shows_the_draft_as_typed_without_validating_it(record):
    author = user_with_role(Role.STUDENT)
    # The record had the box ticked and one domain; the draft unticked the box,
    # chose another domain and left the choice empty.
    form = RecordForm(
        initial={
            "notes": "Saved",
            "shared": True,
            "domains": ["3"],
            "mode": "online",
            "locked": "x",
        }
    )
    draft = drafts.draft_save(
        user=author, record=record, data=typed("notes=Typed&domains=7&mode=&locked=changed")
    )
    drafts.draft_apply(form, draft)
    assert not form.is_bound and not form.errors
    html = str(form)
    assert "Typed</textarea>" in html
    assert form["shared"].value() is False
    assert form["domains"].value() == ["7"]
    assert form["mode"].value() == ""
    assert form["locked"].value() == "x"  # a disabled field keeps the record's value


def test_the_time_is_local_and_names_the_day_when_not_today(clock):
    assert settings.TIME_ZONE == "Europe/London"
    summer_morning = datetime(2027, 7, 1, 9, 42, tzinfo=UTC)  # 10:42 in London (BST)
    clock.now = summer_morning
    assert drafts.saved_at_label(FormDraft(saved_at=summer_morning)) == "10:42"
    earlier = summer_morning - timedelta(days=2, hours=1)
    assert drafts.saved_at_label(FormDraft(saved_at=earlier)) == "09:42 on 29 June 2027"


def test_the_fragment_says_when_the_draft_was_saved():
    request = RequestFactory().post("/")
    response = drafts.status_response(request, "Draft saved at 10:42")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-hint' in html and "Draft saved at 10:42" in html
    assert drafts.REFUSED_HEADER not in response
    refused = drafts.status_response(request, "Draft not saved: locked.", status=409)
    assert refused.status_code == 409 and refused[drafts.REFUSED_HEADER] == "refused"
    assert 'class="govuk-error-message' in refused.content.decode()


def test_drafts_nobody_came_back_to_are_pruned_after_30_days(record):
    author = user_with_role(Role.STUDENT)
    old = drafts.draft_save(user=author, record=record, data=typed("notes=Old"))
    FormDraft.objects.filter(pk=old.pk).update(saved_at=timezone.now() - timedelta(days=31))
    recent_record = OrganisationFactory()
    drafts.draft_save(user=author, record=recent_record, data=typed("notes=Recent"))
    assert prune_form_drafts() == 1
    assert list(FormDraft.objects.values_list("object_id", flat=True)) == [recent_record.pk]
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert any(job["task"] == "portal.tasks.prune_form_drafts" for job in schedule.values())


@pytest.mark.parametrize(
    "template",
    [
        "supervision/sessions/edit.html",
        "casework/sessions/session_log.html",
        "placements/evidence/form.html",  # evidence_create, evidence_update
        "supervision/observations/form.html",  # observation_edit (and booking, reflection)
        "supervision/observations/feedback.html",
        "casework/requests/request_form.html",  # request_create
        "casework/assessments/assessment_edit.html",
    ],
)
def test_long_forms_warn_before_unsaved_changes_are_left(template):
    from django.template.loader import get_template

    source = get_template(template).template.source
    assert '<form method="post" novalidate data-unsaved-warning' in source
