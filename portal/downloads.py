"""A table handed to the person asking for it as a CSV file: one way for every
report's download.

- UTF-8 with a byte order mark, so Excel reads names with accents (Å, é) right;
- an attachment with the name given (Django's header: a name with quotes or
  non-ASCII letters is encoded, never breaks the header);
- `no-store`: a report is not kept in a shared cache;
- every cell made safe for a spreadsheet (`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# A spreadsheet program runs a cell that starts with one of these as a formula
# (CSV injection): names and labels come from users, so such a cell gets a
# leading ' and is shown as text. A plain number ("-0.5", "+3") is no formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def spreadsheet_safe(value):
    """`value`, with a text a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The header and rows as the bytes of a CSV file (for a response, or a file a
    background export keeps)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """The header and rows as a CSV file named `filename` to download."""
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
