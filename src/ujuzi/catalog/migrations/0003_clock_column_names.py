"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_course_completion_rule")]

    operations = [
        migrations.RenameField("course", "updated_at", "changed_clock"),
        migrations.RenameField("course", "deleted_at", "deleted_clock"),
        migrations.RenameField("courseoutcome", "updated_at", "changed_clock"),
        migrations.RenameField("courseoutcome", "deleted_at", "deleted_clock"),
        migrations.RenameField("courseprerequisite", "updated_at", "changed_clock"),
        migrations.RenameField("courseprerequisite", "deleted_at", "deleted_clock"),
        migrations.RenameField("offering", "updated_at", "changed_clock"),
        migrations.RenameField("offering", "deleted_at", "deleted_clock"),
        migrations.RenameField("programme", "updated_at", "changed_clock"),
        migrations.RenameField("programme", "deleted_at", "deleted_clock"),
    ]
