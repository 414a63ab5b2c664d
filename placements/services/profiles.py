"""Student and practice educator profiles: what practice learning needs to know
about a person beyond their roles (course, DBS check, registration, PEPS stage)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from placements.models import EducatorProfile, StudentProfile
from portal.accounts.models import User
from portal.accounts.roles import Role

STUDENT_FIELDS = ("university", "course", "cohort", "student_number", "dbs_checked_on")
EDUCATOR_FIELDS = ("swe_registration", "peps_stage", "location", "max_students", "dbs_checked_on")


def _check(by: User, person: User) -> None:
    if not by.has_perm("placements.edit_profile", person):
        raise PermissionDenied("You cannot change this person's profile.")


@transaction.atomic
def student_profile_save(*, person: User, by: User, **fields) -> StudentProfile:
    _check(by, person)
    if not person.has_role(Role.STUDENT):
        raise PermissionDenied("Only someone with the student role has a student profile.")
    profile = getattr(person, "student_profile", None) or StudentProfile(user=person)
    for name in STUDENT_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def educator_profile_save(*, person: User, by: User, **fields) -> EducatorProfile:
    _check(by, person)
    if not person.has_role(Role.PRACTICE_EDUCATOR):
        raise PermissionDenied(
            "Only someone with the practice educator role has a practice educator profile."
        )
    profile = getattr(person, "educator_profile", None) or EducatorProfile(user=person)
    for name in EDUCATOR_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    if isinstance(profile.swe_registration, str):
        profile.swe_registration = profile.swe_registration.strip().upper()
    profile.full_clean()
    profile.save()
    return profile
