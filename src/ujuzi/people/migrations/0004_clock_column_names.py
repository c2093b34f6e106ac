"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_learner_number")]

    operations = [
        migrations.RenameField("consentevent", "updated_at", "changed_clock"),
        migrations.RenameField("consentevent", "deleted_at", "deleted_clock"),
        migrations.RenameField("institution", "updated_at", "changed_clock"),
        migrations.RenameField("institution", "deleted_at", "deleted_clock"),
        migrations.RenameField("person", "updated_at", "changed_clock"),
        migrations.RenameField("person", "deleted_at", "deleted_clock"),
        migrations.RenameField("personsensitive", "updated_at", "changed_clock"),
        migrations.RenameField("personsensitive", "deleted_at", "deleted_clock"),
        migrations.RenameField("roleassignment", "updated_at", "changed_clock"),
        migrations.RenameField("roleassignment", "deleted_at", "deleted_clock"),
    ]
