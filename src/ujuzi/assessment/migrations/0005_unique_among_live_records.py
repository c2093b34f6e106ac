"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_clock_column_names"),
        ("competencies", "0004_unique_among_live_records"),
        ("people", "0004_clock_column_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="diagnosticresponse",
            name="assessment_response_position",
        ),
        migrations.RemoveConstraint(
            model_name="skillestimate",
            name="assessment_estimate",
        ),
        migrations.AlterField(
            model_name="question",
            name="code",
            field=models.CharField(max_length=60, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="diagnosticresponse",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("attempt", "position"),
                name="assessment_response_position",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="assessment_question_code_live",
            ),
        ),
        migrations.AddConstraint(
            model_name="skillestimate",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("person", "competency"),
                name="assessment_estimate",
            ),
        ),
    ]
