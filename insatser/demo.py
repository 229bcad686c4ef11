"""Demo data for following up the funded insatser (issue 11, item 9), made
through the same services the pages use, by the demo people, so every
page, audit entry and timeline is a real one:

- Rekvisitioner on the demo's granted insats: the four last quarters of the
  grant's period that have ended (a year), and the part of the period
  before them in one claim. Anna (the insatsägare, Älvkarleby kommun)
  files, Bertil (handläggare) attests and records the payment. One
  quarter's claim is returned with a comment and corrected; the last one
  waits for attest. Before it Anna tries the quarter's full costs, which
  exceed what the decision has left: lamna_in refuses with the amount over
  and saves nothing of it but the refusal on the insats's record, and her
  corrected claim says what the kommun bears.
- A report plan (lägesrapport per kvartal, årsrapport, slutrapport) set by
  Bertil for the same year, so the reports of the claimed quarters are
  owed: the submitted ones with participant counts (counts only) and
  progress on every goal, most accepted, the latest awaiting review, and
  the last one due not submitted: overdue, on the overdue list and in the
  inbox (reminders are paminn_rapporter's; the demo sends no mail).
- An avvikelserapport from Anna, left for the kansli to handle.
- The förbund's funds (Arsbudget) from the first year a demo grant covers
  to next year, saved by Cecilia (förbundschef): the contributions in the
  Finsam proportions (Försäkringskassan half, Region Uppsala a quarter, the
  kommuner a quarter split by population) and eget kapital brought forward.

The insats followed is the granted one whose period covers the last year:
"Vägen till arbete i Älvkarleby", registered here as an insats the förbund
already funds (two decisions, from the start of last year to the end of
next). The beslut demo's own grant (the seed application's 2023–2024,
decided at the demo's recent meeting) gets no claims: a payment before its
decision would read wrong. Claims are dated a week after their period,
attested some days later and paid about a month after it; a claim is never
filed outside its grant's period or across a year end.

Idempotent: each part is made once, when the insats has none of it yet
(claims, report plan, avvikelse) or the year has no budget.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ansokningar.budget import split_by_year
from insatser import avvikelser, rapporter, rekvisitioner
from insatser.models import (
    Arsbudget,
    Avvikelse,
    Beviljande,
    Insats,
    Rapport,
    Rapportplan,
    Rekvisition,
)
from insatser.models.rapport import DELTAGARFALT, KON
from samordning.formatting import kr
from samordning.models import Organisation, User

LON, LOKAL, OVRIG = "lon", "lokal", "ovrig"

# Övriga kostnader vary a little from quarter to quarter (material,
# travel, a seminar); the budget's quarter times these.
OVRIGT_VARIERAR = (0.82, 1.07, 0.93, 1.25, 0.88)

BETALAS_EFTER_DAGAR = 28

# An insats the förbund already funds, registered in the system (as a
# förbund that starts using it does): running from the start of last year
# to the end of next year, so that its last four quarters are a real year
# of claims and reports around today, and the ekonomi years show it.
PAGAENDE = "Vägen till arbete i Älvkarleby"

RETURKOMMENTAR = "Lokalkostnaden gäller hela årets hyra. Rekvirera kvartalets del och skicka in rekvisitionen igen."

# The members' contributions: a total per year for a small förbund, the
# state's half through Försäkringskassan, Region Uppsala a quarter, and the
# kommuner a quarter split by population (SCB, 31 December 2023, rounded).
INVANARE = {
    "Uppsala kommun": 245_500,
    "Enköpings kommun": 46_600,
    "Håbo kommun": 22_600,
    "Östhammars kommun": 22_200,
    "Tierps kommun": 21_600,
    "Knivsta kommun": 20_700,
    "Heby kommun": 14_500,
    "Älvkarleby kommun": 9_700,
}


def bidrag_totalt(ar):
    """The year's contributions in all: 11 Mkr in 2021, 300 000 kr more a year."""
    return 11_000_000 + (ar - 2021) * 300_000


def eget_kapital(ar):
    """Brought forward into `ar`: drawn down step by step, as the
    förbund's members ask of a förbund with more than it needs."""
    return max(2_900_000 - (ar - 2018) * 150_000, 600_000)


def _users():
    return {u.username: u for u in User.objects.filter(username__in=["anna", "bertil", "cecilia"])}


def _beviljande():
    """The grant the demo follows up: one covering the last year if there is
    one, else the one whose period ends latest (of an insats still going)."""
    idag = timezone.localdate()
    grants = Beviljande.objects.filter(insats__status=Insats.Status.PAGAR).select_related("insats")
    # The demo's own running insats first (anna's kommun claims on it); the
    # other registered ones only fill the years' commitments.
    egna = grants.filter(insats__namn=PAGAENDE)
    for b in [*egna.order_by("-period_till", "-id"), *grants.order_by("-period_till", "-id")]:
        if b.period_fran <= idag - datetime.timedelta(days=365) and b.period_till >= idag:
            return b
    return grants.order_by("-period_till", "-id").first()


# ------------------------------------------------------------------ periods


def kvartal(beviljande, idag=None):
    """The last four quarters of the grant's period that have ended by
    `idag` (each cut to the period), oldest first."""
    idag = idag or timezone.localdate()
    perioder = rapporter.kalenderperioder(beviljande.period_fran, beviljande.period_till, 3)
    return [p for p in perioder if p[1] <= idag][-4:]


# -------------------------------------------------------------------- costs


def _budget_per_ar(beviljande):
    """{year: {kategori: kr}}: the granted application's budget per year and
    category, else the grant over its period split as a typical insats's."""
    per_ar = {}
    for u in rekvisitioner.budget_mot_utfall(beviljande.insats):
        per_ar.setdefault(u.ar, {})[u.kategori] = u.budget
    if not per_ar:
        # No budget in the system (a registered insats): a typical one,
        # mostly salaries, some rent and other costs.
        per_ar = {
            ar: {
                LON: belopp * 80 // 100,
                LOKAL: belopp * 8 // 100,
                OVRIG: belopp - belopp * 88 // 100,
            }
            for ar, belopp in split_by_year(
                beviljande.belopp, beviljande.period_fran, beviljande.period_till
            ).items()
        }
    return per_ar


def kostnader(per_ar, fran, till, n=0):
    """The costs of fran–till (whole months) by the budget: {kategori: kr},
    övriga kostnader varied by `n`."""
    rader = {}
    dag = datetime.date(fran.year, fran.month, 1)
    while dag <= till:
        for kategori, belopp in per_ar.get(dag.year, {}).items():
            rader[kategori] = rader.get(kategori, 0) + belopp / 12
        dag = datetime.date(dag.year + (dag.month == 12), dag.month % 12 + 1, 1)
    if OVRIG in rader:
        rader[OVRIG] *= OVRIGT_VARIERAR[n % len(OVRIGT_VARIERAR)]
    return {k: int(round(v, -1)) for k, v in rader.items() if round(v, -1) > 0}


def _kvar(beviljande):
    saldon = rekvisitioner.saldon(list(beviljande.insats.beviljanden.all()))
    return min(saldon[beviljande.pk].kvar, saldon[None].kvar)


def _inom(rader, kvar):
    """`rader` cut down to `kvar` kronor: salaries first give way."""
    over = sum(rader.values()) - kvar
    rader = dict(rader)
    for kategori in (LON, OVRIG, LOKAL):
        if over <= 0:
            break
        minskning = min(over, rader.get(kategori, 0))
        rader[kategori] = rader.get(kategori, 0) - minskning
        over -= minskning
    return {k: v for k, v in rader.items() if v}


# ------------------------------------------------------------ rekvisitioner


def _betald(rekvisition, users):
    """Attested and paid as a förbund pays: about a month after the period
    (never in the future), after it was filed and attested (_daterad)."""
    bertil, idag = users["bertil"], timezone.localdate()
    r = rekvisitioner.attestera(rekvisition=rekvisition, by=bertil, version=rekvisition.version)
    r = _daterad(r)
    datum = min(rekvisition.period_till + datetime.timedelta(days=BETALAS_EFTER_DAGAR), idag)
    return rekvisitioner.markera_betald(rekvisition=r, by=bertil, version=r.version, datum=datum)


def _rekvisitioner(beviljande, users):
    """The claims, in the order they were made. Returns whether the last
    quarter's costs exceeded what the grant had left."""
    anna, insats = users["anna"], beviljande.insats
    per_ar = _budget_per_ar(beviljande)
    perioder = kvartal(beviljande)

    def lamna_in(period, rader, **kw):
        return rekvisitioner.lamna_in(
            insats=insats, beviljande=beviljande, period=period, rader=rader, by=anna, **kw
        )

    # The part of the period before the year, in one claim.
    if perioder[0][0] > beviljande.period_fran:
        tidigare = (beviljande.period_fran, perioder[0][0] - datetime.timedelta(days=1))
        _betald(
            lamna_in(tidigare, _inom(kostnader(per_ar, *tidigare, n=4), _kvar(beviljande))), users
        )
    *betalda, sista = perioder
    for n, period in enumerate(betalda):
        rader = _inom(kostnader(per_ar, *period, n=n), _kvar(beviljande))
        if n == 1 and rader.get(LOKAL):
            # The whole year's rent claimed in one quarter: returned, corrected.
            fel = lamna_in(period, {**rader, LOKAL: rader[LOKAL] * 4})
            fel = rekvisitioner.returnera(
                rekvisition=fel, by=users["bertil"], version=fel.version, kommentar=RETURKOMMENTAR
            )
            rattad = lamna_in(
                period,
                rader,
                ersatter=fel,
                kommentar="Rättad: lokalkostnaden är nu kvartalets del av årshyran.",
            )
            _betald(rattad, users)
        elif rader:
            _betald(lamna_in(period, rader), users)

    # The last quarter: first a claim the maximum does not allow (the
    # quarter's costs when they exceed what is left, else with next year's
    # conference added by mistake), refused; then what the grant allows.
    kvar = _kvar(beviljande)
    kostnad = kostnader(per_ar, *sista, n=len(betalda))
    overskrider = sum(kostnad.values()) > kvar
    forsok = dict(kostnad)
    if not overskrider:
        forsok[OVRIG] = forsok.get(OVRIG, 0) + kvar - sum(kostnad.values()) + 25_000
    try:
        # Not in a savepoint of its own: the service records the refusal
        # on the insats ("rekvisition.avvisad"), and that must stay.
        lamna_in(sista, forsok)
    except rekvisitioner.RekvisitionError as refused:
        nekad = refused.errors["rader"]
    else:  # pragma: no cover - the attempt is built to exceed the maximum
        raise AssertionError("the demo's refused claim was accepted")
    # The insatsägare's own words quote the refusal: the service saves
    # only the refusal of a refused claim.
    if overskrider:
        kommentar = (
            f"Kvartalets kostnader var {kr(sum(kostnad.values()))}; rekvisitionen av hela beloppet "
            f"avvisades: ”{nekad}” Vi rekvirerar det som återstår av beslutet, {kr(kvar)}; "
            f"resten bär {insats.insatsagare}."
        )
    else:
        kommentar = (
            f"Vår första rekvisition tog med nästa års konferens och avvisades: ”{nekad}” "
            "Här är kvartalets kostnader."
        )
    rader = _inom(kostnad, kvar)
    if rader:
        lamna_in(sista, rader, kommentar=kommentar)
    return overskrider


# ---------------------------------------------------------------- rapporter


def _antal(rapport, n):
    """Participant counts, per kön only: a lägesrapport's quarter, or the
    year for an årsrapport."""
    skala = 4 if rapport.typ == Rapport.Typ.ARSRAPPORT else 1
    per_kon = {
        "kvinnor": (3 + n % 2, 6, 3, 1, 1),
        "man": (2 + n % 3, 5, 2, 1, 0),
        "annan": (n % 2, 0, 0, 0, 0),
    }
    antal = {}
    for kon in KON:
        nya, pagaende, avslutade, arbete, studier = per_kon[kon]
        if skala > 1:  # a year: more new and finished, fewer still going at its start
            nya, pagaende, avslutade = nya * skala, pagaende // 2, avslutade * skala
            arbete, studier = arbete * skala, studier * skala
        varden = (nya, pagaende, avslutade, arbete, studier)
        antal.update({f"{falt}_{kon}": v for falt, v in zip(DELTAGARFALT, varden, strict=True)})
    return antal


MALTEXTER = (
    "Arbetet följer planen för perioden; styrgruppen har följt upp det på sitt senaste möte.",
    "Delvis uppnått: arbetet pågår och följs upp igen nästa period.",
    "Uppnått under perioden för de deltagare som började.",
)


def _rapporter(beviljande, users):
    anna, bertil, insats = users["anna"], users["bertil"], beviljande.insats
    perioder = kvartal(beviljande)
    # The plan follows the year the claims are for: reports due from its start.
    rapporter.satt_plan(
        insats=insats, by=bertil, version=0, lagesrapporter=Rapportplan.Lagesrapporter.KVARTAL,
        arsrapport=True, slutrapport=True, idag=perioder[0][0],
    )  # fmt: skip
    idag = timezone.localdate()
    forfallna = list(
        insats.rapporter.filter(forfallodatum__lt=idag).order_by("forfallodatum", "id")
    )
    mal = rapporter.mal_for(insats)
    # The last one due stays unsubmitted (overdue); the one before it waits for review.
    for n, rapport in enumerate(forfallna[:-1]):
        maltexter = {m.pk: MALTEXTER[(n + i) % len(MALTEXTER)] for i, m in enumerate(mal)}
        r = rapporter.lamna_in(
            rapport=rapport, by=anna, version=rapport.version, antal=_antal(rapport, n), maltexter=maltexter,
            fritext="Samverkan med Arbetsförmedlingen och Försäkringskassan fungerar väl; "
                     "deltagarna har haft gemensamma planeringsmöten med båda.",
        )  # fmt: skip
        if n < len(forfallna) - 2:
            rapporter.godkann(
                rapport=r, by=bertil, version=r.version, kommentar="Tack, rapporten är godkänd."
            )


# --------------------------------------------------------------- avvikelse


def _avvikelse(beviljande, users, overskrider):
    sista, insats = kvartal(beviljande)[-1], beviljande.insats
    if overskrider:
        vad = (
            "Kostnaderna under insatsens sista kvartal blev högre än vad som återstod av "
            f"förbundets beslut på {kr(beviljande.belopp)}."
        )
        konsekvenser = (
            f"{insats.insatsagare} bär mellanskillnaden för kvartalet. Slutrapporten blir försenad "
            "eftersom styrgruppen först vill se hela årets utfall."
        )
    else:
        vad = "En av insatsens två arbetsmarknadskonsulenter har slutat; tjänsten är vakant och rekrytering pågår."
        konsekvenser = "Insatsen tar emot färre nya deltagare tills tjänsten är tillsatt."
    avvikelser.rapportera(
        insats=insats,
        by=users["anna"],
        vad=vad,
        sedan=sista[0],
        konsekvenser=konsekvenser,
        atgarder="Styrgruppen tar upp frågan på sitt nästa möte och återkommer till förbundet.",
    )


# ----------------------------------------------------------------- ekonomi


def fordelning(ar, orgs):
    """{Organisation: kr} for the year: the state half, the region a quarter,
    the kommuner a quarter by population (largest remainder, to the krona)."""
    total = bidrag_totalt(ar)
    kommuner = total // 4
    andelar = {namn: kommuner * n / sum(INVANARE.values()) for namn, n in INVANARE.items()}
    belopp = {namn: int(a) for namn, a in andelar.items()}
    rest = kommuner - sum(belopp.values())
    for namn in sorted(andelar, key=lambda namn: andelar[namn] - belopp[namn], reverse=True)[:rest]:
        belopp[namn] += 1
    belopp["Försäkringskassan"] = total // 2
    belopp["Region Uppsala"] = total - total // 2 - kommuner
    return {orgs[namn]: kronor for namn, kronor in belopp.items() if namn in orgs}


def _ekonomi(cecilia):
    """The funds from the first year a demo grant covers to next year."""
    from insatser.arsbudget import spara_arsbudget

    forsta = (
        Beviljande.objects.order_by("period_fran").values_list("period_fran", flat=True).first()
    )
    nasta = timezone.localdate().year + 1
    har = set(Arsbudget.objects.values_list("ar", flat=True))
    orgs = {
        o.namn: o
        for o in Organisation.objects.filter(
            namn__in=[*INVANARE, "Försäkringskassan", "Region Uppsala"]
        )
    }
    for ar in range((forsta.year if forsta else nasta - 2), nasta + 1):
        if ar in har:
            continue
        spara_arsbudget(
            ar=ar,
            eget_kapital=eget_kapital(ar),
            underlag=(
                f"Medlemssamrådets överenskommelse om medlemsbidrag för {ar} och förbundsstyrelsens "
                f"budgetbeslut för {ar}; eget kapital enligt årsredovisningen för {ar - 1}. Demouppgifter."
            ),
            bidrag=fordelning(ar, orgs),
            version=0,
            by=cecilia,
        )


def _pagaende_insats(users):
    """The registered insats running around today (see PAGAENDE), once."""
    from ansokningar.seed import ensure_categories
    from insatser import services

    if Insats.objects.filter(namn=PAGAENDE).exists():
        return
    ar = timezone.localdate().year
    kategorier, _malgrupper = ensure_categories()
    orgs = {
        o.namn: o
        for o in Organisation.objects.filter(
            namn__in=["Älvkarleby kommun", "Arbetsförmedlingen", "Försäkringskassan"]
        )
    }
    if len(orgs) < 3:
        return
    D = datetime.date
    services.registrera_insats(
        by=users["bertil"],
        namn=PAGAENDE,
        insatsagare=orgs["Älvkarleby kommun"],
        kategori=kategorier["Individinriktad"],
        startdatum=D(ar - 1, 1, 1),
        samverkansparter=[orgs["Arbetsförmedlingen"], orgs["Försäkringskassan"]],
        beviljanden=[
            {"beslutsdatum": D(ar - 2, 11, 19), "organ": "styrelse", "paragraf": 47, "diarienummer": f"SFU {ar - 2}/31",
             "period_fran": D(ar - 1, 1, 1), "period_till": D(ar, 12, 31), "belopp": 1_860_000, "tjanstgoringsgrad": 100},
            {"beslutsdatum": D(ar, 10, 14), "organ": "styrelse", "paragraf": 38, "diarienummer": f"SFU {ar}/22",
             "period_fran": D(ar + 1, 1, 1), "period_till": D(ar + 1, 12, 31), "belopp": 960_000, "tjanstgoringsgrad": 100},
        ],
    )  # fmt: skip


# The förbund's other running insatser, registered with their decisions
# (no follow-up in the demo): what makes the years' commitments those of a
# förbund that uses most of its funds, spread over the three inriktningar.
# (name, insatsägare, inriktning, [(first year, last year, kr, §)] relative to this year)
REGISTRERADE = [
    ("Samverkansteam Tierp", "Tierps kommun", "Individinriktad", [(-2, -1, 4_800_000, 52), (0, 1, 4_900_000, 41)]),
    ("Arbetslivsinriktad rehabilitering i Enköping", "Enköpings kommun", "Individinriktad", [(-3, 0, 9_600_000, 18)]),
    ("Unga vuxna i Östhammar", "Östhammars kommun", "Individinriktad", [(-1, 1, 4_500_000, 44)]),
    ("Kartläggning av unga utanför arbete och studier", "Region Uppsala", "Strukturövergripande", [(-1, 0, 4_200_000, 45)]),
    ("Gemensam kompetensutveckling för handläggare", "Uppsala kommun", "Kompetenshöjande", [(0, 0, 900_000, 12)]),
]  # fmt: skip


def _registrerade(users):
    """The insatser of REGISTRERADE, once each."""
    from ansokningar.seed import ensure_categories
    from insatser import services

    ar = timezone.localdate().year
    kategorier, _malgrupper = ensure_categories()
    orgs = {o.namn: o for o in Organisation.objects.filter(namn__in=[r[1] for r in REGISTRERADE])}
    D = datetime.date
    for namn, agare, kategori, beslut in REGISTRERADE:
        if agare not in orgs or Insats.objects.filter(namn=namn).exists():
            continue
        services.registrera_insats(
            by=users["bertil"], namn=namn, insatsagare=orgs[agare], kategori=kategorier[kategori],
            startdatum=D(ar + beslut[0][0], 1, 1),
            beviljanden=[
                {"beslutsdatum": D(ar + fran - 1, 11, 20), "organ": "styrelse", "paragraf": paragraf,
                 "diarienummer": f"SFU {ar + fran - 1}/{paragraf}", "period_fran": D(ar + fran, 1, 1),
                 "period_till": D(ar + till, 12, 31), "belopp": kr}
                for fran, till, kr, paragraf in beslut
            ],
        )  # fmt: skip


def _ekonomiansvarig(org):
    """Who files an insats's claims for its kommun or region: a person of
    the organisation who is not a demo login (no password), so the claims,
    their PDFs and the timeline name a real actor."""
    from samordning.models import Roll, User

    username = "ekonomi-" + org.namn.split()[0].lower().replace("ö", "o").replace("ä", "a").replace(
        "å", "a"
    )
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": "Ekonomiansvarig", "last_name": org.namn, "roll": Roll.SOKANDE},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.organisationer.add(org)
    return user


def _registrerade_rekvisitioner(users):
    """The registered insatser's claims: one per ended quarter of each
    decision, about 93 % of the decision's money for it, attested and paid
    about a month after (the newest of Samverkansteam Tierp attested, not
    yet paid); once per insats."""
    from ansokningar.budget import dela, manader

    for namn, *_rest in REGISTRERADE:
        insats = Insats.objects.filter(namn=namn).select_related("insatsagare").first()
        if insats is None or Rekvisition.objects.filter(insats=insats).exists():
            continue
        av = _ekonomiansvarig(insats.insatsagare)
        idag = timezone.localdate()
        kvartalen = [
            (b, fran, till, manader(b.period_fran, b.period_till))
            for b in insats.beviljanden.order_by("period_fran")
            for fran, till in rapporter.kalenderperioder(b.period_fran, b.period_till, 3)
            if till < idag
        ]
        sista = None
        for n, (b, fran, till, per_ar) in enumerate(kvartalen, start=1):
            kr = b.belopp * 3 // sum(per_ar.values()) * 93 // 100
            rader = dela(kr, {LON: 80, LOKAL: 8, OVRIG: 12})
            sista = rekvisitioner.lamna_in(
                insats=insats, beviljande=b, period=(fran, till), rader=rader, by=av
            )
            if namn.startswith("Samverkansteam") and n == len(kvartalen):
                r = rekvisitioner.attestera(
                    rekvisition=sista, by=users["bertil"], version=sista.version
                )
                _daterad(r)  # the newest: attested, the payment not yet recorded
            else:
                _betald(sista, users)
        if sista is not None:
            _dateras(insats)
            _historik(insats)


def _daterad(r):
    """The services stamp a claim's filing and attest with the time the demo
    runs; a förbund's claims come in a week or so after their period and are
    attested a few days later. Dated so, the sökande's "newest first", the
    claim pages and the payment days read like a year of real work (the
    audit trail keeps the load's own times: it is never rewritten)."""
    nu = timezone.now()
    dag = datetime.datetime.combine(r.period_till, datetime.time(10)) + datetime.timedelta(days=8)
    r.inlamnad = min(timezone.make_aware(dag), nu)
    if r.attesterad:
        r.attesterad = min(r.inlamnad + datetime.timedelta(days=6), nu)
    Rekvisition.objects.filter(pk=r.pk).update(inlamnad=r.inlamnad, attesterad=r.attesterad)
    return r


def _dateras(insats):
    for r in Rekvisition.objects.filter(
        insats=insats, status__in=[Rekvisition.Status.INLAMNAD, Rekvisition.Status.RETURNERAD]
    ):
        _daterad(r)


def _tid(dag, timme=10):
    """`dag` at `timme` o'clock, Stockholm time, never after now."""
    return min(
        timezone.make_aware(datetime.datetime.combine(dag, datetime.time(timme))), timezone.now()
    )


def _historik(insats):
    """The follow-up's own times, as _daterad gives the claims theirs: the
    reports submitted before their due day and accepted a few days later,
    the avvikelse some days after the change, and every audit entry of the
    insats, its claims, reports and avvikelse moved to when its step
    happened (as ansokningar.demo.dateras does for the applications), so the
    insats's timeline reads as a year of work, not one minute of loading."""
    from ansokningar.demo import dateras

    senaste, returnerade = None, {}
    for r in Rekvisition.objects.filter(insats=insats).order_by(
        "id"
    ):  # a returned one before its correction
        if r.returnerad:
            r.returnerad = min(r.inlamnad + datetime.timedelta(days=2), timezone.now())
            Rekvisition.objects.filter(pk=r.pk).update(returnerad=r.returnerad)
            returnerade[r.pk] = r.returnerad
        if r.ersatter_id in returnerade:  # corrected the day after it came back
            r.inlamnad = min(
                returnerade[r.ersatter_id] + datetime.timedelta(days=1), timezone.now()
            )
            r.attesterad = r.attesterad and min(
                r.inlamnad + datetime.timedelta(days=4), timezone.now()
            )
            Rekvisition.objects.filter(pk=r.pk).update(inlamnad=r.inlamnad, attesterad=r.attesterad)
        tider = {"rekvisition.lamna_in": r.inlamnad, "rekvisition.attestera": r.attesterad,
                 "rekvisition.returnera": r.returnerad, "rekvisition.markera_betald": r.betald and _tid(r.betald, 14)}  # fmt: skip
        dateras(r, {k: v for k, v in tider.items() if v})
        senaste = r
    for r in Rapport.objects.filter(insats=insats).exclude(inlamnad=None):
        r.inlamnad = _tid(
            min(
                r.period_till + datetime.timedelta(days=20),
                r.forfallodatum - datetime.timedelta(days=2),
            ),
            9,
        )
        r.hanterad = r.hanterad and min(r.inlamnad + datetime.timedelta(days=5), timezone.now())
        Rapport.objects.filter(pk=r.pk).update(inlamnad=r.inlamnad, hanterad=r.hanterad)
        tider = {"rapport.sparad": r.inlamnad - datetime.timedelta(hours=1), "rapport.inlamnad": r.inlamnad,
                 "rapport.godkand": r.hanterad, "rapport.komplettering_begard": r.hanterad}  # fmt: skip
        dateras(r, {k: v for k, v in tider.items() if v})
    for a in Avvikelse.objects.filter(insats=insats):
        a.inlamnad = _tid(a.sedan + datetime.timedelta(days=10), 11)
        Avvikelse.objects.filter(pk=a.pk).update(inlamnad=a.inlamnad)
        dateras(a, {"avvikelse.rapporterad": a.inlamnad})
    forsta = insats.beviljanden.order_by("beslutsdatum").first()
    plan = Rapportplan.objects.filter(insats=insats).first()
    tider = {"insats.registrerad": forsta and _tid(forsta.beslutsdatum + datetime.timedelta(days=14), 9),
             "rapportplan.satt": plan and _tid(plan.galler_fran, 9),
             "rekvisition.avvisad": senaste and senaste.inlamnad - datetime.timedelta(hours=2)}  # fmt: skip
    dateras(insats, {k: v for k, v in tider.items() if v})


@transaction.atomic
def load():
    users = _users()
    if len(users) < 3:
        return  # samordning.demo has not run
    _pagaende_insats(users)
    _registrerade(users)
    beviljande = _beviljande()
    if beviljande is not None and kvartal(beviljande):
        insats = beviljande.insats
        if not Rekvisition.objects.filter(insats=insats).exists():
            overskrider = _rekvisitioner(beviljande, users)
            _dateras(insats)
            # What the insatsägare reports follows from the claims (one transaction).
            if not Avvikelse.objects.filter(insats=insats).exists():
                _avvikelse(beviljande, users, overskrider)
        if not Rapportplan.objects.filter(insats=insats).exists():
            _rapporter(beviljande, users)
            _historik(insats)
    _registrerade_rekvisitioner(users)
    _ekonomi(users["cecilia"])
