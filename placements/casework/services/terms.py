"""Writes to a school's term dates: its terms and the holidays within them.

Who: a contact of the school, a co-ordinator of a service holding records of its
pupils, or an admin (rules.terms). Outside that scope: Http404. Bad dates raise
ValidationError naming the field and save nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.accounts.models import Organisation, User
from portal.audit.context import acting_as
from portal.permissions import require_object_permission

from ..models import SchoolTerm, TermHoliday

MANAGE = "casework.manage_school_terms"
EXAMPLES = {"term": "Autumn term 2026", "holiday": "October half-term"}


def _require(by: User, school: Organisation) -> None:
    require_object_permission(by, school, scope=MANAGE)


def _check_dates(name, starts_on, ends_on, errors: dict, *, what: str) -> None:
    if not (name or "").strip():
        errors["name"] = [f"Enter the {what}'s name, for example {EXAMPLES[what]}."]
    if not isinstance(starts_on, date):
        errors["starts_on"] = ["Enter the first day, for example 1 September 2026."]
    if not isinstance(ends_on, date):
        errors["ends_on"] = ["Enter the last day, for example 18 December 2026."]


def _full_clean(record, errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
    try:
        record.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


@transaction.atomic
def term_save(
    *,
    by: User,
    school: Organisation,
    name: str,
    starts_on: date | None,
    ends_on: date | None,
    term: SchoolTerm | None = None,
) -> SchoolTerm:
    """Add a term to `school`, or change `term` (its name and dates)."""
    _require(by, school)
    if term is not None and term.school_id != school.pk:
        raise ValidationError({"__all__": ["The term is not one of this school's."]})
    if term is not None:
        term = SchoolTerm.objects.select_for_update().get(pk=term.pk)
    else:
        term = SchoolTerm(school=school)
    errors: dict[str, list[str]] = {}
    _check_dates(name, starts_on, ends_on, errors, what="term")
    name = (name or "").strip()
    if term.pk and (term.name, term.starts_on, term.ends_on) == (name, starts_on, ends_on):
        return term  # sent again unchanged: no new version
    term.name, term.starts_on, term.ends_on = name, starts_on, ends_on
    _full_clean(term, errors)
    with acting_as(by):
        term.save()
    return term


@transaction.atomic
def term_delete(*, by: User, term: SchoolTerm) -> None:
    """Remove a term and its holidays."""
    _require(by, term.school)
    with acting_as(by):
        for holiday in term.holidays.all():
            holiday.delete()
        term.delete()


@transaction.atomic
def holiday_add(
    *, by: User, term: SchoolTerm, name: str, starts_on: date | None, ends_on: date | None
) -> TermHoliday:
    """A half-term or INSET day (or days) within `term`."""
    _require(by, term.school)
    term = SchoolTerm.objects.select_for_update().select_related("school").get(pk=term.pk)
    errors: dict[str, list[str]] = {}
    if ends_on is None and isinstance(starts_on, date):
        ends_on = starts_on  # one day
    _check_dates(name, starts_on, ends_on, errors, what="holiday")
    holiday = TermHoliday(
        term=term, name=(name or "").strip(), starts_on=starts_on, ends_on=ends_on
    )
    _full_clean(holiday, errors)
    with acting_as(by):
        holiday.save()
    return holiday


@transaction.atomic
def holiday_delete(*, by: User, holiday: TermHoliday) -> None:
    _require(by, holiday.term.school)
    with acting_as(by):
        holiday.delete()
