"""Fast inserts for large registers: one prepared INSERT run with executemany.

`bulk_create` compiles every value of every row through the ORM; for 50,000 new accounts and
childminders that compilation is most of the import's time. Here each column is prepared
with its field's `get_db_prep_save` once per row and the statement is compiled once.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

BATCH = 2000


def insert_rows(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """INSERT the unsaved `objects` (no primary key returned: fetch it by a natural key)."""
    if not objects:
        return
    fields = [
        f
        for f in model._meta.concrete_fields  # type: ignore[attr-defined]
        if not f.primary_key or getattr(objects[0], f.attname) is not None
    ]
    table = connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    for obj in objects:
        for field in fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                field.pre_save(obj, add=True)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
                    for obj in objects[start : start + BATCH]
                ],
            )
