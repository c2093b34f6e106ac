"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_node_role_clock_floor_origin_seq"),
        ("places", "0002_clock_column_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="site",
            name="code",
            field=models.SlugField(max_length=40, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="site",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("code",),
                name="places_site_code_live",
            ),
        ),
    ]
