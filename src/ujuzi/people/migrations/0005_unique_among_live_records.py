"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.conf import settings
from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_node_role_clock_floor_origin_seq"),
        ("people", "0004_clock_column_names"),
        ("places", "0002_clock_column_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="person",
            name="people_person_national_id",
        ),
        migrations.RemoveConstraint(
            model_name="person",
            name="people_person_personal_number",
        ),
        migrations.AlterField(
            model_name="institution",
            name="code",
            field=models.SlugField(max_length=40, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="people_institution_code_live",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("national_id",),
                name="people_person_national_id",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("personal_number",),
                name="people_person_personal_number",
            ),
        ),
    ]
