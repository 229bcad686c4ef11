"""The store of rendered PDFs (MEDIA_ROOT/pdf/, samordning/pdf_lager.py)
does not grow for ever: a stored PDF is marked used when it is served, and
manage.py prune_media removes those unused for --pdf-days and what a
killed render left behind. Also what the renderer does with input that
would break PDF/A (samordning/pdf_innehall.py): an uploaded logo in CMYK
or 16 bits, and characters no font has. None of these lays out a document
except the last test."""

import io
import os
import time

import pytest
from django.core.management import call_command
from PIL import Image

from samordning import pdf as pdf_module
from samordning import pdf_innehall, pdf_lager

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\nprov\n%%EOF\n"
DAY = 86400


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def _stored(media, html):
    """A stored PDF for `html` put in place without rendering it."""
    path = media / pdf_lager.STORE_DIR / f"{pdf_module.content_key(html)}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(FAKE_PDF)
    return path


def test_serving_a_stored_pdf_marks_it_used(media, monkeypatch):
    monkeypatch.setattr(pdf_module, "write_pdf", lambda *a, **k: pytest.fail("rendered again"))
    path = _stored(media, "<p>lager</p>")
    _age(path, 40 * DAY)
    stored = pdf_module.stored_pdf_for_html("<p>lager</p>")
    assert stored.data == FAKE_PDF
    assert time.time() - path.stat().st_mtime < 60
    # Not written again on every request: once an hour is enough.
    _age(path, 10 * 60)
    before = path.stat().st_mtime
    pdf_module.stored_pdf_for_html("<p>lager</p>")
    assert path.stat().st_mtime == before


def test_prune_media_removes_stored_pdfs_unused_for_pdf_days(media, settings):
    store = media / pdf_lager.STORE_DIR
    used = _stored(media, "<p>används</p>")
    unused = _stored(media, "<p>oanvänd</p>")
    _age(used, 5 * DAY)
    _age(unused, 31 * DAY)
    # What a render killed midway leaves: old ones go, a young one may be a render now.
    old_tmp, old_lock, new_lock = store / ".tmp-abc.pdf", store / f".{unused.name}.lock", store / ".x.pdf.lock"
    for leftover in (old_tmp, old_lock, new_lock):
        leftover.write_bytes(b"")
    _age(old_tmp, 2 * DAY)
    _age(old_lock, 2 * DAY)

    call_command("prune_media", "--dry-run", stdout=io.StringIO())
    assert unused.exists() and old_tmp.exists()

    out = io.StringIO()
    call_command("prune_media", stdout=out)
    assert sorted(p.name for p in store.iterdir()) == sorted([used.name, new_lock.name])
    assert "2 lagrade PDF:er" not in out.getvalue() and "3 lagrade PDF:er" in out.getvalue()

    # The setting and the option choose the days; a removed PDF is simply rendered again.
    settings.PDF_STORE_DAYS = 2
    call_command("prune_media", stdout=io.StringIO())
    assert not used.exists()
    _stored(media, "<p>ny</p>")
    call_command("prune_media", "--pdf-days", "0", stdout=io.StringIO())
    assert [p.name for p in store.iterdir()] == [new_lock.name]


def _image(mode, value, fmt):
    out = io.BytesIO()
    Image.new(mode, (8, 4), value).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("mode", "value", "fmt", "expected"),
    [
        ("CMYK", (200, 50, 0, 20), "JPEG", "RGB"),  # DeviceCMYK is not allowed under the sRGB output intent
        ("I;16", 30000, "PNG", "L"),  # WeasyPrint would clip it to black
        ("LA", (117, 200), "PNG", None),  # as it is
        ("RGBA", (1, 2, 3, 4), "PNG", None),
    ],
)
def test_an_uploaded_image_reaches_the_pdf_as_srgb(mode, value, fmt, expected):
    data = _image(mode, value, fmt)
    converted = pdf_innehall.archivable_image(data)
    if expected is None:
        assert converted is data
    else:
        image = Image.open(io.BytesIO(converted))
        assert (image.format, image.mode) == ("PNG", expected)
    assert pdf_innehall.archivable_image(b"not an image") == b"not an image"


def test_characters_no_font_has_are_named_not_drawn_as_missing_glyphs():
    html = "<p>Start 🚀 klar 👍🏽</p>"
    assert pdf_innehall.without_glyphs(html, {0x1F680, 0x1F44D, 0x1F3FD}) == "<p>Start [rocket] klar [thumbs up sign]</p>"
    assert pdf_innehall.without_glyphs("a\x01b\u2028c\U0010fffd", {0x01, 0x2028, 0x10FFFD}) == "ab c[U+10FFFD]"
    # No font has a glyph for the last private-use character: the renderer
    # finds that out from the layout and lays the document out once more.
    data = pdf_module.write_pdf('<html lang="sv"><title>t</title><p>Start \U0010fffd</p></html>')
    from pypdf import PdfReader

    assert "Start [U+10FFFD]" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def _elements(node, found):
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    obj = node.get_object()
    if "/S" in obj:
        found.append(obj)
    kids = obj.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
        if isinstance(kid, (IndirectObject, DictionaryObject)) and "/S" in kid.get_object():
            _elements(kid, found)
    return found


def test_an_element_split_by_a_page_break_is_one_structure_element():
    """WeasyPrint tags page by page; samordning.pdf_ua joins the fragments
    and makes a table's repeated header row an artifact."""
    from pypdf import PdfReader

    words = " ".join(f"ord{i}" for i in range(900))
    items = "".join(f"<li>punkt {i}</li>" for i in range(45))
    rows = "".join(f'<tr><th scope="row">rad {i}</th><td>{i}</td></tr>' for i in range(60))
    html = (
        f'<html lang="sv"><title>t</title><h1>R</h1><p>{words}</p><ul>{items}</ul><table><thead><tr>'
        f'<th scope="col">Namn</th><th scope="col">Värde</th></tr></thead><tbody>{rows}</tbody></table></html>'
    )
    reader = PdfReader(io.BytesIO(pdf_module.write_pdf(html)))
    assert len(reader.pages) >= 3
    assert sum("Namn" in page.extract_text() for page in reader.pages) >= 2  # the header row is repeated
    elements = _elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    kinds = [str(e["/S"]) for e in elements]
    assert [kinds.count(k) for k in ("/P", "/L", "/Table", "/THead", "/TBody", "/LI")] == [1, 1, 1, 1, 1, 45]
    ids = {str(e["/ID"]) for e in elements if "/ID" in e}
    headers = [str(h) for e in elements if "/Headers" in e.get("/A", {}) for h in e["/A"]["/Headers"]]
    assert len(ids) == 62 and headers and set(headers) <= ids
