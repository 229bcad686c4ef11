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
from django.utils import timezone
from django.utils.safestring import mark_safe

from beslut import klausuler
from beslut.models import Arende, Jav, Justering, Narvaro, Paragraf, Rost, Sammantrade
from beslut.services import protokoll as protokoll_services
from beslut.services import sammantrade as mote_services
from samordning.formatting import datum, klockslag, kr, paragraf
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
    spann: str = ""  # "§ 8–13" when not there for the whole meeting


@dataclass
class Narvarolista:
    beslutande: list = field(default_factory=list)
    tjanstgorande: list = field(default_factory=list)
    ersattare: list = field(default_factory=list)
    ovriga: list = field(default_factory=list)
    andringar: list = field(default_factory=list)  # "NN lämnar sammanträdet efter § 5"


def _nummer(arende):
    par = getattr(arende, "paragraf", None) if arende else None
    return par.nummer if par else None


def _spann(fran, till):
    """"§ 8–13", or "§ 14" for one §."""
    return paragraf(fran) if fran == till else f"{paragraf(fran)}\u2013{till}"


def narvarolista(mote, ordforande_id=None, nummer=()):
    """The närvaro as the first page lists it. `nummer`: the protokoll's §
    numbers, so a row that does not cover the whole meeting carries its §
    range. One person may have several rows (an ersättare who listens and
    then serves): they leave the meeting only after their last row."""
    nummer = sorted(nummer)
    forsta, sista = (nummer[0], nummer[-1]) if nummer else (None, None)
    rader = list(mote.narvaro.all())

    def nyckel(n):
        return ("uppdrag", n.uppdrag_id) if n.uppdrag_id else ("namn", n.namn.strip().casefold())

    def spann(n):
        fran = _nummer(n.fran_arende) if n.fran_arende_id else forsta
        till = _nummer(n.till_arende) if n.till_arende_id else sista
        return fran, till

    spann_per_person = {}
    for n in rader:
        spann_per_person.setdefault(nyckel(n), []).append(spann(n))

    lista, andringar = Narvarolista(), []
    for n in rader:
        fran, till = spann(n)
        ovriga_spann = [s for s in spann_per_person[nyckel(n)] if s != (fran, till)]
        delar = []
        if n.uppdrag_id:
            delar.append(f"({n.uppdrag.organisation})")
            if n.uppdrag.person_id == ordforande_id:
                delar.append("ordförande")
        if n.typ == Narvaro.Typ.TJANSTGORANDE and n.ersatter_id:
            delar.append(f"tjänstgörande ersättare för {_namn(n.ersatter.person)}")
        if n.typ == Narvaro.Typ.OVRIG and n.titel:
            delar.append(n.titel)
        delvis = (n.fran_arende_id or n.till_arende_id) and fran is not None and till is not None
        spann_text = _spann(fran, till) if delvis and (fran, till) != (forsta, sista) else ""
        {
            Narvaro.Typ.BESLUTANDE: lista.beslutande,
            Narvaro.Typ.TJANSTGORANDE: lista.tjanstgorande,
            Narvaro.Typ.ERSATTARE: lista.ersattare,
            Narvaro.Typ.OVRIG: lista.ovriga,
        }[n.typ].append(Person(n.namn, ", ".join(delar), spann_text))
        if n.fran_arende_id:
            if n.typ in (Narvaro.Typ.BESLUTANDE, Narvaro.Typ.TJANSTGORANDE):
                verb = "tjänstgör"
                if n.typ == Narvaro.Typ.TJANSTGORANDE and n.ersatter_id:
                    verb += f" för {_namn(n.ersatter.person)}"
            else:
                verb = "närvarar"
            andringar.append(((fran or 1) - 1, 1, f"{n.namn} {verb} från {_for_paragraf(n.fran_arende)}"))
        # Leaving is when the person's last row ends, not when a role does.
        senare = till is not None and any(f is not None and f > till for f, _t in ovriga_spann)
        if n.till_arende_id and not senare:
            andringar.append((till or 0, 0, f"{n.namn} lämnar sammanträdet efter {_for_paragraf(n.till_arende)}"))
    # In the meeting's order: who leaves after § 10 before who serves from § 11.
    lista.andringar = [text for *_ordning, text in sorted(andringar, key=lambda a: (a[0], a[1]))]
    return lista


def _satser(text, stil):
    texts = [MARKOR.sub("", line).strip() for line in (text or "").splitlines()]
    return klausuler.visning([t for t in texts if t], stil)


def _rader(text):
    return [r.strip() for r in (text or "").splitlines() if r.strip()]


def _jamforbar_rad(rad):
    # split() also takes the no-break spaces of "450 000 kr".
    return " ".join(MARKOR.sub("", rad).split()).rstrip(".;,").casefold()


def _jamforbar(text):
    return [_jamforbar_rad(r) for r in _rader(text)]


def _forslagets_satser(arende):
    version = arende.forslag_version if arende else None
    return (version.innehall or {}).get("satser", []) if version else []


# Decisions that do not adopt the proposal: its clauses must never be
# printed as what the board decided.
EJ_BIFALL = (Paragraf.Beslut.AVSLAG, Paragraf.Beslut.ATERREMISS, Paragraf.Beslut.BORDLAGGNING)


def antagen_text(par, arende=None):
    """The decision's own text: beslutstext, except the proposal's clauses
    left in it under an avslag, återremiss or bordläggning."""
    text = par.beslutstext or ""
    if par.beslut in EJ_BIFALL and text.strip():
        forslaget = {_jamforbar_rad(s) for s in _forslagets_satser(arende)}
        if forslaget and set(_jamforbar(text)) & forslaget:
            return ""
    return text


def _att_form(rad):
    """A decision typed as what follows "att": it begins with a lower-case
    word ("fastställa dagordningen")."""
    rad = MARKOR.sub("", rad).strip()
    return bool(rad) and rad[0].islower()


def som_satser(par, text=None):
    """Whether the adopted text is att-clauses (a bifall's, moved from the
    proposal, or a decision typed as several clauses) rather than a
    sentence such as "Dagordningen fastställs." or one att-form line."""
    rader = _rader(par.beslutstext if text is None else text)
    if par.beslut in (Paragraf.Beslut.BIFALL, Paragraf.Beslut.ANDRAT):
        return bool(rader)
    if len(rader) == 1:
        return False  # one line reads as a sentence: "… beslutar att fastställa dagordningen."
    return bool(rader) and all(MARKOR.match(r) or _att_form(r) for r in rader)


def _utan_att(text):
    return MARKOR.sub("", text.strip()).rstrip(" .")


def _arendets_sokande(arende):
    version = arende.forslag_version if arende else None
    return "ansökan" if version and version.forslag.ansokan_id else "förslaget"


def beslutsrad(par, organ, arende=None):
    """The sentence that leads into the decision: "Förbundsstyrelsen
    beslutar" before clauses (", med ändring av förbundschefens förslag,"
    for a bifall with changes); one att-form line made a sentence; what the
    decision says by itself ("… att avslå ansökan") when there is no text
    of its own; nothing before a decision written as a sentence."""
    subjekt = organ.namn
    text = antagen_text(par, arende)
    if som_satser(par, text):
        if par.beslut == Paragraf.Beslut.ANDRAT:
            return f"{subjekt} beslutar, med ändring av förbundschefens förslag,"
        return f"{subjekt} beslutar"
    rader = _rader(text)
    if len(rader) == 1 and _att_form(rader[0]):
        return f"{subjekt} beslutar att {_utan_att(rader[0])}."
    if rader:
        return ""
    if par.beslut == Paragraf.Beslut.ATERREMISS:
        uppdrag = _utan_att(par.instruktion or "")
        med = f" med uppdraget att {uppdrag}" if uppdrag else ""
        return f"{subjekt} beslutar att återremittera ärendet till förbundschefen{med}."
    return {
        Paragraf.Beslut.AVSLAG: f"{subjekt} beslutar att avslå {_arendets_sokande(arende)}.",
        Paragraf.Beslut.BORDLAGGNING: f"{subjekt} beslutar att bordlägga ärendet.",
        Paragraf.Beslut.NOTERAT: f"{subjekt} beslutar att notera informationen.",
    }.get(par.beslut, f"{subjekt} beslutar enligt förslaget." if par.beslut else "")


def andrat_belopp(par, arende):
    """"Förslaget: maximalt 316 000 kr. Beslutat: maximalt 250 000 kr." when a
    bifall with changes set another amount than the proposal's."""
    version = arende.forslag_version if arende else None
    forslaget = (version.innehall or {}).get("belopp") if version else None
    if par.beslut != Paragraf.Beslut.ANDRAT or not forslaget or par.belopp is None or par.belopp == forslaget:
        return ""
    return f"Förslaget: maximalt {kr(forslaget)}. Beslutat: maximalt {kr(par.belopp)}."


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


def omrostning(par, underlag, organ):
    """The proposition, the votes per name and the result, as Swedish
    practice words them, counted as the protokoll's services count it
    (beslut.services.protokoll: a tie is decided by the chair's vote)."""
    roster = list(par.roster.all())
    if not roster:
        return None
    ja_angivet = (getattr(par, "ja_forslag", "") or "").strip()
    nej_angivet = (getattr(par, "nej_forslag", "") or "").strip()
    ja, nej = ja_angivet or "bifall till förslaget", nej_angivet or "avslag"
    r = underlag.resultat(par)
    text = f"Omröstningen utfaller med {_roster(r.ja, 'ja')} mot {_roster(r.nej, 'nej')}"
    text += f" ({r.avstar} avstår)." if r.avstar else "."
    if r.utslagsrost:
        text += " Vid lika röstetal avgör ordförandens röst."
    vinnare = {"ja": ja_angivet, "nej": nej_angivet}.get(r.utfall, "")
    if vinnare:
        text += f" {organ.namn} har därmed beslutat enligt {vinnare}."
    elif r.utfall:
        # No proposition written down: ja was for the proposal, nej against it.
        text += f" {organ.namn} har därmed {'bifallit' if r.utfall == 'ja' else 'avslagit'} förslaget."
    else:
        text += " Lika röstetal."
    return {
        "proposition": f"Omröstning begärs och verkställs. Ja-röst för {ja}, nej-röst för {nej}.",
        "roster": [(_namn(v.uppdrag.person), v.get_svar_display()) for v in roster],
        "resultat": text,
    }


def _text_html(text, heading=None):
    # Without the newlines between blocks: WeasyPrint would make (and drop)
    # a box of white space for each. to_html escapes every piece.
    return mark_safe(to_html(text, heading, PUNKT).replace(">\n<", "><"))


def delegationsbeslut(mote):
    """The delegationsbeslut the anmälan reports, as the kallelse listed
    them (beslut.services.sammantrade.delegationsbeslut_for)."""
    return [
        {
            "titel": v.innehall.get("titel", ""),
            "dnr": v.innehall.get("diarienummer", ""),
            "datum": datum(timezone.localdate(v.faststalld)) if v.faststalld else "",
            "belopp": kr(v.innehall.get("belopp")) if v.innehall.get("belopp") else "",
        }
        for v in mote_services.delegationsbeslut_for(mote)
    ]


def paragraf_context(arende, organ, stil, underlag, delegation=()):
    par = arende.paragraf
    version = arende.forslag_version
    dnr = version.forslag.diarienummer if version else ""
    typ = Arende.Typ(arende.typ)
    text = antagen_text(par, arende)
    satser = som_satser(par, text)
    rad = beslutsrad(par, organ, arende)
    # The instruction is in the decision's sentence unless the secretary
    # wrote the återremiss in words of her own.
    instruktion = par.instruktion if par.beslut == Paragraf.Beslut.ATERREMISS and _rader(text) else ""
    ensam_rad = not satser and len(_rader(text)) == 1 and _att_form(_rader(text)[0])
    return {
        "nummer": paragraf(par.nummer),
        "rubrik": arende.rubrik,
        "markering": MARKERING.get(typ, "") if MARKERING.get(typ, "") != arende.rubrik else "",
        "dnr": dnr,
        "text": _text_html(arende.beskrivning, "h3"),
        "delegationsbeslut": list(delegation) if typ == Arende.Typ.DELEGATION else [],
        "beslutsrad": rad,
        "satser": _satser(text, stil) if satser else [],
        "beslutstext": "" if satser or ensam_rad else _text_html(text),
        "andrat_belopp": andrat_belopp(par, arende),
        "instruktion": instruktion,
        "jav": [_namn(j.uppdrag.person) for j in par.jav.all()],
        "omrostning": omrostning(par, underlag, organ),
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
    delegation = delegationsbeslut(mote) if any(a.typ == Arende.Typ.DELEGATION for a in arenden) else []
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "mote": mote,
        "organ": mote.organ,
        "datum": datum(mote.datum),
        "tid": klockslag(mote.starttid) + (f"\u2013{mote.sluttid:%H.%M}" if mote.sluttid else ""),
        "plats": mote.plats or ("Digitalt möte" if mote.lank else ""),
        "narvaro": narvarolista(mote, ordforande_id, [a.paragraf.nummer for a in alla]),
        "paragrafer": [
            paragraf_context(a, mote.organ, forbund.beslutsstil, underlag, delegation) for a in arenden
        ],
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
    # An invändning at the protokoll's justering may be about any §: the
    # extract shows how it was justerat, the remarks stay in the protokoll.
    ctx["invandningar"] = []
    if omedelbart and not ctx["justerat"]:
        ctx["ordforande"] = next((u for u in omedelbart if u["roll"] == "Ordförande"), None)
        ctx["justerare"] = [u for u in omedelbart if u["roll"] == "Justerare"]
        ctx["justerat"] = max(u["attesterad"] for u in omedelbart)
        ctx["omedelbart"] = True
        ctx["invandningar"] = [u for u in omedelbart if u["invandning"].strip()]
    # Who decided each extracted §, as an extract states it on its own.
    underlag = protokoll_services.Underlag(mote)
    for p, arende in zip(ctx["paragrafer"], arenden, strict=True):
        p["beslutande"] = [_sittande(u, underlag, arende) for u in underlag.beslutande(arende.paragraf)]
    return ctx


def _sittande(uppdrag, underlag, arende):
    """"Elsa Karlsson (tjänstgörande ersättare för Olof Berg)" or a ledamot's name."""
    namn = _namn(uppdrag.person)
    for n in underlag.narvarande(arende):
        if n.uppdrag_id == uppdrag.pk and n.typ == Narvaro.Typ.TJANSTGORANDE:
            return f"{namn} (tjänstgörande ersättare för {_namn(n.ersatter.person)})" if n.ersatter_id else namn
    return namn


def render_utdrag_pdf(paragrafer, **kwargs):
    """A protokollsutdrag of `paragrafer` (one meeting's) with its
    utdragsbestyrkande, as PDF bytes: what the beslutsmeddelande sends the
    insatsägare."""
    return render_pdf(UTDRAG_TEMPLATE, utdrag_context(list(paragrafer)), stylesheets=STYLESHEETS, **kwargs)
