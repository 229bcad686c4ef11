"""The store of rendered PDFs: each content version is rendered once (by
samordning.pdf.write_pdf) and then read back from MEDIA_ROOT/pdf/ without
laying anything out. Kept apart from the renderer because it is about
files, keys and locks, not about WeasyPrint.

- Keyed by content: content_key is the SHA-256 of the HTML, the stylesheets,
  the fonts, the renderer (samordning.pdf.RENDERER, WeasyPrint's version)
  and the options. Anything that changes the document changes its HTML.
  Files it refers to must change name when their content changes (the logo
  URL carries its mtime).
- Written atomically (_store) and rendered once at a time per version,
  across processes and threads (_one_render): requests that come while it
  is rendered wait for it and then read its file.
- Pruned: manage.py prune_media removes stored PDFs unused for a month; a
  stored PDF's mtime says when it was last served (_mark_used).

samordning.pdf.render_pdf, the one renderer's entry point, goes through
stored_pdf; callers that reuse the file itself (the meeting packet) call
stored_pdf here. This module imports samordning.pdf, not the other way
round at import time (render_pdf imports this module when called).
"""

import fcntl
import hashlib
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# The renderer as a module, its names looked up when called: a test's spy on
# samordning.pdf.write_pdf then sees the renders made here too, so every PDF
# still comes from that one function (tests/test_pdf_arkiv.py).
from samordning import pdf

STORE_DIR = "pdf"  # under MEDIA_ROOT


@dataclass(frozen=True)
class StoredPdf:
    data: bytes
    name: str  # relative to MEDIA_ROOT: "pdf/<key>.pdf"

    @property
    def path(self):
        return Path(settings.MEDIA_ROOT, self.name)


@cache
def _file_digest(path):
    """SHA-256 of a file under static/, once per process (static files
    change with a deploy, that is with new processes)."""
    return hashlib.sha256((pdf.static_dir() / path).read_bytes()).hexdigest()


@cache
def _renderer_version():
    from importlib.metadata import version

    fonts = [_file_digest(f"fonts/{name}") for *_face, name in pdf.FONT_FACES]
    return "\n".join(
        [pdf.RENDERER, version("weasyprint"), _file_digest(pdf.UA_STYLESHEET), repr(pdf.FONT_FACES), *fonts]
    )


def content_key(html, stylesheets=pdf.DEFAULT_STYLESHEETS, compress=True):
    """What identifies a PDF's content version: same key, same bytes. Cheap
    (no WeasyPrint set-up), so a stored PDF is served without it."""
    parts = [_renderer_version(), *(_file_digest(p) for p in stylesheets), str(int(compress)), html]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _read(path):
    """A stored PDF's bytes, or None. A file cut short (a crash while it was
    written cannot leave one: see _store, but a disk can) is rendered again."""
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


def _store(path, data):
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
def _one_render(path):
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


def stored_pdf_for_html(html, *, stylesheets=pdf.DEFAULT_STYLESHEETS, compress=True):
    name = f"{STORE_DIR}/{content_key(html, stylesheets, compress)}.pdf"
    path = Path(settings.MEDIA_ROOT, name)
    data = _read(path)
    if data is None:
        with _one_render(path):
            data = _read(path)
            if data is None:
                data = pdf.write_pdf(html, stylesheets=stylesheets, compress=compress)
                _store(path, data)
    return StoredPdf(data, name)


def stored_pdf(template_name, context, *, stylesheets=pdf.DEFAULT_STYLESHEETS, compress=True):
    """The PDF of `template_name` with `context`, rendered at most once per
    content version and then read from MEDIA_ROOT/pdf/ (see content_key).
    For callers that reuse the file itself, e.g. the meeting packet."""
    return stored_pdf_for_html(pdf.render_html(template_name, context), stylesheets=stylesheets, compress=compress)
