import re

from django.db import migrations

BULLET = re.compile(r"^\s*[•\-–*·]\s+")


def _was_heading(line):
    # How headings were found before they were marked: a paragraph of one
    # short line without final punctuation.
    return len(line) <= 60 and not line.endswith((".", ":", "!", "?", ",", ";")) and not line[0].isdigit()


def mark_headings(text):
    """The old implicit headings ("Ansökan" alone on a line) as explicit
    "# Ansökan", so drafts written before look the same."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    run = []
    for i, line in enumerate([*lines, ""]):
        if line.strip() and not BULLET.match(line):
            run.append(i)
            continue
        if len(run) == 1 and _was_heading(lines[run[0]].strip()):
            lines[run[0]] = "# " + lines[run[0]].strip()
        run = []
    return "\n".join(lines)


def forward(apps, schema_editor):
    from beslut.klausuler import fill, values

    Beslutsforslag = apps.get_model("beslut", "Beslutsforslag")
    Verksamhetsinriktning = apps.get_model("beslut", "Verksamhetsinriktning")
    Klausul = apps.get_model("beslut", "Klausul")
    library = list(Klausul.objects.all())
    for forslag in Beslutsforslag.objects.select_related("ansokan__insatsagare").prefetch_related("satser"):
        arendet, bedomning = mark_headings(forslag.arendet), mark_headings(forslag.bedomning)
        if (arendet, bedomning) != (forslag.arendet, forslag.bedomning):
            Beslutsforslag.objects.filter(pk=forslag.pk).update(arendet=arendet, bedomning=bedomning)
        # Clauses that are exactly a library clause filled in get their link.
        vals = values(forslag, forslag.ansokan)
        filled = {fill(k.text, vals): k for k in library}
        for sats in forslag.satser.all():
            if sats.klausul_id is None and sats.text in filled:
                sats.klausul = filled[sats.text]
                sats.save(update_fields=["klausul"])
    for inriktning in Verksamhetsinriktning.objects.all():
        mal = mark_headings(inriktning.mal)
        if mal != inriktning.mal:
            Verksamhetsinriktning.objects.filter(pk=inriktning.pk).update(mal=mal)


class Migration(migrations.Migration):
    """Headings in Ärendet, Bedömning and the inriktning's goals are marked
    with "# "; clauses drafted from the library keep a link to it."""

    dependencies = [("beslut", "0005_sats_fran_biblioteket")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
