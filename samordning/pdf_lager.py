"""The store of rendered PDFs: files in MEDIA_ROOT/pdf/, one per content
version, named by the key samordning.pdf.content_key gives. This module
renders nothing and knows nothing of WeasyPrint: it reads, writes and locks
files. samordning.pdf.stored_pdf (the one renderer) asks it for a version
and renders only when it has none.

- Written atomically (store) and rendered once at a time per version,
  across processes and threads (one_writer): requests that come while it
  is rendered wait for it and then read its file.
- Pruned: manage.py prune_media removes stored PDFs unused for a month; a
  stored PDF's mtime says when it was last served (_mark_used).
"""

import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STORE_DIR = "pdf"  # under MEDIA_ROOT


@dataclass(frozen=True)
class StoredPdf:
    data: bytes
    name: str  # relative to MEDIA_ROOT: "pdf/<key>.pdf"

    @property
    def path(self):
        return Path(settings.MEDIA_ROOT, self.name)


def path_for(key):
    """The stored file of a content version (it may not exist yet)."""
    return Path(settings.MEDIA_ROOT, STORE_DIR, f"{key}.pdf")


def read(path):
    """A stored PDF's bytes, or None. A file cut short (a crash while it was
    written cannot leave one: see store, but a disk can) is rendered again."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
        return None
    _mark_used(path)
    return data


MARK_USED_AFTER = 3600  # seconds


def _mark_used(path):
    """A stored PDF's mtime says when it was last served: manage.py
    prune_media removes those unused for --pdf-days (atime is not kept on
    most mounts). Written at most once an hour per file, not per request."""
    try:
        if time.time() - path.stat().st_mtime > MARK_USED_AFTER:
            os.utime(path)
    except OSError:  # removed meanwhile, or a read-only store: only a hint
        pass


def store(path, data):
    """Write atomically: a reader sees the whole file or none (two
    processes rendering the same version write the same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if settings.FILE_UPLOAD_PERMISSIONS is not None:  # as Django's storage leaves an upload
            os.chmod(tmp, settings.FILE_UPLOAD_PERMISSIONS)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def one_writer(path):
    """One render of a version at a time, across processes and threads: the
    board opening a new meeting's papers at once waits for the first render
    and then reads its file. The lock file goes when the PDF is stored; one
    opened before that still locks the same file, and whoever gets the lock
    looks for the PDF again first."""
    lock = path.with_name(f".{path.name}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)
