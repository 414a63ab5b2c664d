"""Production: PostgreSQL, Redis, a Celery worker and beat, behind a TLS proxy.

Refuses to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and
an explicit ALLAUTH_TRUSTED_PROXY_COUNT: without Redis each process would keep
its own rate limits and page cache, and a guessed proxy count either lets one
visitor pose as many (too high) or makes every visitor share one limit (too low).
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before base.py reads them, so a missing or malformed value is named here.
_required = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
)
_missing = [name for name in _required if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: "
        + ", ".join(_missing)
        + ". (ALLAUTH_TRUSTED_PROXY_COUNT is the number of proxies in front of the site, "
        "0 if none; REDIS_URL is the shared cache, e.g. redis://redis:6379/0.)"
    )
_proxy_count = os.environ["ALLAUTH_TRUSTED_PROXY_COUNT"].strip()
if not _proxy_count.isdecimal():
    raise ImproperlyConfigured(
        "ALLAUTH_TRUSTED_PROXY_COUNT must be a whole number, 0 or more: the number of "
        "proxies in front of the site."
    )

from .base import *  # noqa: E402, F403
from .base import CONTENT_SECURITY_POLICY, PRIVATE_STORAGE, env  # noqa: E402

PORTAL_ENVIRONMENT = "production"
ALLAUTH_TRUSTED_PROXY_COUNT = int(_proxy_count)

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
PORTAL_ENFORCE_MFA = env.bool("PORTAL_ENFORCE_MFA", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}

STORAGES = {
    # Uploaded files are private: MEDIA_ROOT is never served directly, only
    # through views that check permissions.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
