"""The public site's languages: English ("en-gb", the default) and Swedish.

English was stored as "en" while the site had one language; it becomes
"en-gb" to match LANGUAGE_CODE, so English pages keep unprefixed URLs.
"""

from django.db import migrations


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="en-gb").exists():
        updated = Locale.objects.filter(language_code="en").update(language_code="en-gb")
        if not updated:
            Locale.objects.create(language_code="en-gb")
    Locale.objects.get_or_create(language_code="sv")


def english_back_to_en(apps, schema_editor):
    # Swedish stays: pages may still use it, and an unused locale does no harm.
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.filter(language_code="en-gb").update(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_public_pages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, english_back_to_en)]
