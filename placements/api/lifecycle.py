from . import router  # noqa: F401
