from django.db import migrations


def load(apps, schema_editor):
    from beslut.klausuler import load_defaults

    load_defaults(apps.get_model("beslut", "Klausul"))


class Migration(migrations.Migration):
    """A fresh installation starts with the standard clause library."""

    dependencies = [("beslut", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
