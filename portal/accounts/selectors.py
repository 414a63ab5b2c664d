from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import ApiToken, Invitation, Membership, Organisation, User


def organisations_visible_to(user: User, *, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if not user.is_portal_admin:
        organisations = organisations.filter(
            pk__in=[m.organisation_id for m in user.active_memberships]
        )
    if q:
        organisations = organisations.filter(name__icontains=q.strip())
    if kind:
        organisations = organisations.filter(kind=kind)
    current = Membership.objects.current()
    # Meta.ordering is dropped from GROUP BY queries: order explicitly, or pages
    # come out in an arbitrary order (and may repeat or skip organisations).
    return organisations.annotate(
        member_count=Count("memberships__user", filter=Q(memberships__in=current), distinct=True)
    ).order_by("name", "pk")


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__name", "role")
    )


def invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related(
        "invited_by", "accepted_by"
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def notification_kinds_offered(user: User):
    """The kinds of notification `user` may choose for: those that reach their roles,
    and any they have received or chosen for already (so nothing that reaches them
    is out of their hands)."""
    from portal.models import Notification, NotificationPreference
    from portal.notification_kinds import kinds_for

    received = set(
        Notification.objects.filter(user=user).exclude(kind="").values_list("kind", flat=True)
    )
    received |= set(NotificationPreference.objects.filter(user=user).values_list("kind", flat=True))
    return kinds_for(user.active_roles, received)
