"""API routes: observations (see supervision/api/__init__.py)."""

from . import router  # noqa: F401
