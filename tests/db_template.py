"""Migrate once per checkout, not once per test process (issue 20, requirement 8).

Creating the test database runs every migration of every installed app (about
400, most of them Wagtail's), and Django re-renders the project's model state
after each operation: minutes of CPU in each test process before its first
test, in both `make test` workers and in every one-file run. The migrated
database is the same every time until a migration changes, so the first
process to need it keeps a copy, `var/test-db/<fingerprint>.sqlite3`, and every
later one (the other xdist worker, the next run) loads that copy into its
in-memory database with SQLite's backup API: the same tables, indexes and rows
(data migrations, content types, permissions, Wagtail's root page and
collections) that `migrate` would have made, in well under a second.

The fingerprint covers each installed app's migration files, the tables of apps
without migrations, the settings migrations read, the SQLite library and every
installed distribution's version; any change means a fresh `migrate` and a new
copy. Concurrent processes take a file lock, so one builds and the others wait
for it. Only SQLite in-memory test databases use it (the integration suite's
PostgreSQL migrates as before); `PORTAL_TEST_DB_TEMPLATE=0` turns it off.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import sys
import sysconfig
import time
from pathlib import Path

from django.conf import settings

TEMPLATE_DIR = Path(settings.BASE_DIR) / "var" / "test-db"
STALE_AFTER_SECONDS = 24 * 3600
# Settings a migration (or a post_migrate handler) reads: Wagtail's initial
# locale, the user model, the key type of new tables.
SETTINGS_READ_BY_MIGRATIONS = (
    "INSTALLED_APPS",
    "MIGRATION_MODULES",
    "AUTH_USER_MODEL",
    "DEFAULT_AUTO_FIELD",
    "LANGUAGE_CODE",
    "LANGUAGES",
    "WAGTAIL_CONTENT_LANGUAGES",
    "WAGTAIL_I18N_ENABLED",
    "TIME_ZONE",
    "USE_TZ",
)


def enabled() -> bool:
    return os.environ.get("PORTAL_TEST_DB_TEMPLATE", "1") not in ("0", "false", "no")


def _migration_files(app_config) -> list[Path] | None:
    """The files of the app's migrations package, found without importing it
    (None for an app without migrations)."""
    module = f"{app_config.name}.migrations"
    if app_config.label in settings.MIGRATION_MODULES:
        module = settings.MIGRATION_MODULES[app_config.label]
        if module is None:
            return None
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return sorted(
        path for folder in spec.submodule_search_locations for path in Path(folder).rglob("*.py")
    )


def fingerprint(connection) -> str:
    from django.apps import apps

    digest = hashlib.sha256()

    def add(*parts) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else repr(part).encode())
            digest.update(b"\0")

    for app_config in apps.get_app_configs():
        files = _migration_files(app_config)
        if files is not None:
            for path in files:
                add(app_config.label, path.name, path.read_bytes())
            continue
        for model in app_config.get_models():  # made by run_syncdb from the models
            fields = model._meta.local_fields + model._meta.local_many_to_many
            add(model._meta.label, model._meta.db_table)
            add([(f.name, f.column, f.db_type(connection), f.null) for f in fields])
    add([(name, getattr(settings, name, None)) for name in SETTINGS_READ_BY_MIGRATIONS])
    add(sqlite3.sqlite_version, sys.version)
    # Installed distributions and their versions (names of the *.dist-info folders).
    for folder in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}):
        add(sorted(name for name in os.listdir(folder) if name.endswith(".dist-info")))
    return digest.hexdigest()[:20]


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


def _restore(template: Path, connection) -> bool:
    """Load the template into the (empty, in-memory) test database; False if it
    vanished meanwhile."""
    try:
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return False
    try:
        connection.ensure_connection()
        _copy(source, connection.connection)
    finally:
        source.close()
    _warm_content_types(connection.alias)
    return True


def _warm_content_types(alias: str) -> None:
    """`migrate` leaves every model's content type in ContentTypeManager's cache (its
    post_migrate handlers look each one up); so does a restore, or the first lookup
    in some test would cost a query that query-count assertions would see."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    manager = ContentType.objects.db_manager(alias)
    manager.clear_cache()
    manager.get_for_models(*apps.get_models(), for_concrete_models=False)
    manager.get_for_models(*apps.get_models())


def _save(connection, template: Path) -> None:
    partial = template.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        _copy(connection.connection, target)
    finally:
        target.close()
    os.replace(partial, template)
    for other in TEMPLATE_DIR.glob("*.sqlite3"):
        if other != template and time.time() - other.stat().st_mtime > STALE_AFTER_SECONDS:
            other.unlink(missing_ok=True)


@contextlib.contextmanager
def _lock():
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    with (TEMPLATE_DIR / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate_or_restore(original_call_command, name, *args, **options):
    """`call_command` as the test database creation calls it, with "migrate" of an
    in-memory SQLite database answered from the template when there is one."""
    from django.db import connections

    alias = options.get("database")
    if name != "migrate" or args or alias is None or not options.get("run_syncdb"):
        return original_call_command(name, *args, **options)
    connection = connections[alias]
    migrations_disabled = (  # --no-migrations: tables straight from the models, quick
        not isinstance(settings.MIGRATION_MODULES, dict)
        or connection.settings_dict.get("TEST", {}).get("MIGRATE") is False
    )
    if (
        migrations_disabled
        or connection.vendor != "sqlite"
        or not connection.creation.is_in_memory_db(connection.settings_dict["NAME"])
    ):
        return original_call_command(name, *args, **options)
    template = TEMPLATE_DIR / f"{fingerprint(connection)}.sqlite3"
    with _lock():
        if template.exists() and _restore(template, connection):
            return None
        result = original_call_command(name, *args, **options)
        _save(connection, template)
        return result


class TemplateMigrations:
    """While started, test database creation migrates through the template."""

    def __init__(self) -> None:
        self._original = None

    def start(self) -> None:
        from django.core import management

        if self._original is not None or not enabled():
            return
        original = self._original = management.call_command

        def call_command(name, *args, **options):
            return migrate_or_restore(original, name, *args, **options)

        management.call_command = call_command

    def stop(self) -> None:
        from django.core import management

        if self._original is not None:
            management.call_command = self._original
            self._original = None
