"""Fields several casework records share."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def created_by_field() -> models.ForeignKey:
    """Who recorded the row; a user with records is never deleted (PROTECT)."""
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
