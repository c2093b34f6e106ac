"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_clock_column_names"),
        ("competencies", "0004_unique_among_live_records"),
        ("places", "0002_clock_column_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="courseoutcome",
            name="catalog_outcome",
        ),
        migrations.RemoveConstraint(
            model_name="courseprerequisite",
            name="catalog_prerequisite",
        ),
        migrations.RemoveConstraint(
            model_name="offering",
            name="catalog_offering_place",
        ),
        migrations.AlterField(
            model_name="course",
            name="code",
            field=models.CharField(max_length=40, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="programme",
            name="code",
            field=models.SlugField(max_length=80, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="course",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="catalog_course_code_live",
            ),
        ),
        migrations.AddConstraint(
            model_name="courseoutcome",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("course", "competency"),
                name="catalog_outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="courseprerequisite",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("course", "required"),
                name="catalog_prerequisite",
            ),
        ),
        migrations.AddConstraint(
            model_name="offering",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("course", "site", "language"),
                name="catalog_offering_place",
            ),
        ),
        migrations.AddConstraint(
            model_name="programme",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="catalog_programme_code_live",
            ),
        ),
    ]
