"""Every date a person reads is formatted by portal.dates (issue 14: one way to do each thing).

The walk reads the apps' Python (not migrations) and fails on a month format (`%B`),
in a `strftime` call or an f-string's format spec, anywhere but portal/dates.py.
"""

from __future__ import annotations

import io
import tokenize
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.dates import long_date, long_date_time, month_year, short_date, time_on_date

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "placements", "supervision", "cms", "lifestory")
ONE_PLACE = ROOT / "portal" / "dates.py"


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path == ONE_PLACE:
                continue
            yield path


def _month_formats(path: Path) -> list[int]:
    """Lines of `path` with a string (an f-string included) holding a `%B` format."""
    source = path.read_text(encoding="utf-8")
    # Python 3.11 reads an f-string as one STRING token; 3.12 splits it (FSTRING_MIDDLE).
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return sorted({t.start[0] for t in tokens if t.type in kinds and "%B" in t.string})


def test_the_walk_sees_the_apps():
    found = {path.relative_to(ROOT).as_posix() for path in _sources()}
    assert "placements/models/placement.py" in found
    assert "portal/dates.py" not in found
    assert not any("/migrations/" in name for name in found)


def test_no_month_format_outside_portal_dates():
    offenders = []
    for path in _sources():
        name = path.relative_to(ROOT).as_posix()
        offenders += [f"{name}:{line}" for line in _month_formats(path)]
    assert offenders == [], "Format dates with portal.dates, not a %B format: " + ", ".join(
        offenders
    )


def test_the_walk_catches_a_month_format(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = day.strftime("%d %B %Y")\nb = f"{day:%B %Y}"\nc = f"{day:%H:%M}"\n',
        encoding="utf-8",
    )
    assert _month_formats(sample) == [1, 2]


def test_formats():
    day = date(2026, 3, 3)
    assert long_date(day) == "3 March 2026"
    assert short_date(day) == "3 Mar 2026"
    assert month_year(day) == "March 2026"


def test_times_read_in_local_time():
    moment = datetime(2026, 7, 3, 13, 5, tzinfo=ZoneInfo("UTC"))  # 14:05 in London (BST)
    assert long_date_time(moment) == "3 July 2026 at 14:05"
    assert time_on_date(moment) == "14:05 on 3 July 2026"
