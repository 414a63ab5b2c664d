"""Embedded defaults for `make run`: SQLite, eager Celery, console email."""

from .base import *  # noqa: F403
from .base import env

PORTAL_ENVIRONMENT = "local"
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-key-not-for-production-use-0123456789")
