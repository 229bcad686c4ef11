"""A backup (manage.py backup) restored into a new, empty database (restore)
gives back every row, every sequence and every stored file byte for byte."""

import io
import json
import shutil
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import sql

from samordning import backup
from samordning.files import file_fields


def _png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(out, "PNG")
    return out.getvalue()


def _tree(root):
    return {
        p.relative_to(root).as_posix(): backup.sha256_of(p) for p in root.rglob("*") if p.is_file()
    }


def _state(db):
    conn = backup.connect(db)
    try:
        with conn.cursor() as cur:
            counts, seqs = backup.row_counts(cur), backup.sequences(cur)
            stored = {}
            for model, field in file_fields():
                cur.execute(
                    sql.SQL("SELECT {c} FROM {t} WHERE {c} <> ''").format(
                        c=sql.Identifier(field.column), t=sql.Identifier(model._meta.db_table)
                    )
                )
                stored[f"{model._meta.label}.{field.name}"] = sorted(r[0] for r in cur.fetchall())
            cur.execute("SELECT pdf, sha256 FROM beslut_faststalldversion")
            pdf_sha = dict(cur.fetchall())
    finally:
        conn.close()
    return counts, seqs, stored, pdf_sha


@pytest.fixture
def empty_database():
    """A new database next to the test database, dropped afterwards."""
    db = {**connection.settings_dict, "NAME": f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"}
    admin = backup.connect({**db, "NAME": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    yield db
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db["NAME"])))
    admin.close()


def _meeting_files(by):
    """A meeting's uploaded handling and its justerat protokoll (issue 10)."""
    import datetime

    from beslut.models import Arende, Handling, Organ, Protokoll, Sammantrade

    organ, _ = Organ.objects.get_or_create(namn="Förbundsstyrelsen", defaults={"typ": Organ.Typ.STYRELSE})
    mote = Sammantrade.objects.create(
        organ=organ, datum=datetime.date(2026, 2, 1), starttid=datetime.time(13, 15), skapad_av=by
    )
    arende = Arende.objects.create(sammantrade=mote, typ=Arende.Typ.INFORMATION, rubrik="Information")
    handling = Handling(arende=arende, filnamn="info.pdf", sha256="0" * 64, storlek=13, uppladdad_av=by)
    handling.fil.save("info.pdf", ContentFile(b"%PDF-1.7 info"))
    protokoll = Protokoll(sammantrade=mote, sha256="0" * 64, justerat=datetime.datetime.now(datetime.UTC))
    protokoll.pdf.save("protokoll.pdf", ContentFile(b"%PDF-1.7 protokoll"))


def _rekvisition_file(by):
    """A rekvisition with its verifying attachment (issue 11)."""
    import datetime

    from insatser import rekvisitioner
    from insatser.models import Beviljande, Insats

    insats = Insats.objects.create(namn="Prov med rekvisition", insatsagare=by.organisationer.first())
    beviljande = Beviljande.objects.create(
        insats=insats, beslutsdatum=datetime.date(2026, 1, 1), period_fran=datetime.date(2026, 1, 1),
        period_till=datetime.date(2026, 12, 31), belopp=10_000,
    )
    rekvisitioner.lamna_in(
        insats=insats, beviljande=beviljande, period=(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        rader={"lon": 1_000}, by=by, bilaga=SimpleUploadedFile("kvitto.pdf", b"%PDF-1.7 kvitto", "application/pdf"),
    )


@pytest.mark.django_db(transaction=True)
def test_round_trip_into_an_empty_database(settings, tmp_path, empty_database):
    from ansokningar import services as ansokan_services
    from beslut import services as beslut_services
    from beslut.models import Beslutsforslag, FaststalldVersion
    from samordning.models import Forbund, User

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())  # rows in (nearly) every table
    cecilia, anna = User.objects.get(username="cecilia"), User.objects.get(username="anna")
    # One of each kind of stored file: two fastställda PDFs, an attachment, the logo.
    # (The demo's proposals are fastställda already: these are two more versions.)
    forslag = Beslutsforslag.objects.filter(ansokan__isnull=False).first()
    demo_versioner = FaststalldVersion.objects.count()
    for rev in (" rev", " rev2"):
        forslag.diarienummer += rev
        forslag.save(update_fields=["diarienummer"])
        beslut_services.faststall(forslag=forslag, by=cecilia)
    utkast = ansokan_services.skapa_ansokan(by=anna, insatsagare=anna.organisationer.first(), namn="Prov")
    ansokan_services.lagg_till_bilaga(
        ansokan=utkast, by=anna, fil=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan", "application/pdf")
    )
    Forbund.get().logotyp.save("logga.png", ContentFile(_png()))
    _meeting_files(cecilia)
    _rekvisition_file(anna)
    source = _state(connection.settings_dict)
    assert all(source[2].values()), f"varje sorts fil ska finnas: {source[2]}"
    assert len(source[3]) == demo_versioner + 2

    out = tmp_path / "backup"
    out.mkdir(mode=0o755)  # an existing empty folder, as an operator may make it
    call_command("backup", "--output", str(out), stdout=io.StringIO())
    assert out.stat().st_mode & 0o777 == 0o700, "the backup holds personal data: owner only"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tabeller"] == source[0] and manifest["sekvenser"] == source[1]

    # The test database has tables: the command refuses and changes nothing.
    with pytest.raises(CommandError, match="har redan"):
        call_command("restore", str(out), stdout=io.StringIO())

    # A changed byte anywhere in the backup stops a restore before it starts.
    tampered = tmp_path / "tampered"
    shutil.copytree(out, tampered)
    pdf = next((tampered / "media" / "beslutsforslag").rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b" ")
    with pytest.raises(backup.BackupError, match="fel SHA-256"):
        backup.restore(tampered, db=empty_database, media_root=tmp_path / "restored")

    backup.restore(out, db=empty_database, media_root=tmp_path / "restored")
    counts, seqs, stored, pdf_sha = _state(empty_database)
    assert counts == source[0]
    assert seqs == source[1]
    assert stored == source[2]
    assert _tree(tmp_path / "restored") == _tree(settings.MEDIA_ROOT)
    # Every stored PDF still has the SHA-256 recorded when it was fastställd.
    assert {name: backup.sha256_of(tmp_path / "restored" / name) for name in pdf_sha} == pdf_sha
