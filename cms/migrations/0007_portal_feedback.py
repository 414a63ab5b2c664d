"""Answers to "Was this page useful?" about portal pages (the Beta banner's feedback
link), kept like the public site's page feedback: two years, then deleted."""

from django.db import migrations, models

SOURCE = (
    "'Was this page useful?' answers about portal pages: two years, like the public "
    "site's page feedback; they name no one, but a comment may."
)


def add_schedule(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    RetentionSchedule.objects.get_or_create(
        record_type="cms.PortalFeedback",
        defaults={
            "period_months": 24,
            "counts_from": "given",
            "action": "delete",
            "source": SOURCE,
        },
    )


def remove_schedule(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    RetentionSchedule.objects.filter(record_type="cms.PortalFeedback").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_service_contact_snippet"),
        ("privacy", "0005_statutory_retention"),
    ]

    operations = [
        migrations.CreateModel(
            name="PortalFeedback",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("path", models.CharField(max_length=300)),
                ("useful", models.BooleanField()),
                ("comment", models.TextField(blank=True, max_length=1200)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
            options={
                "verbose_name": "portal feedback",
                "verbose_name_plural": "portal feedback",
                "ordering": ["-created_at"],
            },
        ),
        migrations.RunPython(add_schedule, remove_schedule),
    ]
