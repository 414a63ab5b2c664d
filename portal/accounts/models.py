"""People and the organisations they act for.

A user signs in with an email address. What they may see comes from their
memberships: a role held in one organisation for a period of time. A user may
hold several roles at once (a practice educator who also co-ordinates).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history import register
from simple_history.models import HistoricalRecords

from .roles import Role


def hash_secret(secret: str) -> str:
    """One-way hash for invitation keys and API tokens (both are random, so no salt is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    name = models.CharField("display name", max_length=150)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    api_access_allowed = models.BooleanField(
        "may use the API",
        default=False,
        help_text="Lets this person create API tokens although none of their roles needs "
        "the API (tutors, co-ordinators and administrators always may).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]

    # Wagtail's admin reads these; the Django admin is guarded by PortalAdminSite.
    @property
    def is_staff(self) -> bool:
        return self.is_portal_admin

    @cached_property
    def active_memberships(self) -> list[Membership]:
        return list(Membership.objects.current().filter(user=self).select_related("organisation"))

    @cached_property
    def active_roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.active_roles.intersection(roles))

    def organisations_where(self, *roles: str) -> list[Organisation]:
        return [m.organisation for m in self.active_memberships if m.role in roles]

    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.active_roles


register(User, excluded_fields=["password", "last_login"])


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", "University"
        LOCAL_AUTHORITY = "local_authority", "Local authority or agency"
        SCHOOL = "school", "School"
        SERVICE_PROVIDER = "service_provider", "Service provider"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            user__is_active=True,
        )


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


class Invitation(models.Model):
    """A single-use, expiring invitation to join one organisation in one role."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Withdrawn"

    email = models.EmailField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["key_hash"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()}, {self.organisation})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class ApiToken(models.Model):
    """A personal token for university systems. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="portal_api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
