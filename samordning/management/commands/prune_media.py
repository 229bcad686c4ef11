import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from samordning.files import referenced_names

# Folders of MEDIA_ROOT whose files no FileField refers to by design: "pdf/"
# is the store of rendered PDFs (samordning/pdf.py, STORE_DIR), keyed by
# content, not by a row. They are never removed here. Settings may
# extend the list with PRUNE_MEDIA_SKIP, the command line with --skip.
SKIP = ["pdf"]


class Command(BaseCommand):
    help = (
        "Tar bort filer i MEDIA_ROOT som ingen rad i databasen hänvisar till (t.ex. en uppladdning "
        "vars transaktion aldrig blev klar) och som är äldre än --hours timmar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Visa bara vad som skulle tas bort.")
        parser.add_argument(
            "--hours", type=float, default=24,
            help="Rör bara filer äldre än så här många timmar (standard 24), så att "
            "uppladdningar som pågår just nu aldrig tas bort.",
        )
        parser.add_argument("--skip", action="append", default=[], help="En mapp till att hoppa över.")

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
