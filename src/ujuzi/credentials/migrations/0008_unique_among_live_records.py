"""Natural keys are unique among live records only: a tombstone does not keep its key."""

from django.db import migrations, models

import ujuzi.core.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0007_clock_column_names"),
        ("people", "0004_clock_column_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="partnercredential",
            name="credentials_partner_credential",
        ),
        migrations.AddConstraint(
            model_name="partnercredential",
            constraint=ujuzi.core.constraints.UniqueAmongLive(
                condition=models.Q(("deleted_clock__isnull", True)),
                fields=("person", "credential_id"),
                name="credentials_partner_credential",
            ),
        ),
    ]
