"""When a case closed (the retention period runs from it) and when its personal data was
erased. Cases closed before this migration get the date of the audit event that closed them,
or, without one, the date of the record's last change (never earlier than the real closure,
so retention never starts early)."""

from django.db import migrations, models


def backfill_closed_on(apps, schema_editor):
    Returnee = apps.get_model("reintegration", "Returnee")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="reintegration", model="returnee").first()
    for returnee in Returnee.objects.filter(status="closed", closed_on__isnull=True).iterator():
        closing = None
        if content_type is not None:
            closing = (
                AuditEvent.objects.filter(
                    content_type=content_type,
                    object_id=str(returnee.pk),
                    changes__status__1="closed",
                )
                .order_by("-at")
                .first()
            )
        returnee.closed_on = (closing.at if closing else returnee.updated_at).date()
        returnee.save(update_fields=["closed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_erasure_may_scrub_logs"),
        ("reintegration", "0004_encrypt_sensitive_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="returnee",
            name="closed_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="returnee",
            name="erased_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill_closed_on, migrations.RunPython.noop),
    ]
