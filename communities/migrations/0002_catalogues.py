"""Load the profile indicators of handbook 3.2.1 and the ISIC Rev.4 sector catalogue."""

from django.db import migrations


def load(apps, schema_editor):
    from communities.catalogues import (
        HANDBOOK_3_2_1,
        ISIC_SECTIONS,
        PROFILE_INDICATORS,
        TRADES,
    )

    ProfileIndicator = apps.get_model("communities", "ProfileIndicator")
    Sector = apps.get_model("communities", "Sector")
    for order, (code, name, group, description) in enumerate(PROFILE_INDICATORS, start=1):
        ProfileIndicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "description": description,
                "source": HANDBOOK_3_2_1,
                "order": order,
            },
        )
    sections = {}
    for code, name in ISIC_SECTIONS:
        sections[code], _ = Sector.objects.update_or_create(
            code=code, defaults={"name": name, "parent": None}
        )
    for code, name, section in TRADES:
        Sector.objects.update_or_create(
            code=code, defaults={"name": name, "parent": sections[section]}
        )


def unload(apps, schema_editor):
    apps.get_model("communities", "ProfileIndicator").objects.all().delete()
    Sector = apps.get_model("communities", "Sector")
    Sector.objects.exclude(parent=None).delete()
    Sector.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
