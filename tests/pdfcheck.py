"""Whether a PDF is archivable and accessible: PDF/A-3a that is also
PDF/UA-1 in what can be checked from the file. archival_problems(data, html)
lists what is wrong; tests/test_pdf_arkiv.py runs it on every PDF the app
serves.

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

import io
import itertools
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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
