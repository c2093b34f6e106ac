"""Fewer indexes on people: each one costs every new person's insert.

An import writes a hundred thousand people in one go, and each person's row went into ten
indexes (eleven on PostgreSQL). Three of them did no work a query needs:

- the institution key's own index: ``people_person_institution`` (institution, last name)
  starts with the same column and serves every look-up by institution;
- on PostgreSQL, the county key's ``varchar_pattern_ops`` twin, which only ``LIKE``
  queries use (nothing searches county keys by pattern); the plain index stays, named;
- the site key's index on everyone: only people registered at a site are ever looked up
  by it (the facilitator's scope, a site's count), so the index holds only them. Both
  databases use such a partial index for ``= site`` and ``IN (sites)``.

The keys' own indexes are dropped in place (on SQLite, ``AlterField`` would rebuild the
whole table three times) and the two named indexes created.
"""

from django.db import migrations, models

KEYS = ("area", "institution", "registered_at_site")


def _drop_key_indexes(apps, schema_editor):
    """Drop the plain (and pattern) indexes Django made for the keys' own ``db_index``."""
    person = apps.get_model("people", "Person")
    table = person._meta.db_table
    columns = {person._meta.get_field(name).column for name in KEYS}
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, details in sorted(constraints.items()):
        single = details["columns"] and len(details["columns"]) == 1
        if (
            details["index"]
            and single
            and details["columns"][0] in columns
            and not details["unique"]
            and not details["primary_key"]
        ):
            schema_editor.execute(
                schema_editor.sql_delete_index
                % {"table": schema_editor.quote_name(table), "name": schema_editor.quote_name(name)}
            )


def _create_key_indexes(apps, schema_editor):
    """Undo: the keys' indexes as ``db_index=True`` makes them (this state has it)."""
    person = apps.get_model("people", "Person")
    for name in KEYS:
        for sql in schema_editor._field_indexes_sql(person, person._meta.get_field(name)):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("people", "0001_people_institutions_consent_roles"),
        ("places", "0001_sites_and_routes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.PROTECT,
                        related_name="+",
                        to="core.administrativearea",
                        verbose_name="county or district",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="institution",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.PROTECT,
                        related_name="people",
                        to="people.institution",
                        verbose_name="institution",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="registered_at_site",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.PROTECT,
                        related_name="registered_people",
                        to="places.site",
                        verbose_name="registered at",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(_drop_key_indexes, _create_key_indexes),
            ],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["area"], name="people_person_area"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("registered_at_site__isnull", False)),
                fields=["registered_at_site"],
                name="people_person_site",
            ),
        ),
    ]
