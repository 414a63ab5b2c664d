"""Writes to which schools a service works with (models.SchoolService), each for a
kind of support: what a school's request form offers (selectors.requests.
school_offers).

Who: a co-ordinator of the service, or an admin (rules.school_services). A role
that manages no service's schools: PermissionDenied. Another service's link:
Http404. A school or service outside the person's reach, or a link already
recorded: ValidationError naming the field, and nothing saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.accounts.models import Organisation, User
from portal.audit.context import acting_as
from portal.permissions import require_object_permission, require_permission

from ..models import SchoolService, SupportKind
from ..rules.school_services import MANAGE


def kind_words(kind: str) -> str:
    """A kind of support as it reads inside a sentence."""
    label = str(SupportKind(kind).label)
    return label[:1].lower() + label[1:]


def already_linked(school: Organisation, service: Organisation, kind: str) -> str:
    return f"{school.name} already works with {service.name} for {kind_words(kind)}."


def _check(
    by: User, school: Organisation | None, service: Organisation | None, kind: str | None
) -> None:
    errors: dict[str, list[str]] = {}
    if school is None or school.kind != Organisation.Kind.SCHOOL:
        errors["school"] = ["Choose a school from the list."]
    if service is None or not by.has_perm(MANAGE, SchoolService(service=service)):
        errors["service"] = ["Choose a service you co-ordinate."]
    if kind not in SupportKind.values:
        errors["kind"] = ["Choose the kind of support the school may ask for."]
    if errors:
        raise ValidationError(errors)
    link = SchoolService(school=school, service=service, kind=kind)
    try:  # the model's own checks (a school; a service running one)
        link.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


@transaction.atomic
def school_service_add(
    *, by: User, school: Organisation | None, service: Organisation | None, kind: str | None
) -> SchoolService:
    """Record that `school` works with `service` for `kind` of support, so the
    school's request form offers it."""
    require_permission(by, MANAGE)
    _check(by, school, service, kind)
    if SchoolService.objects.filter(school=school, service=service, kind=kind).exists():
        raise ValidationError({"school": [already_linked(school, service, kind)]})
    link = SchoolService(school=school, service=service, kind=kind)
    try:
        with transaction.atomic(), acting_as(by):
            link.save()
    except IntegrityError:  # recorded by someone else at the same moment
        raise ValidationError({"school": [already_linked(school, service, kind)]}) from None
    return link


@transaction.atomic
def school_service_remove(*, by: User, link: SchoolService) -> None:
    """Stop `link`'s school asking its service for that kind of support. A school
    left with no links may ask any service for direct work again."""
    require_permission(by, MANAGE)
    require_object_permission(by, link, scope=MANAGE)
    current = SchoolService.objects.select_for_update().filter(pk=link.pk).first()
    if current is None:
        raise ValidationError("This link has already been removed.")
    with acting_as(by):
        current.delete()
