"""The project's one way to make a PDF: a Django template rendered to HTML,
then to PDF by WeasyPrint, as PDF/A-3a that is also PDF/UA-1 where that can
be checked (tests/test_pdf_arkiv.py checks every PDF the app makes).
render_pdf is the entry point; write_pdf is the one function that lays a
document out. This module holds the renderer: its warm set-up, its closed
URL fetcher and the call to WeasyPrint. Beside it:

- samordning.pdf_lager: the files of the store. Each content version is
  rendered once (stored_pdf, here) and kept in MEDIA_ROOT/pdf/ under
  content_key, the SHA-256 of everything that makes its bytes (the HTML,
  stylesheets, fonts, RENDERER, WeasyPrint's version and the options);
  render_pdf goes through stored_pdf, and callers that reuse the file
  itself (the meeting packet) call stored_pdf directly.
- samordning.pdf_innehall: what is changed in the content so PDF/A can hold
  it (an uploaded logo made sRGB, characters no font has named instead).
- samordning.pdf_ua: what PDF/UA-1 adds to WeasyPrint's tagged output.

What the renderer itself does:

- Archivable and accessible: WeasyPrint's PDF/A-3a variant (tagged, XMP
  metadata, sRGB output intent, document ID, fonts embedded), and
  samordning.pdf_ua.finish for what PDF/UA-1 adds (running headers and
  footers as artifacts, /Scope on table headers, pdfuaid in the XMP). The
  templates give the rest: <html lang="sv"> (/Lang), a <title> (/Title,
  shown in the title bar), alt text on images, <th scope>, headings in
  order.
- Warm set-up: one FontConfiguration with the @font-face fonts of
  static/fonts/, and the parsed print stylesheets (static/css/print.css, and
  a document's own, e.g. print-beslut.css) are made once per process and
  reused. WeasyPrint only uses @font-face fonts when the same
  FontConfiguration is given to CSS() and to write_pdf().
- Closed to the outside: the URL fetcher only opens files under static/ and
  the förbund's logo folder in MEDIA_ROOT. Anything else (http(s), data:,
  other files) is refused, so no text in a document can make the PDF fetch a
  URL or read a file. Templates auto-escape user text anyway. An uploaded
  image (the logo) goes through pdf_innehall.archivable_image.
- A render that meets characters no font has is laid out once more with
  them named (pdf_innehall.without_glyphs): PDF/A and PDF/UA forbid .notdef.
- Relative references in templates (e.g. "img/x.png") resolve against static/.

Layout is WeasyPrint's cost: some 35 ms per page of running text, about
1 ms per table cell, tagging some 10–20 % more; the first render in a
process also loads the fonts (some 0.5 s more). Warm the process early
with warm() if that matters.
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
from django.template.loader import render_to_string

from samordning import pdf_lager
from samordning.pdf_innehall import archivable_image, without_glyphs

STYLESHEET = "css/print.css"
DEFAULT_STYLESHEETS = (STYLESHEET,)
UA_STYLESHEET = "css/print-ua.css"
# Part of every stored PDF's key (content_key): change it when
# what write_pdf makes changes other than through the HTML, the
# stylesheets, the font files or WeasyPrint's version (e.g. its options,
# samordning.pdf_ua, samordning.pdf_innehall).
RENDERER = "pdfa-3a+ua-1/3"
PDF_VARIANT = "pdf/a-3a"  # tagged; pdf_ua.finish adds what PDF/UA-1 asks more
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
            body = path.read_bytes()
            if not path.is_relative_to(static_dir()):  # an upload: the logo
                converted = archivable_image(body)
                if converted is not body:
                    return ConvertedResponse(file_url(path), body=converted)
            return URLFetcherResponse(file_url(path), body=body)

    class ConvertedResponse(URLFetcherResponse):
        """Bytes that are not the file's: WeasyPrint would read an image
        from its file:// path again, behind the fetcher's back."""

        @property
        def path(self):
            return None

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
        self.ua_stylesheets = [CSS(string=ua_css, base_url=self.base_url, font_config=self.font_config)]
        self.pid = os.getpid()
        self._sheets = {}  # static path -> parsed CSS
        self._sheets_lock = threading.Lock()
        self.stylesheets = self.sheets(DEFAULT_STYLESHEETS)  # print.css, for any HTML

    def sheets(self, paths):
        """The parsed stylesheets at `paths` (under static/), each parsed
        once per process (content_key hashes their files)."""
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
                    self._sheets[path] = sheet
        return [self._sheets[p] for p in paths]


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
    """PDF/A-3a bytes from an HTML string (not stored). compress=False
    leaves the streams uncompressed (PDF/A allows it): pydyf deflates them
    at level 9, some 5 ms of a two-page document, for a file about four
    times larger (still ~100 kB)."""
    from weasyprint import HTML

    from samordning import pdf_ua  # noqa: F401 - before the first render: it records how the tree is built

    setup = warm()
    sheets = setup.sheets(stylesheets)

    class PrintHTML(HTML):
        # Our own small user-agent stylesheet instead of WeasyPrint's full
        # HTML5 one (static/css/print-ua.css says why). _ua_stylesheets is
        # WeasyPrint's hook for this; weasyprint is pinned in requirements.txt.
        def _ua_stylesheets(self, forms=False):
            return setup.ua_stylesheets

    def write(html):
        with _render_lock:
            document = PrintHTML(
                string=html, base_url=setup.base_url, url_fetcher=url_fetcher or setup.url_fetcher
            )
            return document.write_pdf(
                stylesheets=sheets,
                font_config=setup.font_config,
                cache=setup.image_cache,
                uncompressed_pdf=not compress,
                pdf_variant=PDF_VARIANT,
                finisher=_finish,
            )

    try:
        return write(html)
    except _MissingGlyphs as missing:  # rare (an emoji): laid out once more
        return write(without_glyphs(html, missing.codepoints))


class _MissingGlyphs(Exception):  # not an error: write_pdf renders again without them
    def __init__(self, codepoints):
        super().__init__(codepoints)
        self.codepoints = codepoints


def _finish(document, pdf):
    from samordning import pdf_ua  # imports WeasyPrint: only when rendering

    missing = {cp for font in document.fonts.values() for cp in font.missing}
    if missing:
        raise _MissingGlyphs(missing)
    pdf_ua.finish(document, pdf)
    _serialize_once(pdf)


_ONCE = {}


def _serialize_once(pdf):
    """From here on the objects do not change, so each makes its bytes once:
    pydyf (pinned in requirements.txt) makes every object's bytes twice when
    it writes the document ID PDF/A requires, once to hash them, and a
    compressed stream is deflated at level 9 each time: some 20 ms of the
    application PDF."""
    for obj in pdf.objects:
        cls = type(obj)
        if cls not in _ONCE:
            _ONCE[cls] = type(cls.__name__, (cls,), {"data": property(_data_once(cls.data.fget))})
        obj.__class__ = _ONCE[cls]


def _data_once(make):
    def data(self):
        if "_data_once" not in self.__dict__:
            self._data_once = make(self)
        return self._data_once

    return data


# --- Rendered once per content version ------------------------------------------


@cache
def _file_digest(path):
    """SHA-256 of a file under static/, once per process (static files
    change with a deploy, that is with new processes)."""
    return hashlib.sha256((static_dir() / path).read_bytes()).hexdigest()


@cache
def _renderer_version():
    from importlib.metadata import version

    fonts = [_file_digest(f"fonts/{name}") for *_face, name in FONT_FACES]
    return "\n".join([RENDERER, version("weasyprint"), _file_digest(UA_STYLESHEET), repr(FONT_FACES), *fonts])


def content_key(html, stylesheets=DEFAULT_STYLESHEETS, compress=True):
    """What identifies a PDF's content version: same key, same bytes. Cheap
    (no WeasyPrint set-up), so a stored PDF is served without it."""
    parts = [_renderer_version(), *(_file_digest(p) for p in stylesheets), str(int(compress)), html]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stored_pdf_for_html(html, *, stylesheets=DEFAULT_STYLESHEETS, compress=True):
    """The PDF of `html` from the store, rendered by write_pdf only when the
    store has no file for its content version yet."""
    path = pdf_lager.path_for(content_key(html, stylesheets, compress))
    data = pdf_lager.read(path)
    if data is None:
        with pdf_lager.one_writer(path):
            data = pdf_lager.read(path)  # rendered while we waited?
            if data is None:
                data = write_pdf(html, stylesheets=stylesheets, compress=compress)
                pdf_lager.store(path, data)
    return pdf_lager.StoredPdf(data, f"{pdf_lager.STORE_DIR}/{path.name}")


def stored_pdf(template_name, context, *, stylesheets=DEFAULT_STYLESHEETS, compress=True):
    """The PDF of `template_name` with `context`, rendered at most once per
    content version and then read from MEDIA_ROOT/pdf/ (see content_key).
    For callers that reuse the file itself, e.g. the meeting packet."""
    return stored_pdf_for_html(render_html(template_name, context), stylesheets=stylesheets, compress=compress)


def render_pdf(
    template_name, context, *, url_fetcher=None, use_cache=True, stylesheets=DEFAULT_STYLESHEETS, compress=True
):
    """Render `template_name` with `context` to PDF bytes, through the
    store (stored_pdf). `stylesheets` are paths under static/ (parsed once
    per process): print.css, and a document's own sheet after it where it
    has one (its rules in a <style> of the template would be parsed again
    at every render). `url_fetcher` is for tests that want to observe
    fetches (it must refuse like ours does); it, or use_cache=False,
    renders afresh without the store. `compress`: see write_pdf."""
    if url_fetcher is not None or not use_cache:
        html = render_html(template_name, context)
        return write_pdf(html, url_fetcher=url_fetcher, stylesheets=stylesheets, compress=compress)
    return stored_pdf(template_name, context, stylesheets=stylesheets, compress=compress).data
