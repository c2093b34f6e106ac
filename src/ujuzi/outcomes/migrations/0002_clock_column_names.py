"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(
            model_name="disabilitystatus",
            name="outcomes_disability_one_live",
        ),
        migrations.RenameField("disabilitystatus", "updated_at", "changed_clock"),
        migrations.RenameField("disabilitystatus", "deleted_at", "deleted_clock"),
        migrations.RenameField("followup", "updated_at", "changed_clock"),
        migrations.RenameField("followup", "deleted_at", "deleted_clock"),
        migrations.RenameField("followupanswer", "updated_at", "changed_clock"),
        migrations.RenameField("followupanswer", "deleted_at", "deleted_clock"),
        migrations.RenameField("placement", "updated_at", "changed_clock"),
        migrations.RenameField("placement", "deleted_at", "deleted_clock"),
        migrations.AddConstraint(
            model_name="disabilitystatus",
            constraint=models.UniqueConstraint(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("person",),
                name="outcomes_disability_one_live",
            ),
        ),
    ]
