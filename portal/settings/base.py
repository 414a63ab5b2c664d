"""Settings shared by every environment, driven by environment variables.

Each value that differs between a laptop and production is read from the
environment (see README.md for the full list); local.py, test.py and
production.py only choose defaults.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

PORTAL_ENVIRONMENT = "base"
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "portal.accounts",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "portal",
    "portal.audit",
    "portal.privacy",
    "portal.attachments",
    "placements",
    "placements.casework",
    "placements.programmes",
    "supervision",
    "lifestory",
    "cms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware, with the portal's pages in the language the user chose (portal.language).
    "portal.language.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages: ends sessions past SESSION_IDLE_MINUTES or SESSION_MAX_HOURS.
    "portal.accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.EnforceMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so the headers above apply to cached pages too (see cms.cache).
    "cms.cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
            "builtins": ["portal.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "portal.forms.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
# allauth's backend (a ModelBackend: signing in, Django's model permissions, in one
# query here); rules adds object permissions; admins may do everything. Rules first:
# a permission a rule grants is answered without loading the model permissions.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "portal.accounts.backends.PortalAdminBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# django-allauth: email login, verified addresses, sign-up by invitation only
# (portal.accounts.adapter decides when sign-up is open).
ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupDetailsForm"
# allauth's forms with messages that name the field (portal.forms.GovukMessagesMixin).
_ALLAUTH_FORMS = "portal.accounts.allauth_forms"
ACCOUNT_FORMS = {
    "login": f"{_ALLAUTH_FORMS}.LoginForm",
    "change_password": f"{_ALLAUTH_FORMS}.ChangePasswordForm",
    "set_password": f"{_ALLAUTH_FORMS}.SetPasswordForm",
    "reset_password": f"{_ALLAUTH_FORMS}.ResetPasswordForm",
    "reset_password_from_key": f"{_ALLAUTH_FORMS}.ResetPasswordKeyForm",
    "reauthenticate": f"{_ALLAUTH_FORMS}.ReauthenticateForm",
    "add_email": f"{_ALLAUTH_FORMS}.AddEmailForm",
}
MFA_FORMS = {
    "authenticate": f"{_ALLAUTH_FORMS}.AuthenticateForm",
    "reauthenticate": f"{_ALLAUTH_FORMS}.MfaReauthenticateForm",
    "activate_totp": f"{_ALLAUTH_FORMS}.ActivateTOTPForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A signed-in person the Wagtail or Django admin refuses is sent to sign-in with
# ?next=/admin/; redirecting them on to `next` would loop forever. Show the form.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Practice portal] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Practice education portal"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
PORTAL_ENFORCE_MFA = env.bool("PORTAL_ENFORCE_MFA", default=False)
PORTAL_INVITATION_DAYS = 7

# Wagtail
WAGTAIL_SITE_NAME = "Practice education portal"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

LANGUAGE_CODE = "en-gb"
# English is "en-gb" (not "en") so that it equals LANGUAGE_CODE: public pages in the
# default language then keep unprefixed URLs (i18n_patterns with
# prefix_default_language=False) and the portal keeps British date formats.
LANGUAGES = [("en-gb", "English"), ("sv", "Svenska")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Public pages exist in English and Swedish (the Children's Program is Swedish).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Life Story Book photos and documents (lifestory.storage): never under MEDIA_ROOT,
# whose renditions folder is served on a laptop, and never with a public address.
# A folder by default; an S3-compatible bucket when PRIVATE_STORAGE_BUCKET is set,
# with private objects and short-lived signed links.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
PRIVATE_STORAGE_BUCKET = env("PRIVATE_STORAGE_BUCKET", default="")
if PRIVATE_STORAGE_BUCKET:
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env("PRIVATE_STORAGE_ENDPOINT_URL", default=None),
            "region_name": env("PRIVATE_STORAGE_REGION", default=None),
            # Without keys, boto3 finds credentials itself (AWS_* variables, instance role).
            "access_key": env("PRIVATE_STORAGE_ACCESS_KEY_ID", default=None),
            "secret_key": env("PRIVATE_STORAGE_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("PRIVATE_STORAGE_LINK_SECONDS", default=300),
            "file_overwrite": False,
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
# Behind nginx with the folder above: the internal location (e.g. "/private-files/",
# an `internal` alias of PRIVATE_MEDIA_ROOT) from which the proxy sends a checked
# photo (X-Accel-Redirect), so Django does not stream it. Empty: Django sends it.
LIFESTORY_ACCEL_REDIRECT = env("LIFESTORY_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Practice portal <no-reply@portal.local>")

# Celery: tasks run in the request thread unless a broker is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Later features add their periodic work here.


def _beat(task: str, **when) -> dict:
    return {"task": task, "schedule": crontab(**when)}


CELERY_BEAT_SCHEDULE = {
    # Notification emails whose enqueue failed (broker down) or whose sending
    # failed wait in the outbox (portal.models.EmailOutbox): send them.
    "relay-email-outbox": _beat("portal.tasks.relay_email_outbox", minute="*"),
    "prune-read-notifications": _beat("portal.tasks.prune_read_notifications", hour=3, minute=15),
    "send-notification-digests": _beat("portal.tasks.send_notification_digests", hour=7, minute=40),
    # Made documents (PDF exports) are kept a week, then deleted with their files.
    "prune-document-exports": _beat("portal.tasks.prune_document_exports", hour=3, minute=30),
    # Unsaved drafts of long forms (portal.drafts) nobody came back to: after 30 days.
    "prune-form-drafts": _beat("portal.tasks.prune_form_drafts", hour=3, minute=45),
    # Records whose retention period has ended are anonymised or deleted
    # (portal.privacy.retention); the report is in the portal for admins.
    "run-retention-schedules": _beat(
        "portal.privacy.tasks.run_retention_schedules", hour=2, minute=30
    ),
    # Rights requests due within a week or overdue: the administrators are told.
    "remind-rights-requests": _beat(
        "portal.privacy.tasks.remind_rights_requests", hour=7, minute=10
    ),
    # Programme outcome checks due within a week or overdue: the care co-ordinators.
    "remind-outcome-checks": _beat(
        "placements.programmes.tasks.remind_outcome_checks", hour=7, minute=20
    ),
    # Leader certificates 90 and 30 days from expiry: the provider's co-ordinators.
    "remind-leader-certificates": _beat(
        "placements.programmes.tasks.remind_leader_certificates", hour=7, minute=25
    ),
    # Wagtail's scheduled publishing only happens when something runs it.
    "publish-scheduled-pages": _beat("cms.tasks.publish_scheduled_pages", minute="*"),
    # Book the weekly supervision slots before the reminders look for gaps.
    "schedule-supervision-sessions": _beat(
        "supervision.tasks.schedule_supervision_sessions", hour=5, minute=30
    ),
    "send-supervision-reminders": _beat(
        "supervision.tasks.send_supervision_reminders", hour=6, minute=0
    ),
}
PORTAL_NOTIFICATION_RETENTION = timedelta(days=180)

# Security headers. The policy is strict everywhere; the Wagtail admin gets its
# own narrower exemption in portal.middleware.PortalCSPMiddleware.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A signed-in session ends after SESSION_IDLE_MINUTES without a request and
# SESSION_MAX_HOURS after signing in, however active (portal.accounts.sessions); it
# is kept that long after its last use, for the middleware to end and say why.
# With Redis, read from the cache first (a query less a page), written to both.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

NINJA_PAGINATION_PER_PAGE = 25
PORTAL_PAGE_SIZE = 25
PORTAL_API_TOKEN_MAX_DAYS = 365

# How many proxies in front of the app add to X-Forwarded-For (1 behind one
# reverse proxy). allauth's sign-in limits and the feedback limit below find the
# client address with it; left at 0 behind a proxy, every visitor would share
# the proxy's address and so one limit. Production requires it to be set.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# "Was this page useful?": answers per client (hashed address, cache only) per window.
CMS_FEEDBACK_RATE_LIMIT = env.int("CMS_FEEDBACK_RATE_LIMIT", default=5)
CMS_FEEDBACK_RATE_WINDOW_SECONDS = 600
# The portal's own limited actions (portal/ratelimit.py), counted by allauth's
# limiter like sign-in: "amount/window/per", per signed-in user or per key.
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    "portal_invitation": "50/h/user",
    "portal_api_token": "10/h/user",
    "portal_support_request": "20/h/user",
    # Per client: the key is a keyed hash of the address.
    "portal_page_feedback": f"{CMS_FEEDBACK_RATE_LIMIT}/{CMS_FEEDBACK_RATE_WINDOW_SECONDS}s/key",
    # Life Story Book contribution links: per link (the key is the token's hash)
    # and per client (a keyed hash of the address).
    "lifestory_contribution": "5/h/key",
    "lifestory_contribution_client": "20/h/key",
    # A programme's public referral form: per client (a keyed hash of the address).
    "programme_referral_client": "10/h/key",
    # A programme's public registration of interest: per client, likewise.
    "programme_interest_client": "10/h/key",
    "programme_report_link": "10/h/key",  # a programme report's link, per link (token hash)
    "programme_report_link_client": "30/h/key",  # and per client (a keyed hash of the address)
}
# Public pages for anonymous visitors: kept server-side until the next publish
# (or this long), and by browsers and proxies for a minute.
CMS_PAGE_CACHE_SECONDS = env.int("CMS_PAGE_CACHE_SECONDS", default=600)
CMS_PAGE_BROWSER_MAX_AGE = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
