"""Put back what migrations create, after a transactional test's flush.

Tests against a live server or a real Celery worker run in transactional mode;
the flush after each removes rows that migrations created (the default locale,
Wagtail's root page, the capability frameworks), so the next test restores them
as a freshly migrated database would have them.
"""

from importlib import import_module

from django.apps import apps as django_apps
from django.conf import settings


def restore_migration_data() -> None:
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    # The capability frameworks come from a data migration, flushed too.
    load_frameworks = import_module("placements.migrations.0002_load_frameworks").load_frameworks
    load_frameworks(django_apps, None)
    # So do the POP direct-work themes and the bank holidays (both get_or_create).
    import_module("placements.casework.migrations.0002_seed_pop_themes").seed(django_apps, None)
    import_module("portal.migrations.0003_bank_holidays_england_and_wales").load(django_apps, None)
    # And the default retention schedules with their sources.
    import_module("portal.privacy.migrations.0002_default_retention_schedules").add_defaults(
        django_apps, None
    )
    import_module(
        "portal.privacy.migrations.0005_statutory_retention"
    ).children_records_are_statutory(django_apps, None)
    import_module("lifestory.migrations.0002_retention_schedules").add_schedules(django_apps, None)
