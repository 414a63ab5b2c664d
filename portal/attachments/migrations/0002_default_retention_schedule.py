"""The default retention schedule of attachments (admins change it in the Django
admin, privacy.RetentionSchedule); only added when missing."""

from django.db import migrations

SOURCE = (
    "Files attached to capability evidence, direct observations and feedback sheets: "
    "seven years from the upload. A placement lasts under a year, so that is past the "
    "six years after its end that its records are kept (a record deleted sooner takes "
    "its files with it)."
)


def add_default(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    RetentionSchedule.objects.get_or_create(
        record_type="attachments.Attachment",
        defaults={
            "period_months": 84,
            "counts_from": "uploaded",
            "action": "delete",
            "source": SOURCE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("attachments", "0001_initial"),
        ("privacy", "0002_default_retention_schedules"),
    ]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
