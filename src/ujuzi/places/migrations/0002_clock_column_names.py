"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("places", "0001_sites_and_routes")]

    operations = [
        migrations.RenameField("routestop", "updated_at", "changed_clock"),
        migrations.RenameField("routestop", "deleted_at", "deleted_clock"),
        migrations.RenameField("site", "updated_at", "changed_clock"),
        migrations.RenameField("site", "deleted_at", "deleted_clock"),
    ]
