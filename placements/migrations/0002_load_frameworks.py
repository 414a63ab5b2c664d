# Loads placements.frameworks as it stood when this ran; later changes to a framework
# are published as a new FrameworkVersion (admin), never by editing this migration.
from datetime import date

from django.db import migrations


def load_frameworks(apps, schema_editor):
    from placements.frameworks import FRAMEWORKS

    Framework = apps.get_model("placements", "Framework")
    FrameworkVersion = apps.get_model("placements", "FrameworkVersion")
    Capability = apps.get_model("placements", "Capability")
    for data in FRAMEWORKS:
        framework, _ = Framework.objects.get_or_create(
            code=data["code"], defaults={"name": data["name"]}
        )
        version, created = FrameworkVersion.objects.get_or_create(
            framework=framework,
            label=data["version"],
            defaults={
                "published_on": date.fromisoformat(data["published_on"]),
                "is_current": True,
            },
        )
        if not created:
            continue
        for number, entry in enumerate(data["capabilities"], start=1):
            title, summary, *descriptors = entry
            first, final = (descriptors + ["", ""])[:2]
            Capability.objects.create(
                version=version,
                number=number,
                title=title,
                summary=summary,
                first_placement_descriptor=first,
                final_placement_descriptor=final,
            )


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(load_frameworks, migrations.RunPython.noop)]
