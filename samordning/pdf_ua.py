"""What WeasyPrint's tagged PDF/A-3a output still needs to be PDF/UA-1 as
well: samordning.pdf passes finish() to write_pdf, which calls it with the
laid-out document and the pydyf PDF just before the file is written.

- Running headers and footers (the CSS @page margin boxes) become
  artifacts. WeasyPrint 70 tags their text like body text but leaves the
  structure elements out of the tree (in PDF 1.7 it cannot put artifacts
  there), so a screen reader would meet content that belongs to nothing.
  Here their marked content becomes /Artifact /Pagination and the page's
  remaining MCIDs are numbered 0, 1, 2, … again (the parent tree is an
  array indexed by MCID).
- Every table header cell gets its /Scope (Column, or Row for <th
  scope="row">): PDF/UA asks for it where WeasyPrint only writes IDs.
- The XMP metadata says pdfuaid:part 1, with the extension schema PDF/A
  requires for a namespace it does not predefine.
- An element that runs over a page break is one structure element again.
  WeasyPrint builds the tree page by page, so a table, list or paragraph
  split by a page break became two (a table twice, with its header row
  again as a row of the second: a screen reader announced two tables).
  Here the later fragment's children join the first fragment's, and a
  table's repeated header row becomes an artifact (its cells' /Headers
  point at the first header row). Which elements are fragments of one HTML
  element is recorded while WeasyPrint builds the tree (_recording_build).

It reads WeasyPrint's internals (the tag tree of pdf/tags.py, the cell
boxes' `mark`): weasyprint is pinned in requirements.txt, and
tests/test_pdf_arkiv.py checks the result from the file for every PDF.
"""

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasyprint_tags

PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


SOURCE = "_samordning_box"  # attribute of a structure element: the box WeasyPrint made it for


def _recording(build):
    """WeasyPrint's _build_box_tree, also noting on each structure element
    the box it was made for. The call that makes an element yields it
    first; calls further out that pass it on leave the note alone."""

    def _recording_build(box, *args):
        for element in build(box, *args):
            if not hasattr(element, SOURCE):
                setattr(element, SOURCE, box)
            yield element

    _recording_build.recording = True
    return _recording_build


# Installed when this module is imported, which samordning.pdf does before
# its first render (every render must be made the same way: same key, same bytes).
if not getattr(weasyprint_tags._build_box_tree, "recording", False):
    weasyprint_tags._build_box_tree = _recording(weasyprint_tags._build_box_tree)


def finish(document, pdf):
    _merge_page_fragments(pdf)
    _header_footer_as_artifacts(pdf)
    _table_header_scope(document)
    _declare_pdfua(pdf)


def _object(pdf, reference):
    """The pydyf object a reference (b"12 0 R") points at."""
    return pdf.objects[int(reference.split()[0])]


def _in_tree(pdf):
    """Numbers of the structure elements reachable from the tree's root."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    seen, todo = set(), list(root["K"])
    while todo:
        obj = _object(pdf, todo.pop())
        if obj.number in seen:
            continue
        seen.add(obj.number)
        todo.extend(kid for kid in obj.get("K", ()) if isinstance(kid, bytes))
    return seen


def _is_element(pdf, kid):
    return isinstance(kid, bytes) and "S" in _object(pdf, kid)


def _merge_page_fragments(pdf):
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    for top in root["K"]:
        _merge_kids(pdf, _object(pdf, top))


def _continues(pdf, first, then):
    """`then` is the same HTML element as `first`, on a later page."""
    a, b = getattr(first, SOURCE, None), getattr(then, SOURCE, None)
    return (
        a is not None
        and b is not None
        and a.element is not None
        and a.element is b.element
        and a.element_tag == b.element_tag
        and first["S"] == then["S"]
        and first.get("Pg") != then.get("Pg")
        # Only children that are structure elements move (no bare MCIDs,
        # which belong to the element's own page, and no annotations).
        and all(_is_element(pdf, kid) for kid in then["K"])
    )


def _merge_kids(pdf, element):
    kids = []
    for kid in element.get("K", ()):
        if kids and _is_element(pdf, kid) and _is_element(pdf, kids[-1]):
            first, then = _object(pdf, kids[-1]), _object(pdf, kid)
            if _continues(pdf, first, then):
                _absorb(pdf, first, then)
                continue
        kids.append(kid)
    if "K" in element:
        element["K"] = pydyf.Array(kids)
    for kid in kids:
        if _is_element(pdf, kid):
            _merge_kids(pdf, _object(pdf, kid))


def _absorb(pdf, first, then):
    kids = list(then["K"])
    if first["S"] == "/Table":
        kids = _without_repeated_head(pdf, first, kids)
    for kid in kids:
        _object(pdf, kid)["P"] = first.reference
        first["K"].append(kid)
    then["K"] = pydyf.Array()  # left out of the tree


def _without_repeated_head(pdf, table, kids):
    """A later fragment's THead repeats the first one's: it is left out of
    the tree (its content becomes an artifact in _header_footer_as_artifacts)
    and the cells pointing at its header cells point at the first ones."""
    heads = [_object(pdf, k) for k in table["K"] if _object(pdf, k)["S"] == "/THead"]
    kept = []
    for kid in kids:
        obj = _object(pdf, kid)
        if heads and obj["S"] == "/THead":
            ids = {}
            for row_then, row_first in zip(obj["K"], heads[0]["K"], strict=False):
                for cell_then, cell_first in zip(
                    _object(pdf, row_then)["K"], _object(pdf, row_first)["K"], strict=False
                ):
                    cell_then, cell_first = _object(pdf, cell_then), _object(pdf, cell_first)
                    if "ID" in cell_then and "ID" in cell_first:
                        ids[cell_then["ID"].string] = cell_first["ID"]
            for other in kids:
                if other is not kid:
                    _repoint_headers(pdf, _object(pdf, other), ids)
        else:
            kept.append(kid)
    return kept


def _repoint_headers(pdf, element, ids):
    attributes = element.get("A")
    if isinstance(attributes, dict) and "Headers" in attributes:
        attributes["Headers"] = pydyf.Array(ids.get(h.string, h) for h in attributes["Headers"])
    for kid in element.get("K", ()):
        if _is_element(pdf, kid):
            _repoint_headers(pdf, _object(pdf, kid), ids)


def _header_footer_as_artifacts(pdf):
    in_tree = _in_tree(pdf)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    nums = _object(pdf, root["ParentTree"])["Nums"]  # [page, [parent of MCID 0, 1, …], page, …]
    for page_number, page in enumerate(pdf.page_references):
        position = 2 * page_number
        assert nums[position] == page_number
        parents = nums[position + 1]
        outside = {mcid for mcid, ref in enumerate(parents) if int(ref.split()[0]) not in in_tree}
        content = _object(pdf, _object(pdf, page)["Contents"]).stream
        marks = [i for i, item in enumerate(content) if isinstance(item, pydyf.Dictionary) and "MCID" in item]
        if not outside or sorted(content[i]["MCID"] for i in marks) != list(range(len(parents))):
            continue  # nothing to do, or content in a form XObject: left as it is (the test says so)
        renumber = {old: new for new, old in enumerate(m for m in range(len(parents)) if m not in outside)}
        for i in marks:
            if content[i]["MCID"] in outside:
                content[i - 1] = "/Artifact"
                content[i] = pydyf.Dictionary({"Type": "/Pagination"})
            else:
                content[i]["MCID"] = renumber[content[i]["MCID"]]
        done = set()
        for old in renumber:
            element = _object(pdf, parents[old])
            if element.number not in done:
                done.add(element.number)
                element["K"] = pydyf.Array(
                    renumber.get(kid, kid) if isinstance(kid, int) else kid for kid in element["K"]
                )
        nums[position + 1] = pydyf.Array(parents[old] for old in renumber)


def _table_header_scope(document):
    def walk(box):
        if box.element_tag == "th" and getattr(box, "mark", None) is not None:
            scope = box.element.get("scope", "col")
            box.mark["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"
        if isinstance(box, boxes.ParentBox):
            for child in box.children:
                walk(child)

    for page in document.pages:
        walk(page._page_box)


def _declare_pdfua(pdf):
    metadata = _object(pdf, pdf.catalog["Metadata"])
    xmp = b"".join(metadata.stream)
    assert xmp.count(b"</rdf:RDF>") == 1
    metadata.stream = [xmp.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>")]
