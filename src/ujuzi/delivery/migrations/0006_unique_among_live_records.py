"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.conf import settings
from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_unique_among_live_records"),
        ("delivery", "0005_clock_column_names"),
        ("people", "0004_clock_column_names"),
        ("places", "0002_clock_column_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="cohortfacilitator",
            name="delivery_facilitator_once",
        ),
        migrations.RemoveConstraint(
            model_name="enrolment",
            name="delivery_enrolment_once",
        ),
        migrations.RemoveConstraint(
            model_name="nomination",
            name="delivery_nomination_once",
        ),
        migrations.AlterField(
            model_name="cohort",
            name="code",
            field=models.SlugField(max_length=60, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="cohort",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="delivery_cohort_code_live",
            ),
        ),
        migrations.AddConstraint(
            model_name="cohortfacilitator",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("cohort", "user"),
                name="delivery_facilitator_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("cohort", "person"),
                name="delivery_enrolment_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("cohort", "person"),
                name="delivery_nomination_once",
            ),
        ),
    ]
