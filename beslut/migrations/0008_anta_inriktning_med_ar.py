"""The default clause "Anta inriktning" names the year, as seed 002 does
("anta förslag till verksamhetsinriktning 2018"), through the new {ar}
placeholder. Only a clause still exactly as installed is changed: a
förbund's own wording stays."""

from django.db import migrations

GAMMAL = "anta förslag till verksamhetsinriktning"
NY = "anta förslag till verksamhetsinriktning {ar}"


def framat(apps, schema_editor):
    apps.get_model("beslut", "Klausul").objects.filter(namn="Anta inriktning", text=GAMMAL).update(text=NY)


def bakat(apps, schema_editor):
    apps.get_model("beslut", "Klausul").objects.filter(namn="Anta inriktning", text=NY).update(text=GAMMAL)


class Migration(migrations.Migration):
    dependencies = [("beslut", "0007_beredning_version")]

    operations = [migrations.RunPython(framat, bakat)]
