"""The meeting packet as one PDF (issue 10, item 4): a cover with a table of
contents and page numbers, the kallelse with its föredragningslista, then
per ärende its documents: the beslutsförslag as fastställd (the frozen file
of FaststalldVersion, never rendered again), the application as bilaga and
the uploaded handlingar (for the anmälan av delegationsbeslut, each
reported decision's own document). Each ärende is a bookmark with its
documents under it, and every page carries "Ärende 5 – Bilaga: ansökan,
sida 2 av 7" in its top margin.

Incremental: every part is a stored file with a content key (the PDF
store, samordning.pdf.stored_pdf; FaststalldVersion and Handling by their
SHA-256), and so is each document's page stamp (one small PDF per
document and page count, its text in a running header so it is an
artifact). A rebuild after one ärende changed renders that document, its
stamp if its pages changed, and the cover, then merges with pypdf. The
packet itself is stored under the key of all its parts: the next request
for the same parts reads the file.

The merge keeps pages, fonts and an sRGB output intent, and adds the
outline, /Lang sv and a title; the parts' structure trees are not joined
(each document on its own is the tagged, archivable PDF/A).
"""

import hashlib
import io
import json
import logging
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from ansokningar import pdf as ansokan_pdf
from ansokningar import selectors as ansokan_selectors
from beslut import kallelse_pdf
from beslut.models import Arende
from beslut.services import kallelse as kallelse_services
from samordning import pdf_lager
from samordning.models import Forbund
from samordning.pdf import STYLESHEET, content_key, stored_pdf, stored_pdf_for_html
from samordning.pdf import render_html as _render_html

logger = logging.getLogger(__name__)

# Part of the packet's key: change it when how the parts are put together
# changes (the stamps, the outline, the cover's place).
PAKET_VERSION = "motespaket/1"
STYLESHEETS = (STYLESHEET, "css/print-mote.css")
STAMPEL_STYLESHEETS = ("css/print-mote.css",)  # not print.css: no running header of its own
TEMPLATES = (
    "beslut/motespaket_omslag.html",
    "pdf/motespaket_stampel.html",
    "beslut/motespaket_ersattning.html",
)

# How many parts were laid out by this process (stamps, cover, substitutes
# and the packets merged): the tests and the benchmark read it.
raknare = {"stamplar": 0, "omslag": 0, "paket": 0}


@dataclass
class Del:
    """One document of the packet."""

    titel: str  # its bookmark and line in the table of contents
    stampel: str  # "Ärende 5 – Bilaga: ansökan"
    nyckel: str  # content key: same key, same bytes
    hamta: object  # () -> bytes
    data: bytes = None
    reader: PdfReader = None
    sidor: int = 0
    forsta_sida: int = 0  # 1-based, in the packet
    forbund: object = None  # for a page that stands in for an unreadable file


@dataclass
class Grupp:
    """An ärende with documents (or the kallelse, with arende None)."""

    nummer: int
    titel: str
    delar: list = field(default_factory=list)


# --- the parts -------------------------------------------------------------------


def _fil(fieldfile):
    def read():
        with fieldfile.open("rb") as handle:
            return handle.read()

    return read


def _grupper(mote, lista):
    kallelse = kallelse_pdf.stored_kallelse_pdf(mote, lista)
    grupper = [
        Grupp(0, _("Kallelse och föredragningslista"), [
            Del(_("Kallelse och föredragningslista"), _("Kallelse och föredragningslista"),
                Path(kallelse.name).stem, lambda: kallelse.data, data=kallelse.data),
        ]),
    ]  # fmt: skip
    delegation = None
    for nummer, arende in enumerate(lista, start=1):
        grupp = Grupp(
            nummer, _("Ärende %(nr)d %(rubrik)s") % {"nr": nummer, "rubrik": arende.rubrik}
        )
        prefix = _("Ärende %(nr)d") % {"nr": nummer}
        version = arende.forslag_version
        if version is not None:
            titel = _("Beslutsförslag")
            grupp.delar.append(
                Del(titel, f"{prefix} – {titel}", f"fv-{version.sha256}", _fil(version.pdf))
            )
            ansokan = version.forslag.ansokan
            if ansokan is not None:
                titel = _("Bilaga: ansökan")
                grupp.delar.append(_ansokan_del(ansokan, titel, f"{prefix} – {titel}"))
        if arende.typ == Arende.Typ.DELEGATION:
            if delegation is None:
                delegation = kallelse_pdf.delegationsbeslut_for(mote)
            for beslut in delegation:
                titel = _("Delegationsbeslut: %(titel)s") % {
                    "titel": beslut.innehall.get("titel", "")
                }
                grupp.delar.append(
                    Del(titel, f"{prefix} – {titel}", f"fv-{beslut.sha256}", _fil(beslut.pdf))
                )
        for handling in arende.handlingar.all():
            titel = _("Handling: %(namn)s") % {"namn": handling.filnamn}
            grupp.delar.append(
                Del(titel, f"{prefix} – {titel}", f"h-{handling.sha256}", _fil(handling.fil))
            )
        if grupp.delar:
            grupper.append(grupp)
    forbund = Forbund.get()
    for grupp in grupper:
        for del_ in grupp.delar:
            del_.forbund = forbund
    return grupper


def _ansokan_del(ansokan, titel, stampel):
    """The application as ansokningar.pdf.stored_ansokan_pdf stores it (same
    HTML, stylesheets and key), its layout left to whoever reads the part:
    a render worker when many are missing."""
    html = _render_html(ansokan_pdf.TEMPLATE, ansokan_pdf.context(ansokan_selectors.load(ansokan.pk)))
    return Del(
        titel,
        stampel,
        content_key(html, ansokan_pdf.STYLESHEETS),
        lambda: stored_pdf_for_html(html, stylesheets=ansokan_pdf.STYLESHEETS).data,
    )


def _las(del_):
    """Open the part with pypdf. A file that is missing, encrypted or not a
    PDF pypdf can read becomes one page that says so: the packet is built
    anyway, and the reader is told the document is not in it."""
    try:
        if del_.data is None:
            del_.data = del_.hamta()
        reader = PdfReader(io.BytesIO(del_.data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted")
        sidor = len(reader.pages)
        if not sidor:
            raise ValueError("no pages")
    except Exception:  # anything pypdf or the file system raises: never a 500
        logger.warning("Möteshandlingar: en del kunde inte läsas (%s)", del_.nyckel)
        stored = stored_pdf(
            "beslut/motespaket_ersattning.html",
            {"forbund": del_.forbund, "titel": del_.titel, "stampel": del_.stampel},
            stylesheets=STYLESHEETS,
        )
        del_.data = stored.data
        del_.nyckel = Path(stored.name).stem
        reader = PdfReader(io.BytesIO(del_.data))
        sidor = len(reader.pages)
    del_.reader, del_.sidor = reader, sidor


# --- stamps ------------------------------------------------------------------------


def _storlek(page):
    box = page.mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


def _stampel(del_):
    """The part's page stamp: a PDF with one page per page of the part, of
    the same size, its text ("…, sida 2 av 7") in the top margin as a
    running header (an artifact). Stored by content key like any PDF."""
    storlekar, sidor = [], []
    for nr, page in enumerate(del_.reader.pages, start=1):
        size = _storlek(page)
        if size not in storlekar:
            storlekar.append(size)
        sidor.append(
            {
                "klass": f"p{storlekar.index(size)}",
                "text": _("%(stampel)s, sida %(nr)d av %(av)d")
                % {"stampel": del_.stampel, "nr": nr, "av": del_.sidor},
            }
        )
    css_sizes = [f"{w:.2f}pt {h:.2f}pt" for w, h in storlekar]  # not through the locale: 841.89, not 841,89
    html = _render_html("pdf/motespaket_stampel.html", {"storlekar": css_sizes, "sidor": sidor})
    key = _html_key(html, STAMPEL_STYLESHEETS)
    if not pdf_lager.path_for(key).exists():
        raknare["stamplar"] += 1
    return PdfReader(io.BytesIO(stored_pdf_for_html(html, stylesheets=STAMPEL_STYLESHEETS).data))


def _html_key(html, stylesheets):
    return content_key(html, stylesheets)


def _stampla(writer, page, stamp_page, namn):
    """Lay `stamp_page` over `page` (already in `writer`) as a form XObject,
    without parsing either content stream: the page's own content is
    wrapped in q … Q and the stamp drawn after it."""
    form = DecodedStreamObject()
    form.set_data(stamp_page.get_contents().get_data())
    box = stamp_page.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)]
            ),
            NameObject("/Resources"): stamp_page["/Resources"].get_object().clone(writer),
        }
    )
    target = page.mediabox
    if (float(target.left), float(target.bottom)) != (0.0, 0.0):
        form[NameObject("/Matrix")] = ArrayObject(
            [FloatObject(v) for v in (1, 0, 0, 1, float(target.left), float(target.bottom))]
        )
    form_ref = writer._add_object(form)
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject(namn)] = form_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    fore, efter = DecodedStreamObject(), DecodedStreamObject()
    fore.set_data(b"q\n")
    efter.set_data(b"\nQ\nq " + namn.encode() + b" Do Q\n")
    contents = page.get("/Contents")
    if contents is None:  # a blank page
        original = []
    elif isinstance(contents.get_object(), ArrayObject):
        original = list(contents.get_object())
    else:
        original = [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(fore), *original, writer._add_object(efter)]
    )


# --- the cover ---------------------------------------------------------------------


def _omslag_context(mote, grupper, revision):
    forbund = Forbund.get()
    from samordning.pdf import logotyp_url

    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "mote": mote,
        "organ": mote.organ,
        "grupper": [
            {
                "titel": g.titel,
                "sida": g.delar[0].forsta_sida,
                "delar": [
                    {"titel": d.titel, "sida": d.forsta_sida, "sidor": d.sidor} for d in g.delar
                ],
            }
            for g in grupper
        ],
        "revision": revision,
    }


def _omslag(mote, grupper, revision):
    """The cover, laid out until its own page count is the one its page
    numbers assumed (the table of contents may take two pages)."""
    antal = 1
    for _attempt in range(4):
        sida = antal + 1
        for grupp in grupper:
            for del_ in grupp.delar:
                del_.forsta_sida = sida
                sida += del_.sidor
        html = _render_html(
            "beslut/motespaket_omslag.html", _omslag_context(mote, grupper, revision)
        )
        if not pdf_lager.path_for(_html_key(html, STYLESHEETS)).exists():
            raknare["omslag"] += 1
        stored = stored_pdf_for_html(html, stylesheets=STYLESHEETS)
        reader = PdfReader(io.BytesIO(stored.data))
        if len(reader.pages) == antal:
            return reader
        antal = len(reader.pages)
    return reader


def revision(mote, lista):
    """What the cover says when the papers changed after the kallelse went
    out: the changes since the first kallelse, and when revised kallelser
    were sent. None when nothing changed (or no kallelse has gone out)."""
    utskick = list(mote.utskick.order_by("nummer"))
    if not utskick:
        return None
    nu = kallelse_services.nuvarande(mote, lista)
    lines = kallelse_services.andringar(utskick[0].innehall, nu)
    if not lines and len(utskick) == 1:
        return None
    return {
        "kallelse": utskick[0].skickad,
        "andringar": lines,
        "revideringar": [u.skickad for u in utskick[1:]],
        "ej_utskickat": bool(kallelse_services.andringar(utskick[-1].innehall, nu)),
    }


# --- building ------------------------------------------------------------------------


@cache
def _template_digest():
    from django.template.loader import get_template

    return hashlib.sha256(
        "".join(
            Path(get_template(t).origin.name).read_text(encoding="utf-8") for t in TEMPLATES
        ).encode()
    ).hexdigest()


def _paket_nyckel(mote, grupper, revision_info):
    """The packet's key, from its parts' keys and what the cover shows
    (page numbers follow from the parts): same key, same packet."""
    forbund = Forbund.get()
    plan = {
        "v": PAKET_VERSION,
        "mallar": _template_digest(),
        "forbund": [forbund.namn, str(forbund.logotyp)],
        "mote": [
            mote.organ.namn,
            str(mote.datum),
            str(mote.starttid),
            str(mote.sluttid),
            mote.plats,
            mote.lank,
        ],
        "grupper": [[g.titel, [[d.titel, d.stampel, d.nyckel] for d in g.delar]] for g in grupper],
        "revision": revision_info,
    }
    return (
        "paket-"
        + hashlib.sha256(json.dumps(plan, default=str, sort_keys=True).encode()).hexdigest()
    )


def paket(mote):
    """The packet's bytes: from the store when its parts are unchanged, else
    put together from the stored parts (and stored)."""
    lista = kallelse_pdf.arenden(mote)
    grupper = _grupper(mote, lista)
    revision_info = revision(mote, lista)
    nyckel = _paket_nyckel(mote, grupper, revision_info)
    path = pdf_lager.path_for(nyckel)
    data = pdf_lager.read(path)
    if data is not None:
        return data
    with pdf_lager.one_writer(path):
        data = pdf_lager.read(path)
        if data is None:
            data = _bygg(mote, grupper, revision_info)
            pdf_lager.store(path, data)
    return data


def _stamplad_nyckel(del_):
    parts = f"{PAKET_VERSION}\n{_template_digest()}\n{del_.nyckel}\n{del_.stampel}"
    return "del-" + hashlib.sha256(parts.encode()).hexdigest()


def _stamplad(del_, *, las=True):
    """The part with its page stamps, as a PDF of its own kept in the store
    under the part's key and stamp text: laid out and stamped once, then
    read back. pypdf writes it without object streams, which it reads some
    twenty times faster than WeasyPrint's compressed files (it parses a
    whole object stream, the structure tree included, to find one page).
    las=False only makes sure it is stored (a render worker)."""
    path = pdf_lager.path_for(_stamplad_nyckel(del_))
    data = pdf_lager.read(path)
    if data is None:
        with pdf_lager.one_writer(path):
            data = pdf_lager.read(path)
            if data is None:
                data = _stampla_del(del_)
                pdf_lager.store(path, data)
    if las:
        reader = PdfReader(io.BytesIO(data))
        del_.reader, del_.sidor = reader, len(reader.pages)
    del_.data = None  # the unstamped bytes are not needed any more


# --- render workers -----------------------------------------------------------------
#
# A full build lays out some forty documents (applications and stamps) of
# which each costs WeasyPrint a quarter of a second on one core. When at
# least PARALLELL_FRAN parts are missing from the store they are made by
# ARBETARE forked processes (no database: each part's HTML and files were
# gathered before the fork) and stored; the build then reads them.

ARBETARE = 2
PARALLELL_FRAN = 6
_JOBB = []


def _jobb(index):
    _stamplad(_JOBB[index], las=False)


def _arvd_uppsattning(uppsattning):
    """In a worker: the parent's warm renderer (fonts, parsed stylesheets)
    instead of a new one, some 0.5 s of CPU each. samordning.pdf drops it at
    the fork only so a child never removes the parent's font folder; the
    child's copy has its folder cleared by that same hook."""
    from samordning import pdf

    pdf._warm = uppsattning


def _parallellt(delar):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _JOBB
    _JOBB = delar
    from samordning import pdf

    uppsattning = pdf.warm()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=ARBETARE, mp_context=context, initializer=_arvd_uppsattning, initargs=(uppsattning,)
        ) as pool:
            list(pool.map(_jobb, range(len(delar))))
    except Exception:  # a worker that died: the build makes what is missing itself
        logger.exception("Möteshandlingar: renderingsprocesserna misslyckades; delarna görs i tur och ordning")
    finally:
        _JOBB = []


def _stampla_del(del_):
    _las(del_)
    stamp = _stampel(del_)
    writer = PdfWriter()
    for n, (page, stamp_page) in enumerate(zip(del_.reader.pages, stamp.pages, strict=True), start=1):
        added = writer.add_page(page)
        if "/Rotate" in added and int(added["/Rotate"]) % 360:
            continue  # a turned page of an upload keeps its own numbering only
        _stampla(writer, added, stamp_page, f"/Stampel{n}")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bygg(mote, grupper, revision_info):
    raknare["paket"] += 1
    delar = [del_ for grupp in grupper for del_ in grupp.delar]
    saknas = [d for d in delar if not pdf_lager.path_for(_stamplad_nyckel(d)).exists()]
    # Forked only from a single-threaded process (gunicorn's sync workers, a
    # command): a fork copies no other thread, and a lock one of them held
    # (the renderer's, say) would never be released in the child.
    if ARBETARE > 1 and len(saknas) >= PARALLELL_FRAN and threading.active_count() == 1:
        _parallellt(saknas)
    for del_ in delar:
        _stamplad(del_)
    omslag = _omslag(mote, grupper, revision_info)
    writer = PdfWriter()
    for page in omslag.pages:
        writer.add_page(page)
    for grupp in grupper:
        for del_ in grupp.delar:
            for page in del_.reader.pages:
                writer.add_page(page)
    _outline(writer, grupper)
    _katalog(writer, mote, omslag)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _outline(writer, grupper):
    writer.add_outline_item(title=_("Innehåll"), page_number=0)
    for grupp in grupper:
        if grupp.nummer == 0:
            writer.add_outline_item(title=grupp.titel, page_number=grupp.delar[0].forsta_sida - 1)
            continue
        parent = writer.add_outline_item(
            title=grupp.titel, page_number=grupp.delar[0].forsta_sida - 1
        )
        for del_ in grupp.delar:
            writer.add_outline_item(
                title=del_.titel, page_number=del_.forsta_sida - 1, parent=parent
            )


def _katalog(writer, mote, omslag):
    titel = _("Möteshandlingar %(organ)s %(datum)s") % {
        "organ": mote.organ.namn,
        "datum": mote.datum.isoformat(),
    }
    writer.add_metadata({"/Title": titel, "/Author": Forbund.get().namn})
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("sv")
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    intents = omslag.trailer["/Root"].get("/OutputIntents")
    if intents is not None:  # the sRGB profile the parts are made for
        root[NameObject("/OutputIntents")] = intents.get_object().clone(writer)


def filnamn(mote):
    return (
        f"moteshandlingar-{mote.organ.namn.lower().replace(' ', '-')}-{mote.datum.isoformat()}.pdf"
    )
