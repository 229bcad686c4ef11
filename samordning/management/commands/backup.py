import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from samordning.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (pg_dump -Fc) och MEDIA_ROOT till en mapp med ett manifest "
        "(SHA-256 för varje fil, antal rader per tabell, sekvenser). Se samordning/backup.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Mappen att skriva till (ny eller tom). Standard: backups/<tidpunkt>/ i projektet."
        )

    def handle(self, *args, **options):
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = Path(options["output"] or settings.BASE_DIR / "backups" / stamp)
        try:
            manifest = backup(dest, db=connections["default"].settings_dict, media_root=settings.MEDIA_ROOT)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tabeller"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopian finns i {dest}: {len(manifest['tabeller'])} tabeller, {rows} rader, "
                f"{len(manifest['filer'])} filer."
            )
        )
