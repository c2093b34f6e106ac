"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0003_clock_column_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="caseassociation",
            name="competencies_association_identifier",
        ),
        migrations.RemoveConstraint(
            model_name="competency",
            name="competencies_item_identifier",
        ),
        migrations.RemoveConstraint(
            model_name="competency",
            name="competencies_item_uri",
        ),
        migrations.RemoveConstraint(
            model_name="framework",
            name="competencies_framework_version",
        ),
        migrations.RemoveConstraint(
            model_name="leveldescriptor",
            name="competencies_descriptor_level",
        ),
        migrations.RemoveConstraint(
            model_name="proficiencylevel",
            name="competencies_level_number",
        ),
        migrations.RemoveConstraint(
            model_name="roletarget",
            name="competencies_role_target",
        ),
        migrations.AlterField(
            model_name="roleprofile",
            name="code",
            field=models.SlugField(max_length=60, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="caseassociation",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("framework", "case_identifier"),
                name="competencies_association_identifier",
            ),
        ),
        migrations.AddConstraint(
            model_name="competency",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("framework", "case_identifier"),
                name="competencies_item_identifier",
            ),
        ),
        migrations.AddConstraint(
            model_name="competency",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("framework", "uri_code"),
                name="competencies_item_uri",
            ),
        ),
        migrations.AddConstraint(
            model_name="framework",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("slug", "version"),
                name="competencies_framework_version",
            ),
        ),
        migrations.AddConstraint(
            model_name="leveldescriptor",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("competency", "level_number"),
                name="competencies_descriptor_level",
            ),
        ),
        migrations.AddConstraint(
            model_name="proficiencylevel",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("framework", "number"),
                name="competencies_level_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleprofile",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="competencies_roleprofile_code_live",
            ),
        ),
        migrations.AddConstraint(
            model_name="roletarget",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("role_profile", "competency"),
                name="competencies_role_target",
            ),
        ),
    ]
