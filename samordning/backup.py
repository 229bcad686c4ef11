"""Backup and restore of the database and MEDIA_ROOT (manage.py backup/restore).

A backup is a folder:

    database.dump   pg_dump in custom format (-Fc), restored with pg_restore
    media/...       a copy of every file in MEDIA_ROOT
    manifest.json   SHA-256 and size of the dump and of every file, the Django
                    migrations applied, the app version (git commit), the row
                    count of every table and the value of every sequence

manifest.json is written last, so a folder without it is an unfinished backup.
The counts and sequences let a restore prove it got everything back.

Consistency: pg_dump reads one snapshot. We open that snapshot ourselves
(REPEATABLE READ, pg_export_snapshot) and hand it to pg_dump with --snapshot,
so the row counts, the migration list and the file names the rows refer to
come from exactly the state that is dumped. The files are copied after the
dump: a file is never modified in place (samordning/files.py), so every file a
dumped row refers to still has the content it had then. It can only have been
deleted since (an attachment removed in between); the copy checks that every
referenced file arrived and fails otherwise, so a backup is never silently
missing a file. Files written after the snapshot are copied too; nothing in the
dump refers to them, and prune_media removes them after a restore.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg2
from django.conf import settings
from psycopg2 import sql
from psycopg2.extensions import ISOLATION_LEVEL_REPEATABLE_READ, make_dsn

from samordning.files import file_fields

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"
FORMAT = 1

# libpq parameters that may come in DATABASES["OPTIONS"] and mean the same to
# psycopg2 and to pg_dump/pg_restore; Django-only options are left out.
LIBPQ_OPTIONS = {
    "sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslpassword", "connect_timeout",
    "application_name", "options", "target_session_attrs", "gssencmode", "channel_binding",
    "passfile", "service",
}


class BackupError(Exception):
    """A backup or restore that must not go on; the message says why (Swedish)."""


# --- connection --------------------------------------------------------------


def _dsn(db):
    """A libpq connection string for a DATABASES entry, without the password
    (that goes in PGPASSWORD, so it never shows in a process list)."""
    params = {
        "dbname": db["NAME"],
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
        "user": db.get("USER") or None,
    }
    params.update({k: v for k, v in (db.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS})
    return make_dsn(**{k: v for k, v in params.items() if v is not None})


def _env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def connect(db):
    return psycopg2.connect(_dsn(db), password=db.get("PASSWORD") or None)


def pg_program(name, server_version):
    """pg_dump/pg_restore of the server's major version: Debian keeps one
    folder per version in /usr/lib/postgresql (as scripts/devdb finds them).
    A newer one also works; an older one cannot read a newer server's data."""
    major = server_version // 10000
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0
    )
    for path in candidates:
        if path.parts[-3] == str(major):
            return str(path)
    for path in candidates:
        if path.parts[-3].isdigit() and int(path.parts[-3]) > major:
            return str(path)
    found = shutil.which(name)
    if found:
        out = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        m = re.search(r"(\d+)", out)
        if m and int(m.group(1)) >= major:
            return found
    raise BackupError(
        f"Hittar inget {name} för PostgreSQL {major} eller senare. "
        f"Installera det, t.ex. sudo apt-get install postgresql-client-{major}."
    )


def _run(args, db):
    result = subprocess.run(args, env=_env(db), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} misslyckades:\n{result.stderr.strip()}")
    return result.stdout


# --- what the database holds ---------------------------------------------------


def tables(cur):
    """Every ordinary table outside the system schemas, schema-qualified."""
    cur.execute(
        """
        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%%'
        ORDER BY 1, 2
        """
    )
    return cur.fetchall()


def row_counts(cur):
    counts = {}
    for schema, table in tables(cur):
        cur.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
        counts[f"{schema}.{table}"] = cur.fetchone()[0]
    return counts


def sequences(cur):
    """Every sequence's state as [last_value, is_called]: the next value a
    new row gets depends on both."""
    cur.execute(
        """
        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2
        """
    )
    values = {}
    for schema, name in cur.fetchall():
        cur.execute(
            sql.SQL("SELECT last_value, is_called FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(name))
        )
        values[f"{schema}.{name}"] = list(cur.fetchone())
    return values


def _migrations(cur):
    cur.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [f"{app}.{name}" for app, name in cur.fetchall()]


def _referenced_files(cur):
    """The file names rows refer to, read in the dump's snapshot."""
    names = set()
    for model, field in file_fields():
        cur.execute(
            sql.SQL("SELECT {col} FROM {table} WHERE {col} <> ''").format(
                col=sql.Identifier(field.column), table=sql.Identifier(model._meta.db_table)
            )
        )
        names.update(row[0] for row in cur.fetchall())
    return names


def _dumped_sequences(pg_restore, dump, db):
    """The sequence values as stored in the dump (its SEQUENCE SET entries).
    Sequences are not transactional, so reading them next to the dump could
    differ from what pg_dump saw; reading the dump itself cannot."""
    listing = [line for line in _run([pg_restore, "-l", str(dump)], db).splitlines() if " SEQUENCE SET " in line]
    if not listing:
        return {}
    list_file = dump.with_suffix(".sekvenser")
    list_file.write_text("\n".join(listing) + "\n")
    try:
        script = _run([pg_restore, "-f", "-", "-L", str(list_file), str(dump)], db)
    finally:
        list_file.unlink()
    found = re.findall(r"setval\('([^']+)', (\d+), (true|false)\)", script)
    return {name: [int(value), called == "true"] for name, value, called in found}


def _app_version():
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=settings.BASE_DIR,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return f"{commit}{'-ändrad' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "okänd (ingen git)"


# --- files ---------------------------------------------------------------------


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(src, dst):
    """Copy and return (sha256, size) of the bytes written, to a temporary
    name first so a half-copied file never has the final name."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.kopieras")
    digest, size = hashlib.sha256(), 0
    with open(src, "rb") as fin, open(tmp, "wb") as fout:
        for chunk in iter(lambda: fin.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    os.replace(tmp, dst)
    return digest.hexdigest(), size


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- backup ----------------------------------------------------------------------


def backup(dest, *, db, media_root):
    """Write a backup of `db` (a DATABASES entry) and `media_root` to `dest`
    (a new or empty folder) and return the manifest."""
    dest = Path(dest)
    if dest.resolve().is_relative_to(Path(media_root).resolve()):
        raise BackupError(f"{dest} ligger i MEDIA_ROOT; välj en mapp utanför den.")
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} finns redan och är inte tom; ange en ny mapp.")
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Personal data: owner only. mkdir's mode does not apply to a folder that
    # already existed (an empty one made by the operator or a script).
    dest.chmod(0o700)
    conn = connect(db)
    try:
        conn.set_session(isolation_level=ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            server_version = conn.server_version
            counts, migrations, referenced = row_counts(cur), _migrations(cur), _referenced_files(cur)
            pg_dump = pg_program("pg_dump", server_version)
            pg_restore = pg_program("pg_restore", server_version)
            dump = dest / DUMP
            # The snapshot must stay open (this transaction) until pg_dump has it.
            _run([pg_dump, "-Fc", f"--snapshot={snapshot}", "-f", str(dump), f"--dbname={_dsn(db)}"], db)
        conn.rollback()
    finally:
        conn.close()

    files = {}
    for rel in _media_files(media_root):
        if not (Path(media_root) / rel).is_file():
            continue  # removed while we copied; checked below if it mattered
        sha, size = _copy(Path(media_root) / rel, dest / MEDIA / rel)
        files[rel] = {"sha256": sha, "size": size}
    missing = sorted(referenced - files.keys())
    if missing:
        raise BackupError(
            "Filer som databasen hänvisar till saknas i MEDIA_ROOT (togs de bort under "
            f"säkerhetskopieringen? Kör den igen): {', '.join(missing[:10])}"
        )

    manifest = {
        "format": FORMAT,
        "skapad": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "version": _app_version(),
        "databas": {"namn": db["NAME"], "serverversion": server_version},
        "dump": {"fil": DUMP, "sha256": sha256_of(dump), "size": dump.stat().st_size},
        "migreringar": migrations,
        "tabeller": counts,
        "sekvenser": _dumped_sequences(pg_restore, dump, db),
        "filer": files,
    }
    tmp = dest / f".{MANIFEST}.skrivs"
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, dest / MANIFEST)
    return manifest


# --- restore ---------------------------------------------------------------------


def read_verified_manifest(source):
    """The manifest, after checking the dump and every file against it."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} saknar {MANIFEST}: ingen (färdig) säkerhetskopia.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Okänt format på säkerhetskopian: {manifest.get('format')!r}.")
    wrong = []
    entries = [(DUMP, manifest["dump"])] + [(f"{MEDIA}/{rel}", e) for rel, e in manifest["filer"].items()]
    for rel, entry in entries:
        path = source / rel
        if not path.is_file():
            wrong.append(f"{rel} saknas")
        elif path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            wrong.append(f"{rel} har fel SHA-256 eller storlek")
    if wrong:
        raise BackupError("Säkerhetskopian stämmer inte med sitt manifest; inget återställs:\n  " + "\n  ".join(wrong))
    return manifest


def restore(source, *, db, media_root):
    """Restore the backup in `source` into the EMPTY database `db` and copy its
    files into `media_root`; then check counts and sequences. Returns the
    manifest. Refuses before changing anything when something is off."""
    source, media_root = Path(source), Path(media_root)
    manifest = read_verified_manifest(source)
    conn = connect(db)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            existing = tables(cur)
        if existing:
            raise BackupError(
                f"Databasen {db['NAME']} har redan {len(existing)} tabeller; återställ bara till en tom "
                "databas (skapa en ny, t.ex. createdb, och ange den i DATABASE_URL)."
            )
        clashes = [
            rel for rel, entry in manifest["filer"].items()
            if (media_root / rel).exists() and sha256_of(media_root / rel) != entry["sha256"]
        ]
        if clashes:
            raise BackupError(
                f"MEDIA_ROOT ({media_root}) har redan andra filer med samma namn: {', '.join(clashes[:10])}"
            )
        pg_restore = pg_program("pg_restore", conn.server_version)
        # One transaction: a failed restore leaves the database empty, not half full.
        # Owners and grants are the target's own (the role may differ on the new machine).
        _run(
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={_dsn(db)}", str(source / DUMP)],
            db,
        )
        for rel, entry in manifest["filer"].items():
            target = media_root / rel
            if target.exists():
                continue  # the same content, checked above
            sha, size = _copy(source / MEDIA / rel, target)
            if (sha, size) != (entry["sha256"], entry["size"]):
                raise BackupError(f"{rel} blev fel när den kopierades till MEDIA_ROOT.")
        with conn.cursor() as cur:
            cur.execute("ANALYZE")  # pg_restore leaves the planner without statistics
            differences = compare(manifest, row_counts(cur), sequences(cur))
    finally:
        conn.close()
    if differences:
        raise BackupError("Återställningen stämmer inte med manifestet:\n  " + "\n  ".join(differences))
    return manifest


def compare(manifest, counts, seqs):
    """What differs between the manifest and a database's counts/sequences."""
    out = []
    for table in sorted(manifest["tabeller"].keys() | counts.keys()):
        want, got = manifest["tabeller"].get(table), counts.get(table)
        if want != got:
            out.append(f"tabell {table}: {got} rader, väntade {want}")
    for seq in sorted(manifest["sekvenser"].keys() | seqs.keys()):
        want, got = manifest["sekvenser"].get(seq), seqs.get(seq)
        if want != got:
            out.append(f"sekvens {seq}: {got}, väntade {want}")
    return out
