"""The synced-record columns hold clock values, not times; their names now say so."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("competencies", "0002_roleprofile_roletarget")]

    operations = [
        migrations.RenameField("caseassociation", "updated_at", "changed_clock"),
        migrations.RenameField("caseassociation", "deleted_at", "deleted_clock"),
        migrations.RenameField("competency", "updated_at", "changed_clock"),
        migrations.RenameField("competency", "deleted_at", "deleted_clock"),
        migrations.RenameField("framework", "updated_at", "changed_clock"),
        migrations.RenameField("framework", "deleted_at", "deleted_clock"),
        migrations.RenameField("leveldescriptor", "updated_at", "changed_clock"),
        migrations.RenameField("leveldescriptor", "deleted_at", "deleted_clock"),
        migrations.RenameField("proficiencylevel", "updated_at", "changed_clock"),
        migrations.RenameField("proficiencylevel", "deleted_at", "deleted_clock"),
        migrations.RenameField("roleprofile", "updated_at", "changed_clock"),
        migrations.RenameField("roleprofile", "deleted_at", "deleted_clock"),
        migrations.RenameField("roletarget", "updated_at", "changed_clock"),
        migrations.RenameField("roletarget", "deleted_at", "deleted_clock"),
    ]
