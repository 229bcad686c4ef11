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

It reads WeasyPrint's internals (the tag tree of pdf/tags.py, the cell
boxes' `mark`): weasyprint is pinned in requirements.txt, and
tests/test_pdf_arkiv.py checks the result from the file for every PDF.
"""

import pydyf
from weasyprint.formatting_structure import boxes

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


def finish(document, pdf):
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
