#!/usr/bin/env python
"""Benchmark of the meeting packet (issue 10, item 4): 20 beslutsärenden,
each a fastställd beslutsförslag with its application as bilaga.

    .venv/bin/python bench/motespaket.py            # all three measurements
    .venv/bin/python bench/motespaket.py --antal 5

Runs against a database of its own (<name>_bench_motespaket, filled on
first use) and a MEDIA_ROOT of its own (media/bench-motespaket/). Each
measurement runs in a fresh process, so its peak memory (ru_maxrss, with
any render workers' under RUSAGE_CHILDREN) is the build's:

- full (and full_en_process, without render workers): the PDF store emptied (applications, kallelse, stamps, cover and
  packets): every part laid out and merged. The fastställda proposals are
  frozen files and are not rendered (they were at fastställ).
- full_dokument_lagrade: the applications and the kallelse already in the
  store (as once anyone has opened them): stamps, cover and merge only.
- ändrat ärende: one proposal fastställd anew (not timed) and its ärende
  given the new version; then the packet is rebuilt.
- ändrad ansökan: one application changed (not timed): its PDF is laid out
  again, then the packet is rebuilt.
- lagrad: the same packet asked for again: its parts' keys, then a file read.

The renderer is warmed (fonts) before the clock starts, as in a server.
Wall time and CPU time (the building process's, and its workers') are
printed: on a shared machine the CPU time says what the build costs.
Budget (the issue): full ≤ 6 s on two cores, rebuild after one ärende
changed ≤ 1 s, peak memory ≤ 300 MB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordning.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["MEDIA_ROOT"] = str(BASE / "media" / "bench-motespaket")  # media/ is git-ignored
MOTE_PLATS = "Benchmöte, sal 1"


def setup_django():
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    bench_db = f"{settings.DATABASES['default']['NAME']}_bench_motespaket"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_db])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{bench_db}"')
    connection.close()
    settings.DATABASES["default"]["NAME"] = bench_db
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]


def fill(antal):
    """20 submitted, beredda applications (seed 004 under other names), each
    with a fastställd proposal, on one planned meeting's list."""
    import datetime

    from django.core.management import call_command

    from ansokningar import seed
    from ansokningar import services as ansokan_services
    from beslut import klausuler
    from beslut import services as beslut_services
    from beslut.models import Arende, Beredning, Klausul, Organ, Sammantrade
    from samordning import demo
    from samordning.models import Organisation, User

    call_command("migrate", verbosity=0)
    mote = Sammantrade.objects.filter(plats=MOTE_PLATS).first()
    if mote is not None:
        return mote
    demo.load()
    klausuler.load_defaults(Klausul)
    anna, bertil, cecilia, fredrik = (User.objects.get(username=u) for u in ["anna", "bertil", "cecilia", "fredrik"])
    orgs = {o.namn: o for o in Organisation.objects.all()}
    organ = Organ.objects.get_or_create(namn="Benchstyrelsen", defaults={"typ": Organ.Typ.STYRELSE})[0]
    mote = Sammantrade.objects.create(
        organ=organ, datum=datetime.date(2026, 3, 18), starttid=datetime.time(13, 15), plats=MOTE_PLATS,
        sekreterare=fredrik, skapad_av=fredrik,
    )  # fmt: skip
    punkter = [
        (Arende.Typ.OPPNANDE, "Sammanträdets öppnande"),
        (Arende.Typ.DAGORDNING, "Fastställande av dagordning"),
        (Arende.Typ.JUSTERARE, "Val av justerare"),
    ]
    for nr, (typ, rubrik) in enumerate(punkter, start=1):
        Arende.objects.create(sammantrade=mote, ordning=nr, typ=typ, rubrik=rubrik)
    svar = dict.fromkeys(Beredning.CHECKLIST, Beredning.Svar.JA)
    svar.update(rekommendation="bifall", rekommendation_datum=datetime.date(2026, 2, 1), anteckningar="")
    for i in range(antal):
        ansokan = seed.build_seed_application(by=anna, orgs=orgs)
        ansokan.namn = f"Benchpaket {i + 1:02d}: arbete och studier"
        ansokan.save()
        ansokan_services.lamna_in(ansokan=ansokan, by=anna)
        beslut_services.spara_beredning(ansokan=ansokan, by=bertil, data=svar)
        forslag = beslut_services.skapa_forslag(by=cecilia, ansokan=ansokan)
        version = beslut_services.faststall(forslag=forslag, by=cecilia)
        Arende.objects.create(
            sammantrade=mote, ordning=10 + i, typ=Arende.Typ.BESLUT, rubrik=forslag.titel, forslag_version=version
        )
    return mote


def _tom_lagring(behall=None):
    """Empty the PDF store; with `behall` (a meeting) keep its documents'
    own PDFs (applications, kallelse) as the app would have them already."""
    from django.conf import settings

    from beslut import kallelse_pdf, motespaket

    keep = set()
    if behall is not None:
        grupper = motespaket._grupper(behall, kallelse_pdf.arenden(behall))
        keep = {f"{d.nyckel}.pdf" for g in grupper for d in g.delar}
    folder = Path(settings.MEDIA_ROOT, "pdf")
    for path in folder.glob("*.pdf") if folder.exists() else []:
        if path.name not in keep:
            path.unlink()


def _andra_arende(mote):
    from beslut import services as beslut_services
    from beslut.models import Arende

    arende = mote.arenden.filter(typ=Arende.Typ.BESLUT).select_related("forslag_version__forslag").first()
    forslag = arende.forslag_version.forslag
    forslag.bedomning += "\n\nFörbundschefen har kompletterat bedömningen."
    forslag.save()
    arende.forslag_version = beslut_services.faststall(forslag=forslag, by=forslag.skapad_av)
    arende.save()


def _andra_ansokan(mote):
    from ansokningar.models import Ansokan
    from beslut.models import Arende

    arende = mote.arenden.filter(typ=Arende.Typ.BESLUT).order_by("-ordning").first()
    ansokan = arende.forslag_version.forslag.ansokan
    Ansokan.objects.filter(pk=ansokan.pk).update(metod=ansokan.metod + " Metoden är förtydligad.")


def measure(kind):
    """One measurement in this (fresh) process: JSON on stdout."""
    import io

    from pypdf import PdfReader

    from beslut import motespaket
    from beslut.models import Sammantrade
    from samordning import pdf

    mote = Sammantrade.objects.select_related("organ", "sekreterare").get(plats=MOTE_PLATS)
    if kind == "full_dokument_lagrade":
        _tom_lagring(behall=mote)
    if kind in ("full", "full_en_process"):
        _tom_lagring()
        if kind == "full_en_process":  # no render workers: what one core does
            motespaket.ARBETARE = 1
    elif kind == "andrat_arende":
        _andra_arende(mote)
    elif kind == "andrad_ansokan":
        _andra_ansokan(mote)
    pdf.warm()

    def cpu():
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime

    own0, kids0 = cpu()
    t0 = time.perf_counter()
    data = motespaket.paket(mote)
    seconds = time.perf_counter() - t0
    own1, kids1 = cpu()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "kind": kind,
                "seconds": round(seconds, 2),
                "cpu": round(own1 - own0, 2),
                "cpu_workers": round(kids1 - kids0, 2),
                "pages": len(PdfReader(io.BytesIO(data)).pages),
                "mb": round(len(data) / 1e6, 1),
                "maxrss_mb": round(rss),
                "children_maxrss_mb": round(children),
                "raknare": motespaket.raknare,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--antal", type=int, default=20)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    setup_django()
    if args.measure:
        measure(args.measure)
        return
    started = time.perf_counter()
    fill(args.antal)
    print(f"Databas och handlingar klara på {time.perf_counter() - started:.1f} s")
    print(
        f"{'mätning':<22} {'s':>6} {'cpu s':>6} {'arb. cpu':>8} {'sidor':>6} {'MB':>5} "
        f"{'max RSS MB':>11} {'arbetare MB':>12}"
    )
    kinds = ["full", "lagrad", "andrat_arende", "andrad_ansokan", "full_dokument_lagrade", "full_en_process"]
    for kind in kinds * args.repeat:
        out = subprocess.run(
            [sys.executable, __file__, "--measure", kind], capture_output=True, text=True, check=True, cwd=BASE
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{kind:<22} {r['seconds']:>6.2f} {r['cpu']:>6.2f} {r['cpu_workers']:>8.2f} {r['pages']:>6} {r['mb']:>5} "
            f"{r['maxrss_mb']:>11} "
            f"{r['children_maxrss_mb']:>12}  {r['raknare']}"
        )


if __name__ == "__main__":
    main()
