"""Reads for the "Schools we work with" pages (models.SchoolService): the links of
the services a co-ordinator runs, the services they may link, and the schools."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.accounts.models import Organisation, User

from ..models import SchoolService
from ..rules import HOLDING_KINDS
from .requests import coordinated_services


def managed_services(user: User) -> QuerySet[Organisation]:
    """The services whose schools `user` manages: those they co-ordinate, or every
    service for an admin."""
    services = Organisation.objects.filter(kind__in=HOLDING_KINDS)
    if not user.is_portal_admin:
        services = services.filter(pk__in=[o.pk for o in coordinated_services(user)])
    return services.order_by("name")


def schools() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("name")


def links_of(user: User) -> QuerySet[SchoolService]:
    """The links of `user`'s services, by school (a fixed number of queries)."""
    return (
        SchoolService.objects.filter(service__in=managed_services(user))
        .select_related("school", "service")
        .order_by("school__name", "service__name", "kind", "pk")
    )


def link_for_page(pk: int) -> SchoolService | None:
    return SchoolService.objects.select_related("school", "service").filter(pk=pk).first()


def is_schools_last_link(link: SchoolService) -> bool:
    """Whether removing `link` leaves its school with none (so it may ask any service
    for direct work again)."""
    return not SchoolService.objects.filter(school_id=link.school_id).exclude(pk=link.pk).exists()
