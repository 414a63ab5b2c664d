"""The default retention of later-life letters, with the source of the rule: the
letter is part of the Life Story Book, kept as long as the book (0002). Admins
change it in the Django admin (privacy.RetentionSchedule); this only adds it if missing."""

from django.db import migrations

SOURCE = (
    "A later-life letter is part of the child's Life Story Book and so of their adoption or "
    "permanence record. Adoption case records are kept for at least 100 years (Adoption "
    "Agencies Regulations 2005, regulation 12, counted from the adoption order); "
    "looked-after children's records until the 75th birthday (Care Planning, Placement and "
    "Case Review Regulations 2010, regulation 50). The letter is kept on the longer rule, "
    "100 years from the child's birth, like the rest of the book."
)

RECORD_TYPES = ("lifestory.LaterLifeLetter",)


def add_schedules(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    for label in RECORD_TYPES:
        RetentionSchedule.objects.get_or_create(
            record_type=label,
            defaults={
                "period_months": 1200,
                "counts_from": "child_birth",
                "action": "anonymise",
                "statutory": True,
                "source": SOURCE,
            },
        )


def remove_schedules(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    RetentionSchedule.objects.filter(record_type__in=RECORD_TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lifestory", "0005_later_life_letters"),
        ("privacy", "0005_statutory_retention"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
