from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from samordning.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia (från manage.py backup) till en TOM databas och kopierar "
        "filerna till MEDIA_ROOT; kontrollerar SHA-256 före och antal rader och sekvenser efter."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Mappen med säkerhetskopian (den med manifest.json).")

    def handle(self, *args, **options):
        db = connections["default"].settings_dict
        connections["default"].close()  # nothing of ours may hold the target open
        try:
            manifest = restore(options["backup"], db=db, media_root=settings.MEDIA_ROOT)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Återställt till databasen {db['NAME']} och {settings.MEDIA_ROOT}: "
                f"{len(manifest['tabeller'])} tabeller och {len(manifest['sekvenser'])} sekvenser stämmer "
                f"med manifestet, {len(manifest['filer'])} filer med rätt SHA-256 "
                f"(säkerhetskopia från {manifest['skapad']}, version {manifest['version']})."
            )
        )
        self._migration_hint(manifest)

    def _migration_hint(self, manifest):
        """The code may be newer or older than the backup's schema."""
        in_code = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
        in_backup = set(manifest["migreringar"])
        if in_code - in_backup:
            self.stdout.write(
                "Koden har migreringar som säkerhetskopian saknar; kör nu: python manage.py migrate"
            )
        if in_backup - in_code:
            self.stderr.write(
                "Varning: säkerhetskopian har migreringar som koden saknar (den är från en nyare "
                f"version: {manifest['version']}). Använd den versionen av koden."
            )
