"""French and Arabic texts of the Altai criteria, Table 3.2 and the 20 profile indicators
(issue 11), from assessments/data/translations; the English handbook text stays the source."""

from django.db import migrations


def load(apps, schema_editor):
    from assessments.text_translations import load_translation_files

    load_translation_files(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_instrument_translations_instrumentitem_translations"),
        ("communities", "0006_profileindicator_translations"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
