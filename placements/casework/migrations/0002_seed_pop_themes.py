"""The Positive Outcomes Project's direct-work themes (DOMAIN.md), as editable data."""

from django.db import migrations

POP_THEMES = [
    ("Self-esteem and confidence", "How the child sees themselves and what they can do."),
    ("Emotional resilience", "Naming feelings, coping with change and setbacks."),
    ("Safe networks", "The trusted adults and places the child can turn to."),
    ("Problem solving", "Thinking through choices, consequences and next steps."),
    ("Online safety", "Staying safe on phones, games and social media."),
    ("Domestic abuse", "Understanding what happens at home and who can help."),
    (
        "Criminal exploitation and gangs",
        "Recognising grooming, county lines and pressure from older people.",
    ),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("casework", "Theme")
    for position, (name, description) in enumerate(POP_THEMES, start=1):
        Theme.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


def unseed(apps, schema_editor):
    Theme = apps.get_model("casework", "Theme")
    Theme.objects.filter(name__in=[name for name, _ in POP_THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_children_carers_allocations_themes")]

    operations = [migrations.RunPython(seed, unseed)]
