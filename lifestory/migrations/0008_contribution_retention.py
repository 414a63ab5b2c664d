"""The default retention of contribution links and contributions (issue 17, R4): like
the rest of the book, 100 years from the child's birth. Admins change it in the
Django admin (privacy.RetentionSchedule); this only adds those missing."""

from django.db import migrations

SOURCE = (
    "Contributions from outside (links sent to carers and relatives, and what they sent) "
    "are part of the Life Story Book, itself part of the child's adoption or permanence "
    "record: kept like the book, 100 years from the child's birth (Adoption Agencies "
    "Regulations 2005, regulation 12; Care Planning, Placement and Case Review Regulations "
    "2010, regulation 50)."
)

RECORD_TYPES = ("lifestory.ContributionLink", "lifestory.Contribution")


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
        ("lifestory", "0007_contribution_links"),
        ("privacy", "0005_statutory_retention"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
