"""Which programmes a person works on (requirement 9): the one place a list,
a page, a rule or an API route asks it.

- an administrator: every programme;
- a co-ordinator of the provider (a `coordinator` membership of it): every
  programme that provider runs;
- a programme worker: the programmes whose team they are on, while they hold a
  current `programme_worker` membership of the provider.
A referring social worker has no account and is never in scope.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.accounts.roles import Role

from ..models import Programme, ProgrammeWorker

_CACHE = "_programme_scope"


def scope_of(user) -> dict[int, bool]:
    """{programme id: co-ordinates it?} for the programmes `user` works on (cached on the user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    if user.is_portal_admin:
        scope = {pk: True for pk in Programme.objects.values_list("pk", flat=True)}
    else:
        coordinated = [o.pk for o in user.organisations_where(Role.COORDINATOR)]
        worker_at = [o.pk for o in user.organisations_where(Role.PROGRAMME_WORKER)]
        scope = {
            pk: True
            for pk in Programme.objects.filter(provider__in=coordinated).values_list(
                "pk", flat=True
            )
        }
        if worker_at:
            for pk in ProgrammeWorker.objects.filter(
                user=user, programme__provider__in=worker_at
            ).values_list("programme_id", flat=True):
                scope.setdefault(pk, False)
    setattr(user, _CACHE, scope)
    return scope


def programmes_of(user) -> QuerySet[Programme]:
    return Programme.objects.filter(pk__in=list(scope_of(user))).select_related("provider")


def works_on(user, programme_id: int | None) -> bool:
    return programme_id is not None and programme_id in scope_of(user)


def coordinates(user, programme_id: int | None) -> bool:
    return bool(programme_id is not None and scope_of(user).get(programme_id))


def in_scope(user, field: str = "programme") -> Q:
    """A filter on any model with a path `field` to its programme."""
    return Q(**{f"{field}__in": list(scope_of(user))})
