"""The project's one way to make a PDF: a Django template rendered to HTML,
then to PDF by WeasyPrint.

- Warm set-up: one FontConfiguration and the parsed print stylesheet
  (static/css/print.css with the @font-face rules of static/fonts/) are made
  once per process and reused. WeasyPrint only uses @font-face fonts when the
  same FontConfiguration is given to CSS() and to write_pdf().
- Closed to the outside: the URL fetcher only opens files under static/ and
  the förbund's logo folder in MEDIA_ROOT. Anything else (http(s), data:,
  other files) is refused, so no text in a document can make the PDF fetch a
  URL or read a file. Templates auto-escape user text anyway.
- Relative references in templates (e.g. "img/x.png") resolve against static/.
"""

import atexit
import threading
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

STYLESHEET = "css/print.css"
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
    """What is made once per process: fonts, fetcher and parsed stylesheet."""

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
        css = faces + "\n" + (static_dir() / STYLESHEET).read_text(encoding="utf-8")
        self.stylesheets = [
            CSS(string=css, base_url=self.base_url, url_fetcher=self.url_fetcher, font_config=self.font_config)
        ]


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
    _warm = None


def render_html(template_name, context):
    return render_to_string(template_name, context)


def render_pdf(template_name, context, *, url_fetcher=None):
    """Render `template_name` with `context` to PDF bytes. `url_fetcher` is
    for tests that want to observe fetches; it must refuse like ours does."""
    from weasyprint import HTML

    setup = warm()
    html = render_html(template_name, context)
    with _render_lock:
        document = HTML(string=html, base_url=setup.base_url, url_fetcher=url_fetcher or setup.url_fetcher)
        return document.write_pdf(
            stylesheets=setup.stylesheets, font_config=setup.font_config, cache=setup.image_cache
        )
