"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_evidence_from_partner_certificates")]

    operations = [
        migrations.RenameField("diagnosticattempt", "updated_at", "changed_clock"),
        migrations.RenameField("diagnosticattempt", "deleted_at", "deleted_clock"),
        migrations.RenameField("diagnosticresponse", "updated_at", "changed_clock"),
        migrations.RenameField("diagnosticresponse", "deleted_at", "deleted_clock"),
        migrations.RenameField("evidence", "updated_at", "changed_clock"),
        migrations.RenameField("evidence", "deleted_at", "deleted_clock"),
        migrations.RenameField("question", "updated_at", "changed_clock"),
        migrations.RenameField("question", "deleted_at", "deleted_clock"),
        migrations.RenameField("roleprofileoverride", "updated_at", "changed_clock"),
        migrations.RenameField("roleprofileoverride", "deleted_at", "deleted_clock"),
        migrations.RenameField("skillestimate", "updated_at", "changed_clock"),
        migrations.RenameField("skillestimate", "deleted_at", "deleted_clock"),
    ]
