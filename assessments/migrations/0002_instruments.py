"""Load version 1 of the handbook's instruments (Altai criteria, Tables 3.1, 3.2, 3.5, 6.1 and
the community-led child protection criteria of section 6.3.1)."""

from django.db import migrations


def load(apps, schema_editor):
    from assessments.catalogues import load_instruments

    load_instruments(apps)


def unload(apps, schema_editor):
    from assessments.catalogues import INSTRUMENT_CODES

    # Items go with their instrument (CASCADE); an instrument already used by an assessment
    # is protected, so reversing fails rather than losing answers.
    apps.get_model("assessments", "Instrument").objects.filter(
        code__in=INSTRUMENT_CODES, version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
