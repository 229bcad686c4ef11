"""Stored files follow their transaction (samordning/files.py) and files no
row refers to are pruned (manage.py prune_media).

test_every_file_field_is_cleaned_up is the mechanism's test: it walks every
FileField of every model, so a new one saved through some other storage, or
kept in a folder prune_media skips, fails here."""

import io
import os
import time
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from samordning.files import TransactionalStorageMixin, file_fields
from samordning.management.commands.prune_media import SKIP

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _files(root, skip=()):
    names = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return sorted(name for name in names if name.split("/")[0] not in skip)


def test_every_file_field_is_cleaned_up(media):
    fields = file_fields()
    assert {f"{m._meta.label}.{f.name}" for m, f in fields} >= {
        "ansokningar.Bilaga.fil", "beslut.FaststalldVersion.pdf", "samordning.Forbund.logotyp"
    }
    for model, field in fields:
        label = f"{model._meta.label}.{field.name}"
        assert isinstance(field.storage, TransactionalStorageMixin), f"{label} sparar utan transaktionskoppling"
        # A file is never rewritten in place; the backup's consistency rests on it.
        assert not getattr(field.storage, "_allow_overwrite", False), f"{label} får skriva över filer"
        name = field.generate_filename(model(), "prov.pdf")
        assert name.split("/")[0] not in SKIP, f"{label} ligger i en mapp som prune_media hoppar över"
        with pytest.raises(Boom), transaction.atomic():
            saved = field.storage.save(name, ContentFile(b"%PDF-1.7 prov"))
            assert field.storage.exists(saved)
            raise Boom
        assert not field.storage.exists(saved), f"{label}: filen blev kvar efter rollback"
        with transaction.atomic():  # a released savepoint keeps the file
            kept = field.storage.save(name, ContentFile(b"%PDF-1.7 prov"))
        assert field.storage.exists(kept), f"{label}: filen försvann trots att sparandet lyckades"


def test_rollback_removes_the_file_where_it_was_written(media, settings, tmp_path_factory):
    """Even if MEDIA_ROOT changes before the rollback (a test's settings are
    restored before its transaction), the file written is the one removed."""
    from django.core.files.storage import default_storage

    elsewhere = tmp_path_factory.mktemp("annan")
    with pytest.raises(Boom), transaction.atomic():
        name = default_storage.save("bilagor/prov.pdf", ContentFile(b"x"))
        (elsewhere / "bilagor").mkdir()
        (elsewhere / name).write_bytes(b"inte min")
        settings.MEDIA_ROOT = elsewhere
        raise Boom
    assert _files(media) == []
    assert (elsewhere / name).read_bytes() == b"inte min"


def test_failed_attachment_upload_leaves_no_file(media, ansokan, anna_sokande):
    from ansokningar import services

    fil = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan", content_type="application/pdf")
    with mock.patch.object(services.audit, "record", side_effect=Boom), pytest.raises(Boom):
        services.lagg_till_bilaga(ansokan=ansokan, by=anna_sokande, fil=fil)
    assert _files(media) == []
    fil.seek(0)
    bilaga = services.lagg_till_bilaga(ansokan=ansokan, by=anna_sokande, fil=fil)
    assert _files(media) == [bilaga.fil.name]


def test_failed_faststall_leaves_no_pdf(media, forslag, cecilia_forbundschef):
    from beslut import services

    with mock.patch.object(services.audit, "record", side_effect=Boom), pytest.raises(Boom):
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    assert _files(media, skip=SKIP) == []  # a cache of rendered PDFs (pdf/) may stay


@pytest.mark.django_db(transaction=True)
def test_a_committed_upload_stays(media, ansokan, anna_sokande):
    """Past a real COMMIT (and the garbage collector) the file is kept."""
    import gc

    from ansokningar import services

    fil = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan", content_type="application/pdf")
    bilaga = services.lagg_till_bilaga(ansokan=ansokan, by=anna_sokande, fil=fil)
    gc.collect()
    assert _files(media) == [bilaga.fil.name]


def test_prune_media_removes_only_old_orphans(media, ansokan, anna_sokande):
    from ansokningar import services

    bilaga = services.lagg_till_bilaga(
        ansokan=ansokan, by=anna_sokande, fil=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan")
    )
    for rel in ["bilagor/2020/forlorad.pdf", "pdf/cache.pdf", "bilagor/2020/ny.pdf"]:
        (media / rel).parent.mkdir(parents=True, exist_ok=True)
        (media / rel).write_bytes(b"x")
    old = time.time() - 48 * 3600
    for rel in [bilaga.fil.name, "bilagor/2020/forlorad.pdf", "pdf/cache.pdf"]:
        os.utime(media / rel, (old, old))

    call_command("prune_media", "--dry-run", stdout=io.StringIO())
    assert (media / "bilagor/2020/forlorad.pdf").exists()

    call_command("prune_media", stdout=io.StringIO())
    # The orphan goes; the referenced file, the skipped folder and the file
    # young enough to be an upload in flight stay.
    assert _files(media) == sorted([bilaga.fil.name, "bilagor/2020/ny.pdf", "pdf/cache.pdf"])
