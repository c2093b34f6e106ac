"""Course evidence names its course, so a pathway never offers a completed course again.

Course evidence written before carried the course only in its note ("CS-101 2026-11-27"):
the course is read back from there. Those rows are filled in place, outside the journal,
as the change of an upgrade every node makes for itself.
"""

import django.db.models.deletion
from django.db import migrations, models


def _course_from_note(apps, schema_editor):
    evidence = apps.get_model("assessment", "Evidence")
    course = apps.get_model("catalog", "Course")
    by_code = dict(course.objects.values_list("code", "pk"))
    pending = evidence.objects.filter(source="course", course__isnull=True)
    for pk, note in pending.values_list("pk", "note").iterator():
        code = (note or "").split(" ", 1)[0]
        if code in by_code:
            evidence.objects.filter(pk=pk).update(course_id=by_code[code])


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("catalog", "0002_course_completion_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="course",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.course",
            ),
        ),
        migrations.RunPython(_course_from_note, migrations.RunPython.noop),
    ]
