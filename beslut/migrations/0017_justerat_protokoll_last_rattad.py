"""0016's trigger function as corrected there: its first version read
OLD.omedelbart_justerad on every table (PL/pgSQL does not short-circuit
AND), so an update or delete of närvaro, jäv, röster or justeringar failed.
Replaced here for databases that had already run 0016."""

import importlib

from django.db import migrations

FUNCTIONS = importlib.import_module("beslut.migrations.0016_justerat_protokoll_last").FUNCTIONS


class Migration(migrations.Migration):
    dependencies = [("beslut", "0016_justerat_protokoll_last")]

    operations = [migrations.RunSQL(FUNCTIONS, migrations.RunSQL.noop)]
