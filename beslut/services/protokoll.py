"""Keeping the protokoll of a meeting (issue 10 item 6): närvaro per § as
people come and go, the § numbers, the justerare, and per § the decision,
jäv and omröstning.

The protokoll is kept while the meeting is genomfört and not yet justerat:
every change here locks the meeting row, refuses when protokollet_ar_last,
runs in one transaction and writes an audit entry. (The justering, which
freezes it, locks the same row, so a change cannot slip in beside it.)

§ numbers are given when the sekreterare starts the protokoll
(paborja_protokoll → tilldela_paragrafer), not when the meeting is marked
genomfört: the föredragningslista may still be put right after the
meeting, and a number once given is never taken back. Numbers run on per
organ and calendar year from the locked Paragrafserie, in the order the
protokolls are started.

Omröstning: a tie is decided by the vote of whoever chairs (kommunallagen
5 kap. 56 §, utslagsröst): the meeting's ordförande (the ORDFORANDE
Justering row), else the organ's ordförande, else its vice ordförande
among the beslutande of that §.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from beslut import klausuler
from beslut.models import (
    Arende,
    Jav,
    Justering,
    Narvaro,
    Paragraf,
    Paragrafserie,
    Protokoll,
    Rost,
    Sammantrade,
    Uppdrag,
)
from samordning import audit
from samordning.errors import WorkflowError, bump_version
from samordning.formatting import kr
from samordning.formatting import paragraf as paragrafnummer

B = Paragraf.Beslut
N = Narvaro.Typ
SERVING = {N.BESLUTANDE, N.TJANSTGORANDE}


def protokollet_ar_last(mote):
    """Whether the protokoll of `mote` is frozen: justerat (or anslaget),
    or its justerat Protokoll row exists. Nothing in it may change then."""
    if mote.status in (Sammantrade.Status.JUSTERAT, Sammantrade.Status.ANSLAGET):
        return True
    return Protokoll.objects.filter(sammantrade_id=mote.pk).exists()


def kan_foras(mote):
    """Whether the protokoll of `mote` may be kept now (for the pages)."""
    return mote.status == Sammantrade.Status.GENOMFORT and not protokollet_ar_last(mote)


def _las_mote(mote):
    """The meeting locked, when its protokoll may change; else WorkflowError."""
    mote = Sammantrade.objects.select_for_update(of=("self",)).select_related("organ").get(pk=mote.pk)
    if protokollet_ar_last(mote):
        raise WorkflowError(_("Protokollet är justerat och kan inte längre ändras."))
    if mote.status != Sammantrade.Status.GENOMFORT:
        raise WorkflowError(
            _("Protokollet förs när sammanträdet är genomfört; det här har status ”%(status)s”.")
            % {"status": mote.get_status_display()}
        )
    return mote


def _las_paragraf(paragraf, version):
    """The § and its meeting locked (the meeting first, as every change
    here does), the version checked."""
    _las_mote(paragraf.arende.sammantrade)
    paragraf = Paragraf.objects.select_for_update(of=("self",)).select_related(
        "arende__sammantrade__organ", "arende__forslag_version"
    ).get(pk=paragraf.pk)
    if version is not None:
        bump_version(
            paragraf,
            version,
            _("Paragrafen har ändrats av någon annan sedan du öppnade sidan. Dina ändringar är inte sparade."),
        )
    return paragraf


def _bump_mote(mote, version):
    if version is not None:
        bump_version(
            mote,
            version,
            _("Protokollet har ändrats av någon annan sedan du öppnade sidan. Dina ändringar är inte sparade."),
        )


# --- § numbers ----------------------------------------------------------------


def _serie(organ, ar):
    """The organ's series for `ar`, locked. Created race-safely: two first
    numberings of a year meet at the unique constraint, and the loser takes
    the winner's row."""
    try:
        with transaction.atomic():
            Paragrafserie.objects.get_or_create(organ=organ, ar=ar)
    except IntegrityError:
        pass  # another transaction created it first
    return Paragrafserie.objects.select_for_update().get(organ=organ, ar=ar)


# The customary decisions of the standard items, written in when the
# protokoll is started so the sekreterare edits rather than types them;
# val av justerare is written when the justerare are chosen (justerartext).
STANDARDBESLUT = {
    Arende.Typ.OPPNANDE: (B.BESLUTAT, _lazy("Ordföranden förklarar sammanträdet öppnat.")),
    Arende.Typ.DAGORDNING: (B.BESLUTAT, _lazy("Dagordningen fastställs.")),
    Arende.Typ.FOREGAENDE: (B.BESLUTAT, _lazy("Föregående protokoll läggs till handlingarna.")),
    Arende.Typ.DELEGATION: (B.NOTERAT, _lazy("Anmälan av delegationsbesluten noteras.")),
    Arende.Typ.MEDDELANDEN: (B.NOTERAT, _lazy("Meddelandena läggs till handlingarna.")),
    Arende.Typ.AVSLUTNING: (B.BESLUTAT, _lazy("Ordföranden förklarar sammanträdet avslutat.")),
}


def justerartext(personer):
    """"Ivar Lind och Olof Berg utses att jämte ordföranden justera protokollet." """
    namn = [p.get_full_name() for p in personer]
    if not namn:
        return ""
    lista = namn[0] if len(namn) == 1 else _("%(forsta)s och %(sista)s") % {
        "forsta": ", ".join(namn[:-1]), "sista": namn[-1]
    }
    return _("%(namn)s utses att jämte ordföranden justera protokollet.") % {"namn": lista}


def _standardbeslut(arende, justerare):
    if arende.typ == Arende.Typ.JUSTERARE:
        text = justerartext(justerare)
        return (B.BESLUTAT, text) if text else ("", "")
    beslut, text = STANDARDBESLUT.get(arende.typ, ("", ""))
    return beslut, str(text)


@transaction.atomic
def tilldela_paragrafer(*, mote, by):
    """Give every ärende of `mote` without a § the next number of its
    organ's year, in the föredragningslista's order. A rolled-back
    transaction releases its numbers (the series row is locked until
    commit), so none is skipped; none is reused (unique per organ/year)."""
    mote = _las_mote(mote)
    arenden = list(Arende.objects.filter(sammantrade=mote, paragraf__isnull=True).order_by("ordning", "id"))
    if not arenden:
        return []
    serie = _serie(mote.organ, mote.datum.year)
    justerare = [
        j.person for j in Justering.objects.filter(
            sammantrade=mote, paragraf__isnull=True, roll=Justering.Roll.JUSTERARE
        ).select_related("person").order_by("pk")
    ]  # fmt: skip
    nya = []
    for arende in arenden:
        serie.senaste += 1
        beslut, text = _standardbeslut(arende, justerare)
        nya.append(
            Paragraf(
                arende=arende, organ=mote.organ, ar=serie.ar, nummer=serie.senaste, beslut=beslut, beslutstext=text
            )
        )
    serie.save(update_fields=["senaste"])
    Paragraf.objects.bulk_create(nya)
    audit.record(actor=by, action="protokoll.paragrafer", obj=mote, data={"paragrafer": [p.nummer for p in nya]})
    return nya


def aktiva_uppdrag(mote):
    """The organ's seats on the meeting date: ledamöter first."""
    return [
        u
        for u in Uppdrag.objects.filter(organ_id=mote.organ_id)
        .select_related("person", "organisation")
        .prefetch_related("ersatter")
        if u.galler(mote.datum)
    ]


@transaction.atomic
def paborja_protokoll(*, mote, by):
    """Start the protokoll: number the §§, and when there is no närvaro yet
    prefill it from the organ's seats on the meeting date (ledamöter as
    beslutande, ersättare as present, not serving), and the ordförande's
    justering row. The sekreterare then corrects who actually came."""
    mote = _las_mote(mote)
    tilldela_paragrafer(mote=mote, by=by)
    uppdrag = aktiva_uppdrag(mote)
    if not Narvaro.objects.filter(sammantrade=mote).exists():
        Narvaro.objects.bulk_create(
            [
                Narvaro(
                    sammantrade=mote, uppdrag=u, namn=u.person.get_full_name(), titel=u.get_funktion_display(),
                    typ=N.BESLUTANDE if u.roll == Uppdrag.Roll.LEDAMOT else N.ERSATTARE, ordning=i,
                )
                for i, u in enumerate(sorted(uppdrag, key=lambda u: (u.roll != Uppdrag.Roll.LEDAMOT, u.ordning, u.pk)))
            ]
        )  # fmt: skip
    ordforande = next((u for u in uppdrag if u.funktion == Uppdrag.Funktion.ORDFORANDE), None)
    if ordforande and not Justering.objects.filter(sammantrade=mote, roll=Justering.Roll.ORDFORANDE).exists():
        Justering.objects.create(sammantrade=mote, person=ordforande.person, roll=Justering.Roll.ORDFORANDE)
    audit.record(actor=by, action="protokoll.paborjat", obj=mote)
    return mote


# --- närvaro ------------------------------------------------------------------


@dataclass
class Rad:
    """One närvaro row as the page posts it (Uppdrag and Arende objects)."""

    typ: str
    namn: str
    titel: str = ""
    uppdrag: object = None
    ersatter: object = None
    fran_arende: object = None
    till_arende: object = None


def _positioner(rad, index, sista):
    fran = index[rad.fran_arende.pk] if rad.fran_arende else 0
    till = index[rad.till_arende.pk] if rad.till_arende else sista
    return set(range(fran, till + 1))


def _far_ersatta(ersattare, ledamot):
    """Whether `ersattare` stands in for `ledamot`: named, or (none named)
    appointed by the same organisation."""
    namngivna = {u.pk for u in ersattare.ersatter.all()}
    if namngivna:
        return ledamot.pk in namngivna
    return ersattare.organisation_id == ledamot.organisation_id


def narvarofel(rader, arenden, jav=None):
    """What is inconsistent in `rader` (närvaro rows, in page order) for a
    meeting with `arenden` (in order): [(row index, field, message)].
    `jav` {uppdrag id: {ärende position}}: where a ledamot is jävig an
    ersättare may serve for them."""
    index = {a.pk: i for i, a in enumerate(arenden)}
    sista = len(arenden) - 1
    jav = jav or {}
    fel = []
    spans = []
    for i, rad in enumerate(rader):
        u = rad.uppdrag
        utanfor = [f for f in ("fran_arende", "till_arende") if getattr(rad, f) and getattr(rad, f).pk not in index]
        if utanfor:
            fel.append((i, utanfor[0], _("Välj ett ärende på det här sammanträdet.")))
            spans.append(set())
            continue
        if rad.fran_arende and rad.till_arende and index[rad.till_arende.pk] < index[rad.fran_arende.pk]:
            fel.append((i, "till_arende", _("Till och med kan inte vara ett ärende före från och med.")))
            spans.append(set())
            continue
        spans.append(_positioner(rad, index, sista))
        if rad.typ == N.BESLUTANDE and (u is None or u.roll != Uppdrag.Roll.LEDAMOT):
            fel.append((i, "typ", _("Bara en ledamot i organet kan vara beslutande ledamot.")))
        elif rad.typ in (N.TJANSTGORANDE, N.ERSATTARE) and (u is None or u.roll != Uppdrag.Roll.ERSATTARE):
            fel.append((i, "typ", _("Välj en ersättare i organet för den här närvaron.")))
        elif rad.typ == N.TJANSTGORANDE:
            if rad.ersatter is None:
                fel.append((i, "ersatter", _("Ange vilken ledamot ersättaren tjänstgör för.")))
            elif rad.ersatter.roll != Uppdrag.Roll.LEDAMOT:
                fel.append((i, "ersatter", _("En ersättare tjänstgör för en ledamot.")))
            elif not _far_ersatta(u, rad.ersatter):
                fel.append(
                    (i, "ersatter", _("%(ersattare)s är inte ersättare för %(ledamot)s.")
                     % {"ersattare": u.person.get_full_name(), "ledamot": rad.ersatter.person.get_full_name()})
                )  # fmt: skip
        if rad.typ != N.TJANSTGORANDE and rad.ersatter is not None:
            fel.append((i, "ersatter", _("Bara en tjänstgörande ersättare tjänstgör för någon.")))
    # The same seat twice at once, and a ledamot served for while serving.
    for i, rad in enumerate(rader):
        if rad.uppdrag is None or any(r == i for r, _f, _m in fel):
            continue
        for j in range(i):
            if rader[j].uppdrag is not None and rader[j].uppdrag.pk == rad.uppdrag.pk and spans[i] & spans[j]:
                fel.append((i, "fran_arende", _("%(namn)s finns redan med i närvaron under samma ärenden.")
                            % {"namn": rad.uppdrag.person.get_full_name()}))  # fmt: skip
                break
    for i, rad in enumerate(rader):
        if rad.typ != N.TJANSTGORANDE or rad.ersatter is None or any(r == i for r, _f, _m in fel):
            continue
        ledamot = rad.ersatter
        for j, other in enumerate(rader):
            if j == i:
                continue
            egen = other.typ == N.BESLUTANDE and other.uppdrag is not None and other.uppdrag.pk == ledamot.pk
            annan = other.typ == N.TJANSTGORANDE and other.ersatter is not None and other.ersatter.pk == ledamot.pk
            overlapp = spans[i] & spans[j]
            if egen:
                overlapp -= jav.get(ledamot.pk, set())  # a jävig ledamot does not serve in that §
            if (egen or (annan and j < i)) and overlapp:
                fel.append(
                    (i, "ersatter", _("%(ledamot)s tjänstgör redan under en del av de ärendena. En ersättare kan "
                                      "bara tjänstgöra för en ledamot som inte tjänstgör samtidigt.")
                     % {"ledamot": ledamot.person.get_full_name()})
                )  # fmt: skip
                break
    return fel


def _ordnade_arenden(mote):
    return list(Arende.objects.filter(sammantrade=mote).order_by("ordning", "id"))


def _jav_positioner(mote, arenden):
    index = {a.pk: i for i, a in enumerate(arenden)}
    result = {}
    for uppdrag_id, arende_id in Jav.objects.filter(paragraf__arende__sammantrade=mote).values_list(
        "uppdrag_id", "paragraf__arende_id"
    ):
        result.setdefault(uppdrag_id, set()).add(index[arende_id])
    return result


def _narvaro_rader(mote):
    return [
        Rad(typ=n.typ, namn=n.namn, titel=n.titel, uppdrag=n.uppdrag, ersatter=n.ersatter,
            fran_arende=n.fran_arende, till_arende=n.till_arende)
        for n in Narvaro.objects.filter(sammantrade=mote).select_related(
            "uppdrag__person", "ersatter__person", "fran_arende", "till_arende"
        ).prefetch_related("uppdrag__ersatter")
    ]  # fmt: skip


@transaction.atomic
def spara_narvaro(*, mote, by, version, rader):
    """Replace the meeting's närvaro with `rader` (Rad, in order). Refused
    (WorkflowError, nothing written) when narvarofel finds anything; the
    form shows the same messages at their fields first."""
    mote = _las_mote(mote)
    _bump_mote(mote, version)
    arenden = _ordnade_arenden(mote)
    fel = narvarofel(rader, arenden, _jav_positioner(mote, arenden))
    if fel:
        raise WorkflowError(fel[0][2])
    fore = [n.namn for n in Narvaro.objects.filter(sammantrade=mote)]
    Narvaro.objects.filter(sammantrade=mote).delete()
    Narvaro.objects.bulk_create(
        [
            Narvaro(sammantrade=mote, ordning=i, typ=r.typ, namn=r.namn, titel=r.titel, uppdrag=r.uppdrag,
                    ersatter=r.ersatter, fran_arende=r.fran_arende, till_arende=r.till_arende)
            for i, r in enumerate(rader)
        ]
    )  # fmt: skip
    # A vote is cast by a beslutande of its §: one left by someone the
    # närvaro now has gone (or not serving) there goes, as with jäv.
    underlag = Underlag(mote)
    gamla = [
        r.pk for p in underlag.paragrafer for r in underlag.roster.get(p.pk, []) if r not in underlag.roster_i(p)
    ]  # fmt: skip
    Rost.objects.filter(pk__in=gamla).delete()
    audit.record(
        actor=by, action="protokoll.narvaro", obj=mote,
        data={"fore": fore, "efter": [f"{r.namn} ({r.typ})" for r in rader], "borttagna_roster": gamla},
    )  # fmt: skip
    return mote


# --- who decides in a § -------------------------------------------------------


class Underlag:
    """Everything about a meeting's protokoll the page and the PDF need,
    read in a constant number of queries: the ärenden in order with their
    §, the närvaro, jäv and votes, and who was beslutande in each §."""

    def __init__(self, mote):
        self.mote = mote
        self.arenden = list(
            Arende.objects.filter(sammantrade=mote).select_related("paragraf", "forslag_version").order_by("ordning", "id")
        )
        self.index = {a.pk: i for i, a in enumerate(self.arenden)}
        self.narvaro = list(
            Narvaro.objects.filter(sammantrade=mote).select_related(
                "uppdrag__person", "uppdrag__organisation", "ersatter__person", "fran_arende", "till_arende"
            )
        )
        ids = [a.paragraf.pk for a in self.arenden if hasattr(a, "paragraf")]
        self.jav = {}
        for j in Jav.objects.filter(paragraf_id__in=ids).select_related("uppdrag__person"):
            self.jav.setdefault(j.paragraf_id, []).append(j)
        self.roster = {}
        for r in Rost.objects.filter(paragraf_id__in=ids).select_related("uppdrag__person"):
            self.roster.setdefault(r.paragraf_id, []).append(r)
        self.justeringar = list(
            Justering.objects.filter(sammantrade=mote, paragraf__isnull=True).select_related("person")
        )

    @property
    def paragrafer(self):
        return [a.paragraf for a in self.arenden if hasattr(a, "paragraf")]

    def narvarande(self, arende):
        """The närvaro rows covering `arende`."""
        pos, sista = self.index[arende.pk], len(self.arenden) - 1
        return [
            n for n in self.narvaro
            if (self.index[n.fran_arende_id] if n.fran_arende_id else 0) <= pos
            <= (self.index[n.till_arende_id] if n.till_arende_id else sista)
        ]  # fmt: skip

    def beslutande(self, paragraf):
        """The seats (Uppdrag) among the beslutande of `paragraf`: present
        then as ledamot or tjänstgörande ersättare, minus the jäviga."""
        javiga = {j.uppdrag_id for j in self.jav.get(paragraf.pk, [])}
        seen, result = set(), []
        for n in self.narvarande(paragraf.arende):
            if n.typ in SERVING and n.uppdrag_id and n.uppdrag_id not in javiga and n.uppdrag_id not in seen:
                seen.add(n.uppdrag_id)
                result.append(n.uppdrag)
        return result

    def ordforande(self, paragraf):
        """Who chairs in `paragraf`: the seat of the meeting's ordförande
        when beslutande there, else the organ's ordförande or vice."""
        beslutande = self.beslutande(paragraf)
        chair = next((j.person_id for j in self.justeringar if j.roll == Justering.Roll.ORDFORANDE), None)
        for test in (
            lambda u: u.person_id == chair,
            lambda u: u.funktion == Uppdrag.Funktion.ORDFORANDE,
            lambda u: u.funktion == Uppdrag.Funktion.VICE,
        ):
            found = next((u for u in beslutande if test(u)), None)
            if found:
                return found
        return None

    def roster_i(self, paragraf):
        """The votes of `paragraf` by its beslutande now: a vote left by
        someone the närvaro no longer has serving there does not count."""
        beslutande = {u.pk for u in self.beslutande(paragraf)}
        return [r for r in self.roster.get(paragraf.pk, []) if r.uppdrag_id in beslutande]

    def resultat(self, paragraf):
        return omrostningsresultat(self.roster_i(paragraf), self.ordforande(paragraf))


def beslutande(paragraf):
    """The seats (Uppdrag) among the beslutande of `paragraf`; for many §§
    use Underlag(mote).beslutande, which reads the meeting once."""
    return Underlag(paragraf.arende.sammantrade).beslutande(paragraf)


@dataclass
class Resultat:
    ja: int
    nej: int
    avstar: int
    utfall: str  # "ja", "nej" or "" (no votes, or a tie nobody could decide)
    utslagsrost: bool  # the chair's vote decided a tie


def omrostningsresultat(roster, ordforande=None):
    """Count `roster` (Rost rows); on a tie the chair's ja or nej decides."""
    counts = {s: sum(1 for r in roster if r.svar == s) for s in Rost.Svar.values}
    ja, nej = counts[Rost.Svar.JA], counts[Rost.Svar.NEJ]
    if ja != nej:
        return Resultat(ja, nej, counts[Rost.Svar.AVSTAR], "ja" if ja > nej else "nej", False)
    chair = next((r.svar for r in roster if ordforande and r.uppdrag_id == ordforande.pk), None)
    if ja and chair in (Rost.Svar.JA, Rost.Svar.NEJ):
        return Resultat(ja, nej, counts[Rost.Svar.AVSTAR], chair, True)
    return Resultat(ja, nej, counts[Rost.Svar.AVSTAR], "", False)


def javtext(jav):
    return _("%(namn)s anmäler jäv och deltar inte i handläggningen.") % {"namn": jav.uppdrag.person.get_full_name()}


# --- the decision of a § ------------------------------------------------------


def tillatna_beslut(arende):
    """The decisions an ärende can get, in the order the page offers them."""
    if arende.forslag_version_id:
        return [B.BIFALL, B.ANDRAT, B.AVSLAG, B.ATERREMISS, B.BORDLAGGNING]
    if arende.typ == Arende.Typ.BESLUT:
        return [B.BESLUTAT, B.AVSLAG, B.ATERREMISS, B.BORDLAGGNING]
    if arende.typ in (Arende.Typ.INFORMATION, Arende.Typ.DELEGATION, Arende.Typ.MEDDELANDEN):
        return [B.NOTERAT, B.BESLUTAT, B.BORDLAGGNING]
    return [B.BESLUTAT, B.NOTERAT]


def forslagets_satser(arende):
    """The att-clauses of the fastställd proposal, verbatim."""
    return list(arende.forslag_version.innehall.get("satser", [])) if arende.forslag_version_id else []


def forslagets_belopp_och_period(arende):
    if not arende.forslag_version_id:
        return None, None, None
    innehall = arende.forslag_version.innehall
    fran, till = [*(innehall.get("period") or []), "", ""][:2]
    return (
        innehall.get("belopp"),
        datetime.date.fromisoformat(fran) if fran else None,
        datetime.date.fromisoformat(till) if till else None,
    )


def satser_ur_text(text):
    """Clauses typed one per line, as a proposal keeps them (normalised)."""
    return [s for s in (klausuler.normalise(line) for line in text.splitlines()) if s]


def beslutssatser(paragraf):
    """The adopted clauses of a bifall (as proposed or changed), one per line of beslutstext."""
    return satser_ur_text(paragraf.beslutstext) if paragraf.beslut in (B.BIFALL, B.ANDRAT) else []


def _belopp_i(texts):
    """The amounts in kronor the clauses name ("300 000 kr", "300 tkr")."""
    for digits, unit in klausuler.BELOPP.findall(" ".join(texts)):
        value = int(re.sub(r"\D", "", digits))
        yield value * 1000 if unit == "tkr" else value


def beloppsfel(arende, beslutstext, belopp):
    """(field, message) when a changed decision's clauses name an amount
    but not the decided one (the insats gets the decided amount as its
    maximum, so the two must agree), else None."""
    forslagets = forslagets_belopp_och_period(arende)[0]
    beslutat = belopp if belopp is not None else forslagets
    namnda = sorted(set(_belopp_i(satser_ur_text(beslutstext))))
    if beslutat is None or not namnda or beslutat in namnda:
        return None
    varden = {"namnda": ", ".join(kr(b) for b in namnda), "belopp": kr(beslutat)}
    if belopp is None:
        return ("belopp", _(
            "Satserna anger %(namnda)s men beloppet är förslagets, %(belopp)s. Ange det beslutade beloppet."
        ) % varden)  # fmt: skip
    return ("beslutstext", _(
        "Satserna anger %(namnda)s men det beslutade beloppet är %(belopp)s. Skriv samma belopp i satserna."
    ) % varden)  # fmt: skip


def beslutsfel(arende, beslut, beslutstext, instruktion, belopp=None, sparad=""):
    """[(field, message)] for a decision that cannot be saved. `sparad`:
    the § text as stored; bifall enligt förslaget over it untouched (a
    changed text the board went back on) takes the proposal's."""
    fel = []
    tillatna_texter = (forslagets_satser(arende), satser_ur_text(sparad))
    if beslut and beslut not in tillatna_beslut(arende):
        fel.append(("beslut", _("Det beslutet kan inte fattas i det här ärendet.")))
    elif beslut == B.BIFALL and beslutstext.strip() and satser_ur_text(beslutstext) not in tillatna_texter:
        fel.append(("beslutstext", _(
            "Texten skiljer sig från det fastställda förslaget. Välj ”Bifall med ändringar” för att spara en ändrad text."
        )))  # fmt: skip
    elif beslut == B.ANDRAT and not satser_ur_text(beslutstext):
        fel.append(("beslutstext", _("Skriv de beslutade att-satserna, en per rad.")))
    elif beslut == B.ANDRAT and beloppsfel(arende, beslutstext, belopp):
        fel.append(beloppsfel(arende, beslutstext, belopp))
    elif beslut == B.BESLUTAT and not beslutstext.strip():
        fel.append(("beslutstext", _("Skriv beslutet.")))
    elif beslut == B.ATERREMISS and not instruktion.strip():
        fel.append(("instruktion", _("Ange vad styrelsen ger för uppdrag vid återremissen.")))
    return fel


BESLUT_FIELDS = [
    "beslut", "beslutstext", "belopp", "period_fran", "period_till", "instruktion", "anteckningar", "reservationer",
]  # fmt: skip


@transaction.atomic
def spara_beslut(*, paragraf, by, version, data):
    """Record the decision of a § (data: BESLUT_FIELDS; "" beslut: not
    decided yet, what is typed is kept). Bifall enligt förslaget takes the
    fastställd proposal's att-clauses verbatim and its amount and period;
    bifall med ändringar keeps the edited clauses and the amount and period
    as given (the proposal's where left empty)."""
    paragraf = _las_paragraf(paragraf, version)
    arende = paragraf.arende
    data = {**dict.fromkeys(BESLUT_FIELDS, ""), "belopp": None, "period_fran": None, "period_till": None, **data}
    fel = beslutsfel(
        arende, data["beslut"], data["beslutstext"], data["instruktion"], data["belopp"], paragraf.beslutstext
    )
    if fel:
        raise WorkflowError(fel[0][1])
    before = audit.snapshot(paragraf, BESLUT_FIELDS)
    belopp, fran, till = forslagets_belopp_och_period(arende)
    if data["beslut"] == B.BIFALL:
        data.update(beslutstext="\n".join(forslagets_satser(arende)), belopp=belopp, period_fran=fran, period_till=till)
    elif data["beslut"] == B.ANDRAT:
        data["beslutstext"] = "\n".join(satser_ur_text(data["beslutstext"]))
        data["belopp"] = belopp if data["belopp"] is None else data["belopp"]
        data["period_fran"] = data["period_fran"] or fran
        data["period_till"] = data["period_till"] or till
    else:
        data.update(belopp=None, period_fran=None, period_till=None)
    if data["beslut"] != B.ATERREMISS:
        data["instruktion"] = data["instruktion"] if not data["beslut"] else ""
    for name in BESLUT_FIELDS:
        setattr(paragraf, name, data[name])
    paragraf.save()
    audit.record(
        actor=by, action="protokoll.beslut", obj=paragraf,
        data={"andrat": audit.changes(before, audit.snapshot(paragraf, BESLUT_FIELDS))},
    )  # fmt: skip
    return paragraf


def jamforelse(paragraf):
    """The adopted clauses against the proposal's, row by row, for a bifall
    med ändringar: [(förslag text or "", beslut text or "", changed)]."""
    forslag, beslut = forslagets_satser(paragraf.arende), beslutssatser(paragraf)
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=forslag, b=beslut, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [(t, t, False) for t in forslag[i1:i2]]
            continue
        left, right = forslag[i1:i2], beslut[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append((left[k] if k < len(left) else "", right[k] if k < len(right) else "", True))
    return rows


# --- jäv and omröstning -------------------------------------------------------


@transaction.atomic
def satt_jav(*, paragraf, by, version, uppdrag):
    """The members (Uppdrag of the organ) who declared jäv in `paragraf`.
    A jävig member is no longer among its beslutande, so a vote they had
    cast there is removed. Refused when an ersättare serves for a ledamot
    only because of a jäv that is taken away."""
    paragraf = _las_paragraf(paragraf, version)
    mote = paragraf.arende.sammantrade
    valda = {u.pk: u for u in uppdrag}
    if any(u.organ_id != mote.organ_id for u in valda.values()):
        raise WorkflowError(_("Jäv anmäls av ledamöter och ersättare i organet."))
    fore = set(Jav.objects.filter(paragraf=paragraf).values_list("uppdrag_id", flat=True))
    arenden = _ordnade_arenden(mote)
    jav = _jav_positioner(mote, arenden)
    pos = next(i for i, a in enumerate(arenden) if a.pk == paragraf.arende_id)
    for pk in fore - set(valda):
        jav.get(pk, set()).discard(pos)
    for pk in valda:
        jav.setdefault(pk, set()).add(pos)
    fel = narvarofel(_narvaro_rader(mote), arenden, jav)
    if fel:
        raise WorkflowError(
            _("Jävet kan inte tas bort: %(fel)s Ändra närvaron först.") % {"fel": fel[0][2]}
        )
    Jav.objects.filter(paragraf=paragraf).exclude(uppdrag_id__in=valda).delete()
    Jav.objects.bulk_create([Jav(paragraf=paragraf, uppdrag_id=pk) for pk in set(valda) - fore])
    borttagna = list(Rost.objects.filter(paragraf=paragraf, uppdrag_id__in=valda).values_list("uppdrag_id", flat=True))
    Rost.objects.filter(paragraf=paragraf, uppdrag_id__in=valda).delete()
    audit.record(
        actor=by, action="protokoll.jav", obj=paragraf,
        data={"andrat": {"jav": [sorted(fore), sorted(valda)]}, "borttagna_roster": borttagna},
    )  # fmt: skip
    return paragraf


@transaction.atomic
def spara_omrostning(*, paragraf, by, version, roster, ja_forslag="", nej_forslag=""):
    """Record an omröstning in `paragraf`: `roster` {Uppdrag: "ja"/"nej"/
    "avstar"}. Only the beslutande of the § may vote (never a jävig
    member), each once; an empty `roster` takes the omröstning away."""
    paragraf = _las_paragraf(paragraf, version)
    underlag = Underlag(paragraf.arende.sammantrade)
    paragraf = next(p for p in underlag.paragrafer if p.pk == paragraf.pk)
    tillatna = {u.pk for u in underlag.beslutande(paragraf)}
    for u, svar in roster.items():
        if u.pk not in tillatna:
            raise WorkflowError(
                _("%(namn)s är inte beslutande i %(paragraf)s och kan inte rösta.")
                % {"namn": u.person.get_full_name(), "paragraf": paragrafnummer(paragraf.nummer)}
            )
        if svar not in Rost.Svar.values:
            raise WorkflowError(_("En röst är ja, nej eller avstår."))
    fore = {r.uppdrag_id: r.svar for r in Rost.objects.filter(paragraf=paragraf)}
    Rost.objects.filter(paragraf=paragraf).delete()
    Rost.objects.bulk_create([Rost(paragraf=paragraf, uppdrag=u, svar=s) for u, s in roster.items()])
    ja_forslag, nej_forslag = (ja_forslag or "").strip(), (nej_forslag or "").strip()
    if not roster:
        ja_forslag = nej_forslag = ""
    Paragraf.objects.filter(pk=paragraf.pk).update(
        omrostning=bool(roster), ja_forslag=ja_forslag, nej_forslag=nej_forslag
    )
    paragraf.omrostning = bool(roster)
    paragraf.ja_forslag, paragraf.nej_forslag = ja_forslag, nej_forslag
    audit.record(
        actor=by, action="protokoll.omrostning", obj=paragraf,
        data={"fore": fore, "efter": {u.pk: s for u, s in roster.items()}, "ja": ja_forslag, "nej": nej_forslag},
    )  # fmt: skip
    return paragraf


# --- justerare ----------------------------------------------------------------


@transaction.atomic
def valj_justerare(*, mote, by, version, ordforande, justerare):
    """Who chairs and who justerar the protokoll (users), stored as
    Justering rows not yet attested; the justering (another module)
    attests them. Refused once anyone has attested."""
    mote = _las_mote(mote)
    _bump_mote(mote, version)
    rader = Justering.objects.filter(sammantrade=mote, paragraf__isnull=True)
    if rader.filter(attesterad__isnull=False).exists():
        raise WorkflowError(_("Justeringen har påbörjats; ordförande och justerare kan inte längre bytas."))
    if not justerare:
        raise WorkflowError(_("Välj minst en justerare."))
    narvarande = set(
        Narvaro.objects.filter(sammantrade=mote, uppdrag__isnull=False).values_list("uppdrag__person_id", flat=True)
    )
    if any(p.pk not in narvarande for p in [ordforande, *justerare]):
        raise WorkflowError(_("Ordförande och justerare väljs bland de närvarande ledamöterna och ersättarna."))
    if ordforande in justerare:
        raise WorkflowError(_("Ordföranden justerar redan protokollet; välj någon annan som justerare."))
    fore = [f"{j.roll}:{j.person_id}" for j in rader]
    fore_justerare = [j.person for j in rader.select_related("person").order_by("pk") if j.roll == Justering.Roll.JUSTERARE]
    rader.delete()
    _skriv_justerarparagraf(mote, by, justerartext(fore_justerare), justerartext(justerare))
    Justering.objects.create(sammantrade=mote, person=ordforande, roll=Justering.Roll.ORDFORANDE)
    Justering.objects.bulk_create(
        [Justering(sammantrade=mote, person=p, roll=Justering.Roll.JUSTERARE) for p in justerare]
    )
    audit.record(
        actor=by, action="protokoll.justerare", obj=mote,
        data={"fore": fore, "efter": [f"ordforande:{ordforande.pk}", *[f"justerare:{p.pk}" for p in justerare]]},
    )  # fmt: skip
    return mote


def _skriv_justerarparagraf(mote, by, gammal, ny):
    """The val av justerare § follows the chosen justerare, unless the
    sekreterare has written something else there (then it is theirs)."""
    for p in Paragraf.objects.select_for_update(of=("self",)).filter(
        arende__sammantrade=mote, arende__typ=Arende.Typ.JUSTERARE, omedelbart_justerad__isnull=True
    ):  # fmt: skip
        if p.beslutstext.strip() not in ("", gammal) or p.beslut not in ("", B.BESLUTAT):
            continue
        if p.beslutstext == ny and p.beslut == B.BESLUTAT:
            continue
        fore = audit.snapshot(p, ["beslut", "beslutstext"])
        p.beslut, p.beslutstext = B.BESLUTAT, ny
        p.version += 1  # an open § form saved over it is refused as stale
        p.save(update_fields=["beslut", "beslutstext", "version"])
        audit.record(
            actor=by, action="protokoll.beslut", obj=p,
            data={"andrat": audit.changes(fore, audit.snapshot(p, ["beslut", "beslutstext"])), "automatiskt": True},
        )  # fmt: skip


def ofullstandiga(mote):
    """The §§ of `mote` without a decision yet (for the justering's check)."""
    return list(Paragraf.objects.filter(arende__sammantrade=mote, beslut="").select_related("arende"))
