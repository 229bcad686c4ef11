"""The project's one way to make a PDF: a Django template rendered to HTML,
then to PDF by WeasyPrint.

- Warm set-up: one FontConfiguration with the @font-face fonts of
  static/fonts/, and the parsed print stylesheets (static/css/print.css, and
  a document's own, e.g. print-beslut.css) are made once per process and
  reused. WeasyPrint only uses @font-face fonts when the same
  FontConfiguration is given to CSS() and to write_pdf().
- Closed to the outside: the URL fetcher only opens files under static/ and
  the förbund's logo folder in MEDIA_ROOT. Anything else (http(s), data:,
  other files) is refused, so no text in a document can make the PDF fetch a
  URL or read a file. Templates auto-escape user text anyway.
- Relative references in templates (e.g. "img/x.png") resolve against static/.
- Same HTML, same PDF: the bytes are kept in Django's cache under the SHA-256
  of the HTML (and of the stylesheet), so a document downloaded again (the
  board's meeting papers, a handläggare's second look) is not laid out again.
  Anything that changes the document changes its HTML. Files it refers to
  must change name when their content changes (the logo URL carries its
  mtime).

Layout is WeasyPrint's cost: some 35 ms per page of running text, about
1 ms per table cell; the first render in a process also loads the fonts
(some 0.5 s more). Warm the process early with warm() if that matters.
"""

import atexit
import hashlib
import os
import threading
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.cache import cache as django_cache
from django.template.loader import render_to_string

STYLESHEET = "css/print.css"
DEFAULT_STYLESHEETS = (STYLESHEET,)
UA_STYLESHEET = "css/print-ua.css"
CACHE_SECONDS = 60 * 60
FONT_FACES = [
    # family, weight, style, file in static/fonts/
    ("Source Sans 3", 400, "normal", "SourceSans3-Regular.ttf"),
    ("Source Sans 3", 400, "italic", "SourceSans3-Italic.ttf"),
    ("Source Sans 3", 600, "normal", "SourceSans3-SemiBold.ttf"),
    ("Source Sans 3", 600, "italic", "SourceSans3-SemiBoldItalic.ttf"),
    ("Source Sans 3", 700, "normal", "SourceSans3-Bold.ttf"),
    ("Source Sans 3", 700, "italic", "SourceSans3-BoldItalic.ttf"),
    ("Source Serif 4", 400, "normal", "SourceSerif4-Regular.ttf"),
    ("Source Serif 4", 400, "italic", "SourceSerif4-Italic.ttf"),
    ("Source Serif 4", 700, "normal", "SourceSerif4-Bold.ttf"),
    ("Source Serif 4", 700, "italic", "SourceSerif4-BoldItalic.ttf"),
]


class FetchRefused(Exception):
    """A document referred to something outside the allowed folders."""


def static_dir():
    return Path(settings.BASE_DIR, "static").resolve()


def allowed_dirs():
    """Folders a PDF may read from: static files and the förbund's logo."""
    return [static_dir(), Path(settings.MEDIA_ROOT, "forbund").resolve()]


def file_url(path):
    return Path(path).resolve().as_uri()


def logotyp_url(forbund):
    """The förbund's logo as a file:// URL the PDF fetcher allows, or ""."""
    if not forbund.logotyp:
        return ""
    try:  # the mtime makes a replaced file a new URL (PDF and image caches)
        path = Path(forbund.logotyp.path)
        return f"{file_url(path)}?v={path.stat().st_mtime_ns}"
    except (ValueError, NotImplementedError, OSError):  # no local file
        return ""


def _allowed_path(url):
    """The local file `url` names, if it is a file:// URL inside an allowed
    folder; else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()  # resolves ../ and symlinks
    for folder in allowed_dirs():
        if path.is_relative_to(folder) and path.is_file():
            return path
    return None


@cache
def fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves allowed local files; refuses every other URL."""

        def fetch(self, url, headers=None):
            path = _allowed_path(url)
            if path is None:
                raise FetchRefused(f"Refused to fetch {url[:200]!r} for a PDF")
            return URLFetcherResponse(file_url(path), body=path.read_bytes())

    return LocalOnlyFetcher


_warm = None
_warm_lock = threading.Lock()
# Pango and Fontconfig objects are shared by all renders of the process and
# are not thread-safe: one render at a time per process (threaded servers).
_render_lock = threading.Lock()


class _Warm:
    """What is made once per process: fonts, fetcher and parsed stylesheets."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.url_fetcher = fetcher_class()()
        self.image_cache = {}  # WeasyPrint's per-URL image cache (the logo)
        self.base_url = file_url(static_dir()) + "/"
        fonts = static_dir() / "fonts"
        faces = "\n".join(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{file_url(fonts / name)}") format("truetype"); }}'
            for family, weight, style, name in FONT_FACES
        )
        # Parsing the @font-face rules registers the fonts in font_config,
        # which every render uses: the rules need not be cascaded again.
        self.fonts = CSS(string=faces, base_url=self.base_url, url_fetcher=self.url_fetcher, font_config=self.font_config)
        ua_css = (static_dir() / UA_STYLESHEET).read_text(encoding="utf-8")
        self.version = hashlib.sha256((ua_css + faces).encode()).hexdigest()[:16]
        self.ua_stylesheets = [CSS(string=ua_css, base_url=self.base_url, font_config=self.font_config)]
        self.pid = os.getpid()
        self._sheets = {}  # static path -> (parsed CSS, SHA-256 of its text)
        self._sheets_lock = threading.Lock()
        self.stylesheets, _ = self.sheets(DEFAULT_STYLESHEETS)  # print.css, for any HTML

    def sheets(self, paths):
        """The parsed stylesheets at `paths` (under static/), each parsed
        once per process, and a key that changes when any of them does."""
        missing = [p for p in paths if p not in self._sheets]
        if missing:
            from weasyprint import CSS

            with self._sheets_lock:
                for path in missing:
                    if path in self._sheets:
                        continue
                    text = (static_dir() / path).read_text(encoding="utf-8")
                    sheet = CSS(
                        string=text, base_url=self.base_url, url_fetcher=self.url_fetcher, font_config=self.font_config
                    )
                    self._sheets[path] = (sheet, hashlib.sha256(text.encode()).hexdigest()[:16])
        parsed = [self._sheets[p] for p in paths]
        return [sheet for sheet, _ in parsed], "-".join([self.version, *(digest for _, digest in parsed)])


def warm():
    global _warm
    if _warm is None:
        with _warm_lock:
            if _warm is None:
                _warm = _Warm()
                atexit.register(_cool)
    return _warm


def _cool():
    """Drop the set-up while the interpreter still works: FontConfiguration
    removes its temporary font folder when collected, which fails during
    interpreter shutdown."""
    global _warm
    if _warm is not None and _warm.pid == os.getpid():
        _warm = None


def _after_fork_in_child():
    """A forked worker (e.g. gunicorn --preload) makes its own set-up; the
    parent's must not remove the parent's font folder when the child exits."""
    global _warm
    if _warm is not None:
        _warm.font_config._folder = None  # WeasyPrint deletes this folder in __del__
        _warm = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def render_html(template_name, context):
    return render_to_string(template_name, context)


def write_pdf(html, *, url_fetcher=None, stylesheets=DEFAULT_STYLESHEETS, compress=True):
    """PDF bytes from an HTML string (no cache). compress=False leaves the
    streams uncompressed: pydyf deflates them at level 9, some 5 ms of a
    two-page document, for a file about four times larger (still ~100 kB)."""
    from weasyprint import HTML

    setup = warm()
    sheets, _ = setup.sheets(stylesheets)

    class PrintHTML(HTML):
        # Our own small user-agent stylesheet instead of WeasyPrint's full
        # HTML5 one (static/css/print-ua.css says why). _ua_stylesheets is
        # WeasyPrint's hook for this; weasyprint is pinned in requirements.txt.
        def _ua_stylesheets(self, forms=False):
            return setup.ua_stylesheets

    with _render_lock:
        document = PrintHTML(
            string=html, base_url=setup.base_url, url_fetcher=url_fetcher or setup.url_fetcher
        )
        return document.write_pdf(
            stylesheets=sheets, font_config=setup.font_config, cache=setup.image_cache, uncompressed_pdf=not compress
        )


def render_pdf(
    template_name, context, *, url_fetcher=None, use_cache=True, stylesheets=DEFAULT_STYLESHEETS, compress=True
):
    """Render `template_name` with `context` to PDF bytes. `stylesheets` are
    paths under static/ (parsed once per process): print.css, and a
    document's own sheet after it where it has one (its rules in a <style>
    of the template would be parsed again at every render). `url_fetcher`
    is for tests that want to observe fetches (it must refuse like ours
    does); it, or use_cache=False, bypasses the cache. `compress`: see
    write_pdf."""
    html = render_html(template_name, context)
    if url_fetcher is not None or not use_cache:
        return write_pdf(html, url_fetcher=url_fetcher, stylesheets=stylesheets, compress=compress)
    _, version = warm().sheets(stylesheets)
    key = f"pdf:{version}:{int(compress)}:{hashlib.sha256(html.encode()).hexdigest()}"
    data = django_cache.get(key)
    if data is None:
        data = write_pdf(html, stylesheets=stylesheets, compress=compress)
        django_cache.set(key, data, CACHE_SECONDS)
    return data
