"""Student and practice educator profiles: what practice learning needs to know
about a person beyond their roles (course, DBS check, registration, PEPS stage)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from placements.models import EducatorProfile, StudentProfile
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.services import notifications_done_for

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


# --- A new practice educator completes their own profile (issue 22, requirement 7) ---
OWN_PROFILE_URL = "placements:own_educator_profile"


def educator_profile_is_complete(person: User) -> bool:
    """Registration, PEPS stage and DBS check recorded (one query)."""
    return EducatorProfile.objects.filter(user=person, dbs_checked_on__isnull=False).exists()


def own_profile_step_url(person: User) -> str:
    """The page where `person` completes their profile, or "" when it is complete
    (portal.accounts.onboarding and their "Waiting for you" list)."""
    if educator_profile_is_complete(person):
        return ""
    return reverse(OWN_PROFILE_URL)


@transaction.atomic
def educator_profile_complete(
    *,
    person: User,
    by: User,
    swe_registration: str,
    peps_stage: int | None,
    location: str,
    dbs_checked_on: date | None,
) -> EducatorProfile:
    """A practice educator records their Social Work England registration, PEPS
    stage, where they work and their DBS check date, once: every problem at once,
    nothing saved on a refusal. Later changes go through their co-ordinator. Marks
    the "complete your profile" notice done."""
    if by.pk != person.pk or not by.has_perm("placements.complete_own_profile"):
        raise PermissionDenied("Only practice educators complete their own profile.")
    profile = EducatorProfile.objects.select_for_update().filter(user=person).first()
    if profile is not None and profile.dbs_checked_on is not None:
        raise ValidationError(
            "Your profile is complete. Ask your placement co-ordinator to change it."
        )
    profile = profile or EducatorProfile(user=person)
    profile.swe_registration = (swe_registration or "").strip().upper()
    profile.peps_stage = peps_stage
    profile.location = location or ""
    profile.dbs_checked_on = dbs_checked_on
    errors: dict[str, list[str]] = {}
    if dbs_checked_on is None:
        errors["dbs_checked_on"] = ["Enter the date of your DBS check."]
    try:
        profile.full_clean()
    except ValidationError as invalid:
        for field, messages in invalid.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        profile.save()
    notifications_done_for(user=person, url=reverse(OWN_PROFILE_URL))
    return profile
