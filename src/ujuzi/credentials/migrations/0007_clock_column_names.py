"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("credentials", "0006_partner_certificates_and_mappings")]

    operations = [
        migrations.RemoveConstraint(
            model_name="achievementmapping",
            name="credentials_achievement_mapping",
        ),
        migrations.RemoveConstraint(
            model_name="trustedissuer",
            name="credentials_trusted_issuer_did",
        ),
        migrations.RenameField("achievementmapping", "updated_at", "changed_clock"),
        migrations.RenameField("achievementmapping", "deleted_at", "deleted_clock"),
        migrations.RenameField("credential", "updated_at", "changed_clock"),
        migrations.RenameField("credential", "deleted_at", "deleted_clock"),
        migrations.RenameField("issuinghold", "updated_at", "changed_clock"),
        migrations.RenameField("issuinghold", "deleted_at", "deleted_clock"),
        migrations.RenameField("partnercredential", "updated_at", "changed_clock"),
        migrations.RenameField("partnercredential", "deleted_at", "deleted_clock"),
        migrations.RenameField("passportshare", "updated_at", "changed_clock"),
        migrations.RenameField("passportshare", "deleted_at", "deleted_clock"),
        migrations.RenameField("statuslistrange", "updated_at", "changed_clock"),
        migrations.RenameField("statuslistrange", "deleted_at", "deleted_clock"),
        migrations.RenameField("trustedissuer", "updated_at", "changed_clock"),
        migrations.RenameField("trustedissuer", "deleted_at", "deleted_clock"),
        migrations.AddConstraint(
            model_name="achievementmapping",
            constraint=models.UniqueConstraint(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("issuer", "achievement_id", "competency"),
                name="credentials_achievement_mapping",
            ),
        ),
        migrations.AddConstraint(
            model_name="trustedissuer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("did",),
                name="credentials_trusted_issuer_did",
            ),
        ),
    ]
