"""Settings for `make bench-cms` (scripts/bench_cms.py): the demo site served by
gunicorn as in production (DEBUG off, one process, local-memory cache) on a
throwaway SQLite file, plus a trivial view to compare page costs against."""

from .local import *  # noqa: F403
from .local import VAR_DIR, env

PORTAL_ENVIRONMENT = "bench"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": env.db("BENCH_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bench-cms.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Adds /bench/trivial/ in front of the real URLs; nothing else changes.
ROOT_URLCONF = "cms.bench_urls"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
