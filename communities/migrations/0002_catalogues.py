"""Load the profile indicators of handbook 3.2.1 and the ISIC Rev.4 sector catalogue."""

from django.db import migrations


def load(apps, schema_editor):
    from communities.catalogues import load_catalogues

    load_catalogues(apps)


def unload(apps, schema_editor):
    apps.get_model("communities", "ProfileIndicator").objects.all().delete()
    Sector = apps.get_model("communities", "Sector")
    Sector.objects.exclude(parent=None).delete()
    Sector.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
