from django.db import migrations


def load(apps, schema_editor):
    # Only the clauses: the clause sets come in 0011, which chooses one.
    from beslut.klausuler import load_clauses

    load_clauses(apps.get_model("beslut", "Klausul"))


class Migration(migrations.Migration):
    """A fresh installation starts with the standard clause library."""

    dependencies = [("beslut", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
