"""Drafting the Ärendet of a beslutsförslag from the application.

It says what the förbund's own proposals say (seed 001 and the domain
guide), in their order: who applies and who is insatsägare, the period and
how the money falls on it, background and syfte, for a tilläggsansökan the
earlier funding and what changes now, målgrupp and participants, the goals
and the staffing (per del when there are delar), and the financing, with
the parties' egenfinansiering named as theirs.

Plain text in the conventions of beslut.drafting (paragraphs, "- " list
items, "# " headings). Every amount is taken from the budget the
application page and PDF show (ansokningar.budget), so the figures agree
with them to the krona. Runs no queries beyond what `innehall` loaded.
"""

from decimal import Decimal
from fractions import Fraction

from ansokningar import budget
from ansokningar.presentation import del_rubrik, innehall
from beslut.drafting import _join, _list, period, slag
from samordning.formatting import datum_lang, genitiv, kr, procent
from samordning.text import rubrik

# The lines of no del, named as the application's tables name them.
GEMENSAMT = str(budget.GEMENSAMT)
ANTAL_ORD = {2: "två", 3: "tre", 4: "fyra", 5: "fem"}


def _versal(text):
    return text[:1].upper() + text[1:]


def parter_mening(c, tillagg):
    """ "A, B och C ansöker gemensamt om finansiering av insatsen X. A är
    insatsägare och B och C är samverkansparter." """
    a = c.ansokan
    agare = c.insatsagare.organisation.namn if c.insatsagare else a.insatsagare.namn
    ovriga = [p.organisation.namn for p in c.samverkansparter]
    vad = "fortsatt finansiering" if tillagg else "finansiering"
    if not ovriga:
        return f"{agare} ansöker om {vad} av insatsen {a.namn} och är insatsägare."
    text = f"{_join([agare, *ovriga])} ansöker gemensamt om {vad} av insatsen {a.namn}."
    text += f" {agare} är insatsägare och {_join(ovriga)} "
    text += "är samverkansparter." if len(ovriga) > 1 else "är samverkanspart."
    return text


def period_och_belopp(c, tillagg):
    """The period, the sum sought and how it falls on the budget years."""
    a = c.ansokan
    if a.startdatum and a.slutdatum:
        text = f"{'Tilläggsansökan gäller perioden' if tillagg else 'Insatsen planeras pågå från'} "
        text += f"{datum_lang(a.startdatum)} {'–' if tillagg else 'till'} {datum_lang(a.slutdatum)}."
    elif a.startdatum or a.slutdatum:
        text = f"Ansökan gäller perioden {period(a.startdatum, a.slutdatum)}."
    else:
        text = ""
    years = [(y, v) for y, v in c.budget.per_ar if y and v]
    if len(years) > 1:
        delar = _join(f"{kr(v)} för {y}" for y, v in years)
        text += f" Det sökta beloppet är {kr(a.summa_forbund)} och kostnaderna fördelas över perioden med {delar}."
    else:
        text += f" Det sökta beloppet är {kr(a.summa_forbund)}."
    return text.strip()


def _tjanst(rad):
    return procent(rad.tjanst_procent.normalize()) if rad.tjanst_procent else ""


def bemanningsrad(r, parter, egen):
    """One post: "Arbetsmarknadsstödjare, tjänstgöringsgrad 100 %, 1 januari
    2023 – 31 december 2024 (Älvkarleby kommun)"; a post of egenfinansiering
    says whose own contribution it is."""
    text = r.rad.benamning
    if r.rad.tjanst_procent:
        text += f", tjänstgöringsgrad {_tjanst(r.rad)}"
    tid = period(r.rad.fran, r.rad.till)
    if tid:
        text += f", {tid}"
    vems = [p.organisation.namn for p, belopp in zip(parter, r.belopp, strict=True) if belopp]
    if egen:
        text += f" ({genitiv(vems[0])} egenfinansiering)" if len(vems) == 1 else " (parternas egenfinansiering)"
    elif len(parter) > 1 and vems:
        text += f" ({_join(vems)})"
    return text


def bemanning(c, rader_lon, rader_egen):
    """The staffing paragraphs: the posts the förbund pays, then the posts
    the parties pay themselves, never mixed."""
    parter = c.budget.parter
    forbund = [bemanningsrad(r, parter, False) for r in rader_lon if r.rad.benamning.strip()]
    egna = [bemanningsrad(r, parter, True) for r in rader_egen if r.rad.benamning.strip()]
    stycken = []
    if forbund and egna:
        stycken += ["Finansieras av förbundet:", _list(forbund)]
    elif forbund:
        stycken.append(_list(forbund))
    if egna:
        stycken += ["Parternas egen insats (egenfinansiering, ingår inte i det sökta beloppet):", _list(egna)]
    return stycken


def _salary_rows(c, del_pk):
    """(förbund's, egenfinansiering's) salary lines of one del (None: the
    lines of the whole insats)."""

    def rows(key):
        return [r for r in c.budget.avsnitt[key].rader if (r.del_.pk if r.del_ is not None else None) == del_pk]

    return rows("lon"), rows("egen_lon")


def malgrupp(c):
    a = c.ansokan
    stycken = [a.malgrupp.strip()] if a.malgrupp.strip() else []
    if a.antal_deltagare:
        stycken.append(f"Insatsen förväntas nå {a.antal_deltagare} deltagare per år.")
    return [rubrik("Målgrupp"), *stycken] if stycken else []


def mal(rubrik_text, goals, heading=True):
    if not goals:
        return []
    items = _list(m.text for m in goals)
    return [rubrik(rubrik_text), items] if heading else [f"{rubrik_text}:", items]


def delarna(c):
    """Per del: kind and period, its money, målgrupp, goals and staffing;
    then what belongs to the whole insats."""
    # The sentence that sums the delar up ("Insatsen består av två delar: …")
    # is the Bedömning's; here each del speaks under its own heading.
    stycken = []
    per_del = {d.pk if d is not None else None: v for d, v in c.budget.per_del}
    for i, d in enumerate(c.delar, start=1):
        del_ = d.del_
        stycken.append(rubrik(del_rubrik(i, del_.namn)))
        info = ", ".join(x for x in [f"{slag(del_.kategori)} del" if del_.kategori else "", period(del_.startdatum, del_.slutdatum)] if x)
        if info:
            stycken.append(_versal(info) + ".")
        if per_del.get(del_.pk):
            stycken.append(f"Sökt belopp för delen: {kr(per_del[del_.pk])}.")
        if del_.malgrupp.strip():
            stycken += ["Målgrupp:", del_.malgrupp.strip()]
        stycken += mal("Effektmål", d.effekt, heading=False)
        stycken += mal("Insatsmål", d.insats, heading=False)
        lon, egen = _salary_rows(c, del_.pk)
        personal = bemanning(c, lon, egen)
        if personal:
            stycken += ["Bemanning:", *personal]
    return stycken


def tidigare_finansiering(c):
    """For a tilläggsansökan: since when the förbund has funded the insats,
    by which decisions, at which tjänstgöringsgrad and amount, and what
    changes with this application."""
    if not c.tidigare:
        return []
    forsta = c.tidigare_period[0]
    rader = []
    for g in c.tidigare:
        text = f"{g.beslut_text}: {kr(g.belopp)} för perioden {period(g.period_fran, g.period_till)}"
        if g.tjanstgoringsgrad is not None:
            text += f", tjänstgöringsgrad {procent(g.tjanstgoringsgrad.normalize())}"
        rader.append(text)
    stycken = [
        rubrik("Tidigare finansiering"),
        f"Förbundet har finansierat insatsen sedan {datum_lang(forsta)} genom följande beslut:",
        _list(rader),
        f"Sammanlagt har förbundet beviljat {kr(c.tidigare_summa)} till insatsen.",
    ]
    andringar = forandringar(c, c.tidigare)
    if andringar:
        stycken.append(" ".join(andringar))
    return stycken


def _manader(fran, till):
    if not fran or not till or till < fran:
        return 0
    return (till.year - fran.year) * 12 + till.month - fran.month + 1


def _per_ar(belopp, manader):
    """An amount over `manader` months as kronor per year, rounded half up."""
    return int(Fraction(belopp * 12, manader) + Fraction(1, 2))


def forandringar(c, tidigare):
    """What changes compared with the funding the insats has at the end of
    its earlier decisions: the gap or overlap in time, the tjänstgöringsgrad
    (the latest decision's) and the amount per year. Grants that run side by
    side (a top-up next to the main grant) add up: the level compared is the
    sum of every grant running in the last month."""
    a = c.ansokan
    slut = max(g.period_till for g in tidigare)
    manad = (slut.year, slut.month)
    aktiva = [g for g in tidigare if (g.period_fran.year, g.period_fran.month) <= manad <= (g.period_till.year, g.period_till.month)]
    satser = []
    if a.startdatum:
        if a.startdatum <= slut:
            satser.append(
                f"Den sökta perioden börjar {datum_lang(a.startdatum)}, före slutet av den senast beviljade perioden "
                f"({datum_lang(slut)})."
            )
        elif (a.startdatum - slut).days == 1:
            satser.append(f"Den sökta perioden tar vid direkt efter den senast beviljade, som slutar {datum_lang(slut)}.")
        else:
            satser.append(
                f"Insatsen har inte haft finansiering från förbundet mellan {datum_lang(slut)} "
                f"och {datum_lang(a.startdatum)}."
            )
    grader = [g for g in aktiva if g.tjanstgoringsgrad is not None]
    nu = [r.rad.tjanst_procent for r in c.budget.avsnitt["lon"].rader if r.rad.tjanst_procent]
    if grader and nu:
        fore = max(grader, key=lambda g: (g.beslutsdatum, g.period_fran)).tjanstgoringsgrad
        summa = sum(nu, Decimal(0))
        if summa == fore:
            satser.append(f"Tjänstgöringsgraden är oförändrad, {procent(summa.normalize())}.")
        else:
            satser.append(f"Tjänstgöringsgraden ändras från {procent(fore.normalize())} till {procent(summa.normalize())}.")
    manader = _manader(a.startdatum, a.slutdatum)
    if aktiva and manader and a.summa_forbund:
        fore = sum(_per_ar(g.belopp, _manader(g.period_fran, g.period_till)) for g in aktiva)
        efter = _per_ar(a.summa_forbund, manader)
        niva = "" if len(aktiva) == 1 else f" (de {ANTAL_ORD.get(len(aktiva), len(aktiva))} beslut som gäller i slutet av perioden sammantaget)"
        if fore == efter:
            satser.append(f"Beloppet per år är oförändrat, {kr(efter)}{niva}.")
        else:
            satser.append(f"Beloppet per år ändras från {kr(fore)}{niva} till {kr(efter)}.")
    return satser


def finansiering(c):
    """The money: what the förbund is asked for (per del when there are
    delar, with what belongs to no del as its own line), the parties'
    egenfinansiering by party, other financing and the total."""
    b = c.budget
    stycken = [rubrik("Finansiering")]
    per_del = [(d, v) for d, v in b.per_del if v]
    if per_del:
        nummer = {d.del_.pk: i for i, d in enumerate(c.delar, start=1)}
        rader = [
            f"{del_rubrik(nummer[d.pk], d.namn) if d is not None else GEMENSAMT}: {kr(v)}" for d, v in per_del
        ]
        stycken += [f"Det sökta beloppet från förbundet, {kr(b.summa_forbund)}, fördelas så här:", _list(rader)]
    else:
        stycken.append(f"Det sökta beloppet från förbundet är {kr(b.summa_forbund)}.")
    if b.summa_egen:
        bidrag = [f"{p.organisation.namn} {kr(v)}" for p, v in zip(b.parter, b.egen, strict=True) if v]
        text = f"Parterna bidrar med egenfinansiering på sammanlagt {kr(b.summa_egen)}"
        stycken.append(text + (f": {_join(bidrag)}." if len(bidrag) > 1 else f" ({_join(bidrag)})."))
    if b.summa_ovrig:
        namn = [r.rad.benamning for r in b.ovrig_fin.rader if r.summa and r.rad.benamning.strip()]
        text = f"Övrig finansiering: {kr(b.summa_ovrig)}"
        stycken.append(text + (f" ({_join(namn)})." if namn else "."))
    if b.summa_egen or b.summa_ovrig:
        stycken.append(f"Insatsens totala kostnad är {kr(b.summa_total)}.")
    return stycken


def arendet(ansokan, content=None):
    c = content or innehall(ansokan)
    a = ansokan
    tillagg = a.typ == "tillagg"
    stycken = [rubrik("Ansökan"), parter_mening(c, tillagg), period_och_belopp(c, tillagg)]
    if a.bakgrund.strip():
        stycken.append(a.bakgrund.strip())
    if a.syfte.strip():
        stycken += [rubrik("Syfte"), a.syfte.strip()]
    if tillagg:
        stycken += tidigare_finansiering(c)
    stycken += malgrupp(c)
    if c.mal.overgripande:
        stycken += mal("Övergripande mål", c.mal.overgripande)
    if c.delar:
        stycken += delarna(c)
        # Goals tied to no del are the whole insats's.
        if c.mal.effekt or c.mal.insats:
            stycken.append(rubrik(GEMENSAMT))
            stycken += mal("Effektmål", c.mal.effekt, heading=False) + mal("Insatsmål", c.mal.insats, heading=False)
        lon, egen = _salary_rows(c, None)
        personal = bemanning(c, lon, egen)
        if personal:
            stycken += [rubrik(f"Bemanning, {GEMENSAMT.lower()}"), *personal]
    else:
        stycken += mal("Effektmål", c.mal.effekt) + mal("Insatsmål", c.mal.insats)
        lon, egen = _salary_rows(c, None)
        personal = bemanning(c, lon, egen)
        if personal:
            stycken += [rubrik("Bemanning"), *personal]
    stycken += finansiering(c)
    return "\n\n".join(s for s in stycken if s)
