"""PostgreSQL: leave room in the snapshot table's pages so that the nightly rewrite of every
row is a HOT update (no index entry rewritten, less bloat between two vacuums)."""

from django.db import migrations


def set_fillfactor(apps, schema_editor, value=70):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name("observatory_indicatorsnapshot")
    schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(value)})")


def reset_fillfactor(apps, schema_editor):  # noqa: ANN001, ANN201
    set_fillfactor(apps, schema_editor, value=100)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0003_disclosure_table")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=True)]
