"""The lists of files shown on a direct observation's page (see
views.observation_attachments for the pages adding and removing them)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from portal.attachments.selectors import attachments_for


def observation_attachments(observation, service_user, *, can_change: bool) -> dict:
    """The observation's files and its feedback sheet's, with their links (two queries)."""

    def rows(record):
        found = list(attachments_for(record)) if record is not None else []
        for attachment in found:
            attachment.remove_url = (
                reverse(
                    "supervision:observation_attachment_remove",
                    args=[observation.pk, attachment.pk],
                )
                if can_change
                else ""
            )
        return found

    return {
        "attachments": rows(observation),
        "sheet_attachments": rows(service_user),
        "attachments_removable": can_change,
        "attachment_add_url": reverse(
            "supervision:observation_attachment_add", args=[observation.pk]
        )
        if can_change
        else "",
        "sheet_add_url": reverse("supervision:observation_sheet_add", args=[observation.pk])
        if can_change and service_user is not None
        else "",
    }


def service_user_of(observation):
    try:
        return observation.service_user_feedback
    except ObjectDoesNotExist:
        return None
