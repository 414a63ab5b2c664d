"""The default retention of referrals to a programme, with the source of the rule.
Admins change it in the Django admin (privacy.RetentionSchedule); this only adds
those missing."""

from django.db import migrations

SOURCE = (
    "No statute sets how long a voluntary-sector provider keeps a referral to its "
    "programme. Default: six years from the day the referral arrived (the limitation "
    "period for most claims, Limitation Act 1980, sections 2 and 5), then anonymised. "
    "A referral that leads to an enrolment is kept with the enrolment's record once "
    "intake links them. The provider may set its own period here."
)

RECORD_TYPES = ("programmes.Referral", "programmes.ReferredChild")


def add_schedules(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    for label in RECORD_TYPES:
        RetentionSchedule.objects.get_or_create(
            record_type=label,
            defaults={
                "period_months": 72,
                "counts_from": "received",
                "action": "anonymise",
                "statutory": False,
                "source": SOURCE,
            },
        )


def remove_schedules(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    RetentionSchedule.objects.filter(record_type__in=RECORD_TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_referrals"),
        ("privacy", "0005_statutory_retention"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
