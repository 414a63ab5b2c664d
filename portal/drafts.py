"""Drafts of long forms, kept on the server as the person types (issue 21,
requirement 4: unsaved work is not lost).

An edit page opts in with two views beside it, both built on the page's own
permission mixin so a draft is refused exactly as an edit would be (404 outside
the user's scope, 403 for someone who may not make the change):

- one with `DraftSaveMixin` (htmx posts the whole form to it a few seconds after each
  change): keeps the raw values in a `FormDraft` keyed by (user, record) and
  answers "Draft saved at 10:42". A record that takes no changes now (locked,
  sent on, reviewed) answers 409 and nothing is written;
- one with `DraftDiscardMixin` (the "Discard the draft" button): deletes it.

The edit page uses `DraftRestoreMixin`: on a GET the user's draft is put back into
the form, with a banner saying so. The record's save service calls
`draft_discard`, so a successful save ends the draft.

Privacy: a draft holds what its author typed, which on a direct-work session
log includes what a child said and notes about them. A draft is private to its
author and never shown to anyone else: every read here is filtered by the
requesting user, there is no admin, API, export or history of drafts, and they
are pruned after `RETENTION`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from .dates import time_on_date
from .models import FormDraft

# Drafts nobody came back to are deleted after this (portal.tasks.prune_form_drafts).
RETENTION = timedelta(days=30)
# What a draft never keeps: Django's CSRF token.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})
STATUS_TEMPLATE = "portal/includes/draft_status.html"
# The draft views' own refusals carry this header, so the page shows their message
# (htmx leaves 4xx answers out unless told; see portal/static/portal/js/unsaved-work.js).
REFUSED_HEADER = "X-Portal-Draft"


# --- services --------------------------------------------------------------------------


def _key(*, user, record) -> dict:
    return {
        "user": user,
        "content_type": ContentType.objects.get_for_model(record),
        "object_id": record.pk,
    }


def draft_save(*, user, record, data: MultiValueDict) -> FormDraft:
    """Keep what `user` typed into the form of `record` (replacing their last draft)."""
    values = {name: data.getlist(name) for name in data if name not in NOT_KEPT}
    draft, _ = FormDraft.objects.update_or_create(
        **_key(user=user, record=record),
        defaults={"data": values, "saved_at": timezone.now()},
    )
    return draft


def draft_for(*, user, record) -> FormDraft | None:
    """The user's own draft of `record`, if any (never anyone else's)."""
    if not user.is_authenticated:
        return None
    return FormDraft.objects.filter(**_key(user=user, record=record)).first()


def draft_discard(*, user, record) -> bool:
    """Delete the user's draft of `record`; a record's save service calls it on success."""
    deleted, _ = FormDraft.objects.filter(**_key(user=user, record=record)).delete()
    return bool(deleted)


def drafts_prune(*, older_than: datetime) -> int:
    deleted, _ = FormDraft.objects.filter(saved_at__lt=older_than).delete()
    return deleted


def saved_at_label(draft: FormDraft) -> str:
    """'10:42' today, '10:42 on 3 March 2027' before (local time: Europe/London)."""
    when = timezone.localtime(draft.saved_at)
    if when.date() == timezone.localdate():
        return f"{when:%H:%M}"
    return time_on_date(when)


def draft_apply(form: forms.BaseForm, draft: FormDraft) -> None:
    """Show the draft's values in an unbound form, without validating them.

    Each field's widget reads its value from the draft as it would from a request,
    so an unticked box or an emptied list comes back as it was left. Files are not
    kept in drafts; disabled fields keep the record's value.
    """
    data = MultiValueDict(
        {name: [str(value) for value in values] for name, values in draft.data.items()}
    )
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, forms.FileField):
            continue
        form.initial[name] = field.widget.value_from_datadict(data, {}, form.add_prefix(name))


# --- views -----------------------------------------------------------------------------


def status_response(request, message: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        render_to_string(
            STATUS_TEMPLATE, {"message": message, "refused": status != 200}, request=request
        ),
        status=status,
    )
    if status != 200:
        response[REFUSED_HEADER] = "refused"
    return response


class DraftRecordMixin:
    """Each draft view defines `draft_record()`: the record the page's permission
    mixin loaded (declared here, not defined, so a view without it fails loudly)."""

    draft_record: Callable[[], models.Model]


class DraftSaveMixin(DraftRecordMixin):
    """POST (htmx, from the edit form): keep the form's values as the user's draft.

    Listed first, before the edit page's permission mixin and then View, so the
    permission mixin's dispatch runs. `draft_refusal()` returns why the record
    takes no changes now (answered 409, nothing written).
    """

    http_method_names = ["post"]

    def draft_refusal(self) -> str | None:
        return None

    def refuse(self, message: str, *, status: int = 409) -> HttpResponse:
        return status_response(self.request, f"Draft not saved: {message}", status=status)

    def handle_no_permission(self):
        # Signed out while typing: a sign-in page swapped into the form would hide the
        # problem, so say it where the draft status goes.
        if not self.request.user.is_authenticated:
            return self.refuse(
                "you are signed out. Copy what you typed, then sign in again.", status=403
            )
        return super().handle_no_permission()

    def post(self, request, *args, **kwargs):
        refusal = self.draft_refusal()
        if refusal:
            return self.refuse(refusal)
        draft = draft_save(user=request.user, record=self.draft_record(), data=request.POST)
        return status_response(request, f"Draft saved at {saved_at_label(draft)}")


class DraftDiscardMixin(DraftRecordMixin):
    """POST (the banner's button): delete the user's draft and go back to the edit page.

    Listed like DraftSaveMixin: first, then the permission mixin, then View.
    """

    http_method_names = ["post"]
    edit_url_name: str = ""

    def post(self, request, *args, **kwargs):
        record = self.draft_record()
        if draft_discard(user=request.user, record=record):
            messages.success(request, "Your draft was discarded.")
        return redirect(self.edit_url_name, pk=record.pk)


class DraftRestoreMixin(DraftRecordMixin):
    """For the edit page (a FormView): the user's draft back in the form on a GET.

    `draft_url_name` names the draft-saving view's URL (taking the record's pk); the
    discard view's is the same name with `_discard`. A view whose `get_form` does
    not call super() calls `restore_draft(form)` itself.
    """

    draft_url_name: str = ""
    restored_draft: FormDraft | None = None

    def get_form(self, form_class=None):
        return self.restore_draft(super().get_form(form_class))

    def restore_draft(self, form):
        if not form.is_bound:
            self.restored_draft = draft_for(user=self.request.user, record=self.draft_record())
            if self.restored_draft is not None:
                draft_apply(form, self.restored_draft)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.draft_record().pk
        context.update(
            draft_save_url=reverse(self.draft_url_name, args=[pk]),
            draft_discard_url=reverse(f"{self.draft_url_name}_discard", args=[pk]),
            restored_draft=self.restored_draft,
            restored_draft_at=saved_at_label(self.restored_draft) if self.restored_draft else "",
        )
        return context
