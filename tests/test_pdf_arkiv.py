"""Every PDF the app makes is archivable and accessible: PDF/A-3a that is
also PDF/UA-1 in what can be checked from the file (issue 8, item 1).

The test finds the PDFs the way the permission matrix finds pages: every
GET row of tests/matrix.py is requested by a role allowed to open it, and
every response that is a PDF is checked. A new PDF URL therefore needs a
matrix row (test_permissions fails without one), and then meets these
checks. Every PDF served must also be bytes that samordning.pdf rendered
(a spy on its write_pdf records them): a PDF made past the renderer fails.

What is checked in each: tests/pdfcheck.py.
"""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from samordning import pdf as pdf_module
from tests.matrix import KANSLI, ROLES, ROWS, login, row_url
from tests.pdfcheck import archival_problems

pytestmark = pytest.mark.django_db

# URLs that hand out a file a user uploaded, as uploaded: not the app's PDFs.
# The meeting packet is merged from stored PDFs by pypdf, with uploads
# among them: tests/test_motespaket.py checks what it can be (it opens, has
# the outline, /Lang, the parts' pages and fonts).
SERVES_UPLOADS = {"ansokningar:bilaga", "beslut:handling_pdf", "beslut:motespaket_pdf", "insatser:rekvisition_bilaga"}
# Every kind of PDF the app makes today; the enumeration must find them all.
KNOWN_KINDS = {
    "ansokningar:pdf", "beslut:pdf (utkast)", "beslut:version_pdf", "beslut:kallelse_pdf", "beslut:protokoll_pdf (utkast)",
    "beslut:protokollsutdrag_pdf", "anslagstavla_pdf", "insatser:rekvisition_pdf",
}
# Who opens a row: the kansli first (it sees most), then the rest.
ROLE_ORDER = KANSLI + [r for r in ROLES if r not in KANSLI]


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
    # The called meeting's beslutsärende carries this proposal's fastställd
    # version (the matrix builds one only for its beslut rows).
    from beslut.models import Arende

    objs["arende_beslut"] = Arende.objects.create(
        sammantrade=objs["mote_kallat"], ordning=4, typ=Arende.Typ.BESLUT, rubrik=forslag.titel,
        forslag_version=forslag.versioner.get(),
    )  # fmt: skip
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
        login(client, personas, role)
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


RENDER_CALLS = re.compile(r"\.write_pdf\(|\bwrite_pdf\(|\bHTML\(|weasyprint import HTML|\bCSS\(string")


def test_no_module_but_the_renderer_lays_out_a_pdf():
    """The served bytes are checked above; this catches the code path that
    no page reaches yet (a management command, the meeting packet): only
    samordning/pdf.py calls WeasyPrint's HTML or write_pdf."""
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    outside = []
    for path in base.glob("*/**/*.py"):
        relative = path.relative_to(base)
        if relative.parts[0] in {".venv", "tests", "bench"} or "migrations" in relative.parts:
            continue
        if relative == Path("samordning/pdf.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if RENDER_CALLS.search(code) and not code.lstrip().startswith(('"', "'")):
                outside.append(f"{relative}:{number}: {line.strip()}")
    assert not outside, "PDF laid out outside samordning/pdf.py:\n" + "\n".join(outside)
