import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from samordning.files import referenced_names
from samordning.pdf_lager import STORE_DIR

# Folders of MEDIA_ROOT whose files no FileField refers to by design: "pdf/"
# is the store of rendered PDFs (samordning/pdf_lager.py, STORE_DIR), keyed by
# content, not by a row. No orphan check there: the store is pruned by use
# instead (--pdf-days). Settings may extend the list with PRUNE_MEDIA_SKIP,
# the command line with --skip.
SKIP = [STORE_DIR]
# Stored PDFs not read for this many days are removed (setting
# PDF_STORE_DAYS). samordning.pdf_lager marks a file used when it serves it (its
# mtime, at most once an hour), so a PDF still asked for stays; one removed
# is rendered again the next time it is asked for.
PDF_STORE_DAYS = 30


class Command(BaseCommand):
    help = (
        "Tar bort filer i MEDIA_ROOT som ingen rad i databasen hänvisar till (t.ex. en uppladdning "
        "vars transaktion aldrig blev klar) och som är äldre än --hours timmar, och lagrade PDF:er "
        "i pdf/ som ingen har läst på --pdf-days dagar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Visa bara vad som skulle tas bort.")
        parser.add_argument(
            "--hours", type=float, default=24,
            help="Rör bara filer äldre än så här många timmar (standard 24), så att "
            "uppladdningar som pågår just nu aldrig tas bort.",
        )
        parser.add_argument("--skip", action="append", default=[], help="En mapp till att hoppa över.")
        parser.add_argument(
            "--pdf-days", type=float, default=None,
            help="Ta bort lagrade PDF:er (pdf/) som inte lästs på så här många dagar "
            f"(standard inställningen PDF_STORE_DAYS, annars {PDF_STORE_DAYS}). De renderas om när någon ber om dem.",
        )

    def handle(self, *args, **options):
        root = Path(settings.MEDIA_ROOT)
        skip = {s.strip("/") for s in [*SKIP, *getattr(settings, "PRUNE_MEDIA_SKIP", []), *options["skip"]]}
        cutoff = time.time() - options["hours"] * 3600
        # The files are listed before the database is asked: a row committed
        # in between is then seen, so a file can only look orphaned if no row
        # referred to it after it was written (and it is older than --hours).
        candidates = [
            p for p in (root.rglob("*") if root.is_dir() else [])
            if p.is_file() and p.stat().st_mtime < cutoff
            and p.relative_to(root).parts[0] not in skip
        ]
        referenced = referenced_names()
        orphans = sorted(
            name for name in (p.relative_to(root).as_posix() for p in candidates) if name not in referenced
        )
        for name in orphans:
            if options["dry_run"]:
                self.stdout.write(f"skulle ta bort {name}")
            else:
                default_storage.delete(name)
                self.stdout.write(f"tog bort {name}")
        verb = "skulle tas bort" if options["dry_run"] else "borttagna"
        self.stdout.write(self.style.SUCCESS(f"{len(orphans)} filer utan hänvisning {verb}."))
        self._prune_pdf_store(root / STORE_DIR, cutoff, options)

    def _prune_pdf_store(self, store, cutoff, options):
        """Stored PDFs unused for --pdf-days, and what a render killed midway
        left (".tmp-…" and ".….lock" files older than --hours)."""
        days = options["pdf_days"]
        if days is None:
            days = getattr(settings, "PDF_STORE_DAYS", PDF_STORE_DAYS)
        unused = time.time() - days * 86400
        stale = []
        for path in sorted(store.iterdir()) if store.is_dir() else []:
            try:
                mtime = path.stat().st_mtime
            except FileNotFoundError:  # removed meanwhile (a render finished)
                continue
            leftover = path.name.startswith(".")
            if path.is_file() and mtime < (cutoff if leftover else unused):
                stale.append(path)
        for path in stale:
            name = path.relative_to(store.parent).as_posix()
            if options["dry_run"]:
                self.stdout.write(f"skulle ta bort {name}")
            else:
                path.unlink(missing_ok=True)  # a reader finding it gone renders it again
                self.stdout.write(f"tog bort {name}")
        verb = "skulle tas bort" if options["dry_run"] else "borttagna"
        self.stdout.write(self.style.SUCCESS(f"{len(stale)} lagrade PDF:er som inte använts på {days:g} dagar {verb}."))
