"""Settings for the test suites. The integration suite sets DATABASE_URL,
REDIS_URL and CELERY_BROKER_URL to reach the machine's real services."""

from .base import *  # noqa: F403
from .base import env

PORTAL_ENVIRONMENT = "test"
SECRET_KEY = "test-key-not-for-production-use-0123456789-abcdefghijklmnop"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_ENFORCE_MFA = env.bool("PORTAL_ENFORCE_MFA", default=False)
MFA_TOTP_TOLERANCE = 1
MFA_REAUTHENTICATION_REQUIRED = False
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Static files come straight from the finders; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
