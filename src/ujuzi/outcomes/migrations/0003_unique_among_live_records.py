"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0006_unique_among_live_records"),
        ("outcomes", "0002_clock_column_names"),
        ("people", "0004_clock_column_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="followup",
            name="outcomes_follow_up_once",
        ),
        migrations.AddConstraint(
            model_name="followup",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("completion", "wave"),
                name="outcomes_follow_up_once",
            ),
        ),
    ]
