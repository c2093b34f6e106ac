"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RenameField("user", "updated_at", "changed_clock"),
        migrations.RenameField("user", "deleted_at", "deleted_clock"),
    ]
