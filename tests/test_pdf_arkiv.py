"""Every PDF the app makes is archivable and accessible: PDF/A-3a that is
also PDF/UA-1 in what can be checked from the file (issue 8, item 1).

The test finds the PDFs the way the permission matrix finds pages: every
GET row of tests/matrix.py is requested by a role allowed to open it, and
every response that is a PDF is checked. A new PDF URL therefore needs a
matrix row (test_permissions fails without one), and then meets these
checks. Every PDF served must also be bytes that samordning.pdf rendered
(a spy on its write_pdf records them): a PDF made past the renderer fails.

Checked from the file (pypdf): the header; /MarkInfo, /Lang sv,
/DisplayDocTitle, /Title and XMP dc:title; pdfaid part and conformance A,
pdfuaid part 1; an sRGB ICC output intent; the trailer /ID; the structure
tree has H1–H6, Table, TH, TD, L, LI and Figure wherever the HTML has the
matching element, headings start at H1 and skip no level, every TH has a
/Scope, every Figure an /Alt, every table's rows span as many columns;
every font is embedded with a /ToUnicode map; all text, drawing and images
are in tagged content whose MCID leads to an element of the tree (images
to a Figure with /Alt) or in an artifact; the running header and footer
texts are artifacts. A full validator (veraPDF)
still has to confirm the rest of ISO 19005-3 and ISO 14289-1 / Matterhorn.
"""

import hashlib
import io
import itertools
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from samordning import pdf as pdf_module
from tests.matrix import ROLES, ROWS, row_url

pytestmark = pytest.mark.django_db

# URLs that hand out a file a user uploaded, as uploaded: not the app's PDFs.
SERVES_UPLOADS = {"ansokningar:bilaga"}
# Every kind of PDF the app makes today; the enumeration must find them all.
KNOWN_KINDS = {"ansokningar:pdf", "beslut:pdf (utkast)", "beslut:version_pdf"}
# Who opens a row: the kansli first (it sees most), then the rest.
ROLE_ORDER = ["handlaggare", "forbundschef", "sekreterare", "admin"] + [
    r for r in ROLES if r not in ("handlaggare", "forbundschef", "sekreterare", "admin")
]

HTML_TO_PDF_TAG = {
    **{f"h{n}": f"/H{n}" for n in range(1, 7)},
    "table": "/Table",
    "th": "/TH",
    "td": "/TD",
    "ul": "/L",
    "ol": "/L",
    "li": "/LI",
    "img": "/Figure",
}
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


# --- reading the file --------------------------------------------------------


class _Tags(HTMLParser):
    """The elements of a document's HTML, and its running header/footer texts."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.running = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "body":
            self.running = [value for name, value in attrs if name.startswith("data-sid") and value]


def _xmp_values(xmp):
    """Every attribute and simple element of the XMP, by '{ns}name'."""
    values = {}
    for element in ElementTree.fromstring(xmp).iter():
        values.update(element.attrib)
        if element.text and element.text.strip():
            values.setdefault(element.tag, element.text.strip())
    return values


def _structure(root):
    """The structure elements reachable from the tree's root, in document
    order: [(type, element, idnum)]."""
    found = []

    def walk(node):
        obj = node.get_object()
        if isinstance(obj, DictionaryObject) and "/S" in obj:
            found.append((obj["/S"], obj, node.idnum if isinstance(node, IndirectObject) else None))
        kids = obj.get("/K") if isinstance(obj, DictionaryObject) else None
        if kids is None:
            return
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, (IndirectObject, DictionaryObject)):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return found


def _kids(element):
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, (IndirectObject, DictionaryObject)) and "/S" in kid.get_object():
            yield kid.get_object()


def _row_widths(table):
    """Columns per row (cells and their ColSpan) of a Table element whose
    cells span no rows; [] when some do (not used by our templates)."""
    rows = [row for part in _kids(table) for row in ([part] if part["/S"] == "/TR" else _kids(part))]
    cells = [[cell.get("/A", {}) for cell in _kids(row)] for row in rows]
    if any("/RowSpan" in a for row in cells for a in row):
        return []
    return [sum(int(a.get("/ColSpan", 1)) for a in row) for row in cells]


def _parent_tree(root):
    """{(StructParents, MCID): structure element idnum}."""
    result = {}

    def walk(node):
        node = node.get_object()
        for kid in node.get("/Kids", []):
            walk(kid)
        nums = node.get("/Nums", [])
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            value = value.get_object()
            if isinstance(value, ArrayObject):
                for mcid, ref in enumerate(value):
                    result[(int(key), mcid)] = getattr(ref, "idnum", None)
            else:
                result[(int(key), None)] = None

    walk(root["/StructTreeRoot"]["/ParentTree"])
    return result


def _fonts(resources, seen):
    """Every font dictionary used through `resources` (and its XObjects')."""
    resources = resources.get_object() if resources is not None else {}
    for font in resources.get("/Font", {}).values():
        yield font.get_object()
    for xobject in resources.get("/XObject", {}).values():
        if xobject.idnum not in seen:
            seen.add(xobject.idnum)
            yield from _fonts(xobject.get_object().get("/Resources"), seen)


TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}
PAINT_OPS = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh"}


def _problems_in_content(reader, page_number, page, parents, elements):
    """Walks a page's content: all text, drawing (lines, backgrounds) and
    every image inside tagged content (an MCID whose element is in the tree)
    or an artifact; an image's element a Figure with /Alt. Returns (problems, artifact text,
    tagged text)."""
    problems, artifact, tagged = [], [], []
    stack = []
    images = {
        name
        for name, x in page.get("/Resources", {}).get("/XObject", {}).items()
        if x.get_object().get("/Subtype") == "/Image"
    }
    key = page.get("/StructParents")

    def state():
        for tag, mcid in reversed(stack):
            if tag == "/Artifact":
                return "artifact", None
            if mcid is not None:
                return "tagged", mcid
        return None, None

    def before(op, args, cm, tm):
        if op == b"BDC":
            props = args[1].get_object() if isinstance(args[1], (DictionaryObject, IndirectObject)) else {}
            stack.append((str(args[0]), props.get("/MCID") if hasattr(props, "get") else None))
        elif op == b"BMC":
            stack.append((str(args[0]), None))
        elif op == b"EMC":
            stack.pop()
        elif op in TEXT_OPS or op in PAINT_OPS or (op == b"Do" and args and str(args[0]) in images):
            kind, mcid = state()
            what = "image" if op == b"Do" else "text" if op in TEXT_OPS else "drawing"
            if kind is None:
                problems.append(f"page {page_number}: {what} neither tagged nor an artifact")
            elif kind == "tagged":
                idnum = parents.get((key, mcid))
                if idnum not in elements:
                    problems.append(f"page {page_number}: MCID {mcid} belongs to no element in the tree")
                elif what == "image":
                    element = elements[idnum]
                    if element.get("/S") != "/Figure" or not str(element.get("/Alt", "")).strip():
                        problems.append(f"page {page_number}: image in {element.get('/S')} without /Alt")

    def text(chunk, cm, tm, font, size):
        if chunk.strip():
            (artifact if state()[0] == "artifact" else tagged).append(chunk)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return problems, " ".join(artifact), " ".join(tagged)


def _is_true(value):
    return getattr(value, "value", value) is True  # pypdf's BooleanObject


def archival_problems(data, html):
    """What keeps `data` (a PDF rendered from `html`) from being PDF/A-3a
    and, in what a file shows, PDF/UA-1. Empty when all is well."""
    problems = []
    if not re.match(rb"%PDF-1\.[4-7]", data):
        problems.append(f"header {data[:8]!r}")
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    info = reader.metadata or {}

    if not _is_true(root.get("/MarkInfo", {}).get("/Marked")):
        problems.append("/MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).startswith("sv"):
        problems.append(f"/Lang is {root.get('/Lang')!r}, not sv")
    if not _is_true(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    title = str(info.get("/Title", "")).strip()
    if not title:
        problems.append("no /Title in the document information")
    if "/Metadata" not in root:
        problems.append("no XMP metadata")
    else:
        xmp = _xmp_values(root["/Metadata"].get_object().get_data())
        if xmp.get(f"{{{NS['pdfaid']}}}part") not in ("2", "3") or xmp.get(f"{{{NS['pdfaid']}}}conformance") != "A":
            problems.append("XMP does not say PDF/A-2a or -3a (pdfaid:part, pdfaid:conformance)")
        if xmp.get(f"{{{NS['pdfuaid']}}}part") != "1":
            problems.append("XMP does not say PDF/UA-1 (pdfuaid:part)")
        if xmp.get(f"{{{NS['rdf']}}}li") != title:
            problems.append("XMP dc:title differs from /Title")
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    if not any(
        i.get("/S") == "/GTS_PDFA1" and i["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"
        for i in intents
    ):
        problems.append("no /OutputIntents /GTS_PDFA1 with an ICC profile")
    ids = reader.trailer.get("/ID")
    if not ids or len(ids) != 2 or not all(ids):
        problems.append("no document /ID in the trailer")

    if "/StructTreeRoot" not in root:
        return [*problems, "no /StructTreeRoot"]
    structure = _structure(root)
    types = [s for s, _e, _i in structure]
    elements = {idnum: element for _s, element, idnum in structure if idnum is not None}
    wanted = {HTML_TO_PDF_TAG[tag] for tag in _Tags(html).tags if tag in HTML_TO_PDF_TAG}
    if missing := wanted - set(types):
        problems.append(f"the HTML has them, the structure tree lacks {sorted(missing)}")
    levels = [int(s[2]) for s in types if re.fullmatch(r"/H[1-6]", s)]
    if levels and levels[0] != 1:
        problems.append(f"the first heading is H{levels[0]}")
    if any(b > a + 1 for a, b in itertools.pairwise(levels)):
        problems.append(f"a heading level is skipped: {levels}")
    for s, element, _i in structure:
        if s == "/TH" and element.get("/A", {}).get("/Scope") not in ("/Column", "/Row", "/Both"):
            problems.append("a TH without /Scope")
            break
    for s, element, _i in structure:
        if s == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append("a Figure without /Alt")
        if s == "/Table" and len(set(_row_widths(element))) > 1:
            problems.append(f"a table's rows have different numbers of columns: {_row_widths(element)}")

    seen = set()
    parents = _parent_tree(root)
    running = _Tags(html).running
    for number, page in enumerate(reader.pages, start=1):
        for font in _fonts(page.get("/Resources"), seen):
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
                problems.append(f"font {font.get('/BaseFont')} is not embedded")
            if "/ToUnicode" not in font:
                problems.append(f"font {font.get('/BaseFont')} has no /ToUnicode")
        found, artifact, tagged = _problems_in_content(reader, number, page, parents, elements)
        problems += found
        # The running header and footer (@page margin boxes) are artifacts.
        page_label = f"Sida {number} av {len(reader.pages)}"
        if page_label not in artifact or page_label in tagged:
            problems.append(f"page {number}: the footer {page_label!r} is not an artifact")
        if number > 1 and not all(text in artifact for text in running):
            problems.append(f"page {number}: running header/footer {running} not all artifacts")
    return list(dict.fromkeys(problems))


# --- the PDFs the app makes --------------------------------------------------


class Renders(dict):
    """{SHA-256 of PDF bytes: the HTML} for every PDF samordning.pdf renders;
    `count`: how many renders (the same content renders to the same bytes)."""

    count = 0


@pytest.fixture
def renders(monkeypatch):
    made = Renders()
    real = pdf_module.write_pdf

    def recording(html, **kwargs):
        data = real(html, **kwargs)
        made[hashlib.sha256(data).hexdigest()] = html
        made.count += 1
        return data

    monkeypatch.setattr(pdf_module, "write_pdf", recording)
    return made


def _logo():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 60, 120)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def objects(personas, forslag, cecilia_forbundschef, forbund, media, renders):
    """The matrix's objects, with the seed application (headings, lists,
    tables) for the submitted one, its proposal fastställd and then changed
    (so the proposal URL gives the draft and the version URL the stored
    copy), and a logo (an image in every PDF)."""
    from beslut import services
    from tests import matrix_objects

    forbund.logotyp.save("logo.png", ContentFile(_logo()))
    objs = matrix_objects.build(personas)
    forslag.arendet += "\n\n# Tidigare beslut\n\n- Första punkten\n- Andra punkten"
    forslag.save()
    services.faststall(forslag=forslag, by=cecilia_forbundschef)
    forslag.titel += " (reviderat)"
    forslag.save()
    # A row whose URL pairs the application with another of the matrix's
    # objects (an attachment, say) is asked again with the matrix's own.
    return {**objs, "inlamnad": forslag.ansokan, "forslag": forslag, "matrisens": {**objs, "forslag": forslag}}


def _pdf_responses(client, personas, objects):
    """(URL name, response) for every GET row of the matrix whose response
    is a PDF, requested by the first role the matrix lets open it."""
    found = []
    for name, row in sorted(ROWS.items()):
        if row.method != "get" or name in SERVES_UPLOADS:
            continue
        role = next((r for r in ROLE_ORDER if row.expected.get(r) == 200), None)
        if role is None:
            continue
        client.logout()
        if role != "anon":
            client.force_login(personas[role])
        for objs in (objects, objects["matrisens"]):
            with transaction.atomic():
                response = client.get(row_url(name, objs), row.data)
                transaction.set_rollback(True)
            if response.status_code == 200:
                break
        assert response.status_code == 200, (name, role, response.status_code)
        if response.get("Content-Type", "").startswith("application/pdf"):
            found.append((name, response))
    return found


def test_every_pdf_is_pdfa_and_tagged_and_from_the_renderer(client, personas, objects, renders):
    from ansokningar.pdf import stored_ansokan_pdf
    from beslut.pdf import stored_forslag_pdf

    assert set(ROWS) >= SERVES_UPLOADS
    served = {}
    for name, response in _pdf_responses(client, personas, objects):
        data = response.getvalue()
        html = renders.get(hashlib.sha256(data).hexdigest())
        assert html is not None, f"{name}: a PDF that samordning.pdf did not render"
        assert archival_problems(data, html) == [], name
        served[f"{name} (utkast)" if "utkast" in response["Content-Disposition"] else name] = data
    assert set(served) >= KNOWN_KINDS

    # What the views served is in the store, for documents made of stored
    # parts (the meeting packet): read back, not rendered again.
    count = renders.count
    ansokan, forslag = stored_ansokan_pdf(objects["inlamnad"]), stored_forslag_pdf(objects["forslag"])
    assert ansokan.data == served["ansokningar:pdf"] == ansokan.path.read_bytes()
    assert forslag.data == served["beslut:pdf (utkast)"] and renders.count == count


def test_a_pdf_made_past_the_renderer_fails_the_check(forbund):
    """The checks catch a plain WeasyPrint PDF (untagged, not PDF/A)."""
    from weasyprint import HTML

    html = pdf_module.render_html("pdf/base.html", {"forbund": forbund})
    problems = archival_problems(HTML(string=html).write_pdf(), html)
    assert "/MarkInfo /Marked is not true" in problems and "no /StructTreeRoot" in problems
    assert "no /OutputIntents /GTS_PDFA1 with an ICC profile" in problems


def test_stored_once_per_content_version(forbund, media, renders):
    """The store: rendered once, read back after; a change is a new file,
    written whole (no temporary file left), a damaged file rendered again."""
    first = pdf_module.stored_pdf("pdf/base.html", {"forbund": forbund})
    again = pdf_module.stored_pdf("pdf/base.html", {"forbund": forbund})
    assert first == again and renders.count == 1
    assert first.path == media / first.name and first.path.read_bytes() == first.data
    assert first.name.startswith("pdf/") and first.name.endswith(".pdf")

    forbund.namn = "Samordningsförbundet Norr"
    changed = pdf_module.stored_pdf("pdf/base.html", {"forbund": forbund})
    assert changed.name != first.name and renders.count == 2
    assert sorted(p.name for p in (media / "pdf").iterdir()) == sorted([first.path.name, changed.path.name])

    first.path.write_bytes(first.data[:100])  # cut short
    forbund.refresh_from_db()  # the first name back
    assert pdf_module.stored_pdf("pdf/base.html", {"forbund": forbund}).data == first.data
    assert renders.count == 3 and len(renders) == 2  # same content, same bytes


def test_a_version_asked_for_at_once_is_rendered_once(media, monkeypatch):
    """Three requests for a version not yet stored: one renders, the others
    wait for it and read its file."""
    import threading
    import time

    rendered = []

    def slow(html, **kwargs):
        rendered.append(html)
        time.sleep(0.2)
        return b"%PDF-1.7\n" + html.encode() + b"\n%%EOF\n"

    monkeypatch.setattr(pdf_module, "write_pdf", slow)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(pdf_module.stored_pdf_for_html("<p>samma</p>")))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(rendered) == 1 and len(results) == 3 and len({r.data for r in results}) == 1
    assert [p.name for p in (media / "pdf").iterdir()] == [results[0].path.name]  # no lock or temporary file left
