"""Settings for `make bench` (scripts/bench): the portal at a university's scale,
served by gunicorn as in production, on the machine's own PostgreSQL and Redis.

Production-like where it changes what a request costs: DEBUG off, PostgreSQL
with a connection per request, the Redis cache (page cache, rate limits),
sessions read from Redis first and kept in the database too. Local where
production would refuse plain HTTP on 127.0.0.1 (no TLS redirect or secure-only
cookies), MFA is not enforced (the benchmark signs people in by session), and
static files use the plain storage (the manifest storage refuses GOV.UK
Frontend's CSS, which names the crest this portal leaves out; static files are
not measured). On top of portal.settings.bench (the trivial view at
/bench/trivial/), every response carries its query count
(portal.bench.middleware), which nothing outside the benchmark reads.
"""

from .bench import *  # noqa: F403
from .bench import MIDDLEWARE, env

# As production: a connection per request unless the URL asks otherwise (?conn_max_age=).
DATABASES = {
    "default": env.db(
        "BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal_bench_2000"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("BENCH_REDIS_URL", default="redis://127.0.0.1:6379/3"),
        # One prefix per database: a page cached from one scale is never served at another.
        "KEY_PREFIX": f"portal-bench-{DATABASES['default']['NAME']}",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as production (REDIS_URL)
PORTAL_ENFORCE_MFA = False
MIDDLEWARE = ["portal.bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
