"""Input types every API router shares, so bad input is refused the same way
everywhere (a 422 naming the field) before it reaches the database.

- `Pagination`: page numbers with an upper bound. An unbounded `?page=10**30`
  becomes an OFFSET past the 64-bit integers SQLite and PostgreSQL hold, and
  the query fails (a 500) instead of answering.
- `LocalTime`: a time of day in UK local time, without a UTC offset. SQLite
  cannot store an aware time (a 500), and an offset would need a date to be
  turned into local time, so "10:00:00Z" is refused rather than guessed at.
- `PortalParser`: text no database stores (a NUL character, half a surrogate
  pair) is refused in query strings and JSON bodies; PostgreSQL would fail the
  query (a 500).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from pydantic import AfterValidator

# 100 rows a page (ninja's largest page) times this stays far inside 64 bits.
MAX_PAGE = 1_000_000


class Pagination(PageNumberPagination):
    """Page numbers, 1 to MAX_PAGE; a page past the last one is empty."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
        page_size: int | None = Field(
            None, ge=1, description="Rows a page; more than 100 are sent as 100."
        )


# How the API's schema describes every time of day (portal.api_schema).
LOCAL_TIME_SCHEMA = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "description": "UK local time, HH:MM or HH:MM:SS, without a time zone.",
    "examples": ["10:00"],
}


def _without_offset(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("Give the time as UK local time without a time zone, such as 10:00.")
    return value


LocalTime = Annotated[dt.time, AfterValidator(_without_offset)]


NOT_TEXT = "Remove the NUL character (\\x00) or broken character: no text may contain one."


def _texts(data):
    """Every string in parsed input: keys and values, however deeply nested."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(key)
            yield from _texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item)


def _storable(text: str) -> bool:
    """False for a NUL character, or half a surrogate pair ("\\ud800", which JSON's
    escapes can spell): no database text holds either, PostgreSQL fails the query
    (a 500) instead of refusing them, and no real input has them."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class PortalParser(Parser):
    """ninja's parser, refusing text no database stores, before any query sees it:
    in a JSON body as an unreadable body (400), in a query string as a 422
    naming the parameter."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not all(_storable(text) for text in _texts(data)):
            raise ValueError(NOT_TEXT)
        return data

    def parse_querydict(self, data, list_fields, request):
        parsed = super().parse_querydict(data, list_fields, request)
        for name, value in parsed.items():
            if not all(_storable(text) for text in _texts(value)):
                raise NinjaValidationError([{"loc": ("query", name), "msg": NOT_TEXT}])
        return parsed
