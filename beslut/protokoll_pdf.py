"""The protokoll of a meeting as a PDF, laid out as Swedish municipal
practice has it, and the protokollsutdrag of one or more §§.

The first page: förbund, organ, "Protokoll", sammanträdesdatum, plats and
tid; närvaro (beslutande, tjänstgörande ersättare and for whom, ersättare
who do not serve, övriga närvarande with title, and who comes or goes at
which §); the justering block (§ range, justerare, signature lines, or
"Justerat digitalt … av NN" once attested in the app); the ANSLAG/BEVIS
block. Then each § with its heading, marking, dnr, text and decision, jäv,
omröstning, reservationer and protokollsanteckningar.

The justerat protokoll is rendered once and stored (beslut.services.justering);
this module only renders. Both documents go through samordning.pdf.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from beslut import klausuler
from beslut.models import Arende, Jav, Justering, Narvaro, Paragraf, Rost, Sammantrade
from beslut.services import protokoll as protokoll_services
from samordning.formatting import datum, klockslag, paragraf
from samordning.models import Forbund
from samordning.pdf import STYLESHEET, logotyp_url, render_pdf
from samordning.text import to_html

PROTOKOLL_TEMPLATE = "beslut/protokoll_pdf.html"
UTDRAG_TEMPLATE = "beslut/utdrag_pdf.html"
STYLESHEETS = (STYLESHEET, "css/print-protokoll.css")
PUNKT = "•\u2002"
# A clause typed with its marker ("att bevilja …", "1. Att …"): the marker
# is the style's, added again when the clause is shown.
MARKOR = re.compile(r"^\s*(?:att\s+|\d+[.)]\s+)", re.IGNORECASE)


def mote_queryset():
    """A meeting with everything its protokoll shows, in a fixed number of
    queries however many §§ and people it has."""
    arenden = (
        Arende.objects.filter(paragraf__isnull=False)
        .select_related("paragraf", "forslag_version__forslag")
        .prefetch_related(
            Prefetch("paragraf__jav", Jav.objects.select_related("uppdrag__person").order_by("id")),
            Prefetch("paragraf__roster", Rost.objects.select_related("uppdrag__person").order_by("id")),
        )
        .order_by("paragraf__nummer")
    )
    narvaro = Narvaro.objects.select_related(
        "uppdrag__person", "uppdrag__organisation", "ersatter__person", "fran_arende__paragraf", "till_arende__paragraf"
    )
    return Sammantrade.objects.select_related("organ", "sekreterare", "protokoll").prefetch_related(
        Prefetch("arenden", arenden, to_attr="protokollets_arenden"),
        Prefetch("narvaro", narvaro),
        Prefetch("justeringar", Justering.objects.select_related("person", "paragraf").order_by("roll", "id")),
    )


def _namn(user):
    return user.get_full_name() or user.username


def _for_paragraf(arende):
    """"§ 6" for an ärende with a §, else its heading."""
    par = getattr(arende, "paragraf", None) if arende else None
    return paragraf(par.nummer) if par else (str(arende) if arende else "")


def paragraf_intervall(numbers):
    """"1–14" (or "5", or "5, 7–9" when the §§ of an extract are not in a run)."""
    numbers = sorted(set(numbers))
    runs, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            runs.append(str(start) if start == n else f"{start}\u2013{n}")
            start = None
    return ", ".join(runs)


@dataclass
class Person:
    namn: str
    tillagg: str = ""  # "(Region Uppsala), ordförande", "för NN", a title


@dataclass
class Narvarolista:
    beslutande: list = field(default_factory=list)
    tjanstgorande: list = field(default_factory=list)
    ersattare: list = field(default_factory=list)
    ovriga: list = field(default_factory=list)
    andringar: list = field(default_factory=list)  # "NN lämnar sammanträdet efter § 5"


def narvarolista(mote, ordforande_id=None):
    lista = Narvarolista()
    for n in mote.narvaro.all():
        delar = []
        if n.uppdrag_id:
            delar.append(f"({n.uppdrag.organisation})")
            if n.uppdrag.person_id == ordforande_id:
                delar.append("ordförande")
        if n.typ == Narvaro.Typ.TJANSTGORANDE and n.ersatter_id:
            delar.append(f"tjänstgör för {_namn(n.ersatter.person)}")
        if n.typ == Narvaro.Typ.OVRIG and n.titel:
            delar.append(n.titel)
        person = Person(n.namn, ", ".join(delar))
        {
            Narvaro.Typ.BESLUTANDE: lista.beslutande,
            Narvaro.Typ.TJANSTGORANDE: lista.tjanstgorande,
            Narvaro.Typ.ERSATTARE: lista.ersattare,
            Narvaro.Typ.OVRIG: lista.ovriga,
        }[n.typ].append(person)
        if n.fran_arende_id:
            verb = "tjänstgör" if n.typ in (Narvaro.Typ.BESLUTANDE, Narvaro.Typ.TJANSTGORANDE) else "närvarar"
            lista.andringar.append(f"{n.namn} {verb} från {_for_paragraf(n.fran_arende)}")
        if n.till_arende_id:
            lista.andringar.append(f"{n.namn} lämnar sammanträdet efter {_for_paragraf(n.till_arende)}")
    return lista


def _satser(text, stil):
    texts = [MARKOR.sub("", line).strip() for line in (text or "").splitlines()]
    return klausuler.visning([t for t in texts if t], stil)


def som_satser(par):
    """Whether the adopted text is att-clauses (a bifall's, moved from the
    proposal, or a decision typed as clauses) rather than a sentence such
    as "Dagordningen fastställs."."""
    rader = [r for r in par.beslutstext.splitlines() if r.strip()]
    if par.beslut in (Paragraf.Beslut.BIFALL, Paragraf.Beslut.ANDRAT):
        return bool(rader)
    return bool(rader) and all(MARKOR.match(r) for r in rader)


def beslutsrad(par, organ):
    """The sentence that leads into the decision: "Förbundsstyrelsen
    beslutar" before clauses; what the decision says by itself ("… att
    avslå ansökan") when there is no adopted text; nothing before a
    decision written as a sentence of its own."""
    subjekt = organ.namn
    if som_satser(par):
        return f"{subjekt} beslutar"
    if par.beslutstext.strip():
        return ""
    return {
        Paragraf.Beslut.AVSLAG: f"{subjekt} beslutar att avslå ansökan.",
        Paragraf.Beslut.ATERREMISS: f"{subjekt} beslutar att återremittera ärendet.",
        Paragraf.Beslut.BORDLAGGNING: f"{subjekt} beslutar att bordlägga ärendet.",
        Paragraf.Beslut.NOTERAT: f"{subjekt} beslutar att notera informationen.",
    }.get(par.beslut, f"{subjekt} beslutar enligt förslaget." if par.beslut else "")


# The marking under a § heading: what kind of ärende it is. The opening
# items (öppnande, dagordning …) are named by their heading already.
MARKERING = {
    Arende.Typ.BESLUT: "Beslutsärende",
    Arende.Typ.INFORMATION: "Informationsärende",
    Arende.Typ.DELEGATION: "Anmälan av delegationsbeslut",
    Arende.Typ.MEDDELANDEN: "Meddelanden",
}


def _roster(antal, svar):
    return f"{antal} {svar}-röst" if antal == 1 else f"{antal} {svar}-röster"


def omrostning(par, underlag):
    """The votes per name and the result, counted as the protokoll's
    services count it (beslut.services.protokoll: a tie is decided by the
    chair's vote)."""
    roster = list(par.roster.all())
    if not roster:
        return None
    r = underlag.resultat(par)
    text = f"Omröstningen utfaller med {_roster(r.ja, 'ja')} mot {_roster(r.nej, 'nej')}"
    text += f"; {r.avstar} avstår." if r.avstar else "."
    if r.utslagsrost:
        text += f" Lika röstetal; ordförandens utslagsröst avgör för {r.utfall}."
    elif r.utfall:
        text += f" {r.utfall.capitalize()} har flest röster."
    else:
        text += " Lika röstetal."
    return {"roster": [(_namn(v.uppdrag.person), v.get_svar_display()) for v in roster], "resultat": text}


def _text_html(text, heading=None):
    # Without the newlines between blocks: WeasyPrint would make (and drop)
    # a box of white space for each. to_html escapes every piece.
    return mark_safe(to_html(text, heading, PUNKT).replace(">\n<", "><"))


def paragraf_context(arende, organ, stil, underlag):
    par = arende.paragraf
    version = arende.forslag_version
    dnr = version.forslag.diarienummer if version else ""
    typ = Arende.Typ(arende.typ)
    return {
        "nummer": paragraf(par.nummer),
        "rubrik": arende.rubrik,
        "markering": MARKERING.get(typ, "") if MARKERING.get(typ, "") != arende.rubrik else "",
        "dnr": dnr,
        "text": _text_html(arende.beskrivning, "h3"),
        "beslutsrad": beslutsrad(par, organ),
        "satser": _satser(par.beslutstext, stil) if som_satser(par) else [],
        "beslutstext": "" if som_satser(par) else _text_html(par.beslutstext),
        "instruktion": par.instruktion if par.beslut == Paragraf.Beslut.ATERREMISS else "",
        "jav": [_namn(j.uppdrag.person) for j in par.jav.all()],
        "omrostning": omrostning(par, underlag),
        "reservationer": _text_html(par.reservationer),
        "anteckningar": _text_html(par.anteckningar),
        "omedelbart_justerad": par.omedelbart_justerad,
    }


def _underskrift(justering):
    return {
        "roll": justering.get_roll_display(),
        "namn": _namn(justering.person),
        "attesterad": justering.attesterad,
        "invandning": justering.invandning,
    }


def context(mote, *, arenden=None, forbund=None):
    """Everything the protokoll (or an extract of `arenden`) shows. `mote`
    from mote_queryset()."""
    forbund = forbund or Forbund.get()
    alla = mote.protokollets_arenden
    arenden = alla if arenden is None else arenden
    justeringar = [j for j in mote.justeringar.all() if j.paragraf_id is None]
    ordforande = next((j for j in justeringar if j.roll == Justering.Roll.ORDFORANDE), None)
    ordforande_id = ordforande.person_id if ordforande else None
    klart = mote.status in (Sammantrade.Status.JUSTERAT, Sammantrade.Status.ANSLAGET)
    justerat = max((j.attesterad for j in justeringar if j.attesterad), default=None) if klart else None
    # Who chairs in a § (for a tied vote) as the protokoll's services see it.
    underlag = protokoll_services.Underlag(mote) if any(a.paragraf.roster.all() for a in arenden) else None
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "mote": mote,
        "organ": mote.organ,
        "datum": datum(mote.datum),
        "tid": klockslag(mote.starttid) + (f"\u2013{mote.sluttid:%H.%M}" if mote.sluttid else ""),
        "plats": mote.plats or ("Digitalt möte" if mote.lank else ""),
        "narvaro": narvarolista(mote, ordforande_id),
        "paragrafer": [paragraf_context(a, mote.organ, forbund.beslutsstil, underlag) for a in arenden],
        "intervall": paragraf_intervall(a.paragraf.nummer for a in alla),
        "utdrag_intervall": paragraf_intervall(a.paragraf.nummer for a in arenden),
        "sekreterare": _namn(mote.sekreterare) if mote.sekreterare_id else "",
        "ordforande": _underskrift(ordforande) if ordforande else None,
        "justerare": [_underskrift(j) for j in justeringar if j.roll == Justering.Roll.JUSTERARE],
        "invandningar": [_underskrift(j) for j in justeringar if j.invandning.strip()],
        "justerat": justerat,
        "anslaget": mote.anslaget,
        "nedtages": mote.nedtages,
        "forvaringsplats": mote.forvaringsplats,
    }


def render_protokoll_pdf(mote, **kwargs):
    """The whole protokoll as it is now; kwargs go to samordning.pdf.render_pdf.
    `mote` from mote_queryset()."""
    return render_pdf(PROTOKOLL_TEMPLATE, context(mote), stylesheets=STYLESHEETS, **kwargs)


def utdrag_context(paragrafer):
    """The meeting (from mote_queryset()) and its ärenden for the §§ of an
    extract, in § order; ValueError for §§ of more than one meeting."""
    ids = {p.pk for p in paragrafer}
    moten = {p.arende.sammantrade_id for p in paragrafer}
    if not ids or len(moten) != 1:
        raise ValueError("Ett protokollsutdrag gäller paragrafer ur ett och samma protokoll.")
    mote = mote_queryset().get(pk=moten.pop())
    arenden = [a for a in mote.protokollets_arenden if a.paragraf.pk in ids]
    ctx = context(mote, arenden=arenden)
    # Which stored protokoll it was taken from: checkable against the file.
    ctx["sha256"] = mote.protokoll.sha256 if ctx["justerat"] and hasattr(mote, "protokoll") else ""
    # Justerat at once, one §: its own attestations are its justering.
    omedelbart = [
        _underskrift(j) for j in mote.justeringar.all() if j.paragraf_id in ids and j.paragraf.omedelbart_justerad
    ]
    if omedelbart and not ctx["justerat"]:
        ctx["ordforande"] = next((u for u in omedelbart if u["roll"] == "Ordförande"), None)
        ctx["justerare"] = [u for u in omedelbart if u["roll"] == "Justerare"]
        ctx["justerat"] = max(u["attesterad"] for u in omedelbart)
        ctx["omedelbart"] = True
    return ctx


def render_utdrag_pdf(paragrafer, **kwargs):
    """A protokollsutdrag of `paragrafer` (one meeting's) with its
    utdragsbestyrkande, as PDF bytes: what the beslutsmeddelande sends the
    insatsägare."""
    return render_pdf(UTDRAG_TEMPLATE, utdrag_context(list(paragrafer)), stylesheets=STYLESHEETS, **kwargs)
