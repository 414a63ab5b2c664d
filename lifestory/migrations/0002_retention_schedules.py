"""The default retention of Life Story Books and all their parts (the later-life
letter and contributions included), with the source of the rule. Admins
change it in the Django admin (privacy.RetentionSchedule); this only adds those missing."""

from django.db import migrations

SOURCE = (
    "Life Story Books are part of the child's adoption or permanence record. Adoption "
    "case records are kept for at least 100 years (Adoption Agencies Regulations 2005, "
    "regulation 12, counted from the adoption order); looked-after children's records until "
    "the 75th birthday (Care Planning, Placement and Case Review Regulations 2010, "
    "regulation 50). Every book here is kept on the longer rule, 100 years from the "
    "child's birth, so a book kept for a child in long-term fostering or under special "
    "guardianship is never let go early. The child's own record is kept as long as the book."
)

RECORD_TYPES = (
    "lifestory.LifeStoryBook",
    "lifestory.BookVersion",
    "lifestory.Chapter",
    "lifestory.ChapterComment",
    "lifestory.MediaItem",
    "lifestory.BookRender",
    "lifestory.LaterLifeLetter",
    "lifestory.ContributionLink",
    "lifestory.Contribution",
)


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
        ("lifestory", "0001_life_story_books"),
        ("privacy", "0005_statutory_retention"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
