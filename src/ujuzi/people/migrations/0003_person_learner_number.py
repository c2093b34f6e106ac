"""Every person gets a learner number, the identifier certificates name their holder by.

Added empty, filled with a fresh random number for each person already registered, then
made required and unique. The numbers given here are written straight to the table: on
an installation upgraded before any site syncs with it, they are the person's numbers
from then on.
"""

from django.db import migrations, models

import ujuzi.people.learner_numbers


def _number_everyone(apps, schema_editor):
    person = apps.get_model("people", "Person")
    pending = person.objects.filter(learner_number__isnull=True).values_list("pk", flat=True)
    for pk in pending.iterator():
        person.objects.filter(pk=pk).update(
            learner_number=ujuzi.people.learner_numbers.learner_number_new()
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_index_trim")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="learner_number",
            field=models.CharField(max_length=20, null=True, verbose_name="learner number"),
        ),
        migrations.RunPython(_number_everyone, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="learner_number",
            field=models.CharField(
                default=ujuzi.people.learner_numbers.learner_number_new,
                editable=False,
                max_length=20,
                unique=True,
                verbose_name="learner number",
            ),
        ),
    ]
