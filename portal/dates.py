"""How dates read in messages and pages: "3 March 2026" (GOV.UK style)."""

from datetime import date


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
