"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("delivery", "0004_enrolment_cancelled")]

    operations = [
        migrations.AlterModelOptions(
            name="attendance",
            options={"ordering": ["session", "person", "changed_clock"]},
        ),
        migrations.RemoveIndex(
            model_name="attendance",
            name="delivery_attendance_latest",
        ),
        migrations.RenameField("attendance", "updated_at", "changed_clock"),
        migrations.RenameField("attendance", "deleted_at", "deleted_clock"),
        migrations.RenameField("cohort", "updated_at", "changed_clock"),
        migrations.RenameField("cohort", "deleted_at", "deleted_clock"),
        migrations.RenameField("cohortfacilitator", "updated_at", "changed_clock"),
        migrations.RenameField("cohortfacilitator", "deleted_at", "deleted_clock"),
        migrations.RenameField("completion", "updated_at", "changed_clock"),
        migrations.RenameField("completion", "deleted_at", "deleted_clock"),
        migrations.RenameField("enrolment", "updated_at", "changed_clock"),
        migrations.RenameField("enrolment", "deleted_at", "deleted_clock"),
        migrations.RenameField("learnerkey", "updated_at", "changed_clock"),
        migrations.RenameField("learnerkey", "deleted_at", "deleted_clock"),
        migrations.RenameField("nomination", "updated_at", "changed_clock"),
        migrations.RenameField("nomination", "deleted_at", "deleted_clock"),
        migrations.RenameField("session", "updated_at", "changed_clock"),
        migrations.RenameField("session", "deleted_at", "deleted_clock"),
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                fields=["session", "person", "changed_clock"], name="delivery_attendance_latest"
            ),
        ),
    ]
