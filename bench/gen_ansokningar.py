"""Benchmark applications: 200 × scale (scale 10 → 2 000), spread over the
bench kommuner, each with 2–4 parties, goals, a small budget with amounts,
a status from the whole workflow, diarienummer for the submitted ones,
signatures, komplettering requests and a few history entries.

Written with bulk_create (totals computed here and stored directly, as
services.update_totals would) so scale 50 still fills in seconds. Runs after
the demo data (ansokningar.demo is loaded first, so the demo application
exists for the PDF scenario). Idempotent: does nothing if bench applications
exist."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ansokningar import seed
from ansokningar.models import (
    Ansokan,
    Budgetbelopp,
    Budgetrad,
    Diarieserie,
    Komplettering,
    Mal,
    Part,
    Underskrift,
)
from bench.generate import register
from samordning.models import AuditEntry, Forbund, Lokusgrupp, Organisation, User

PER_SCALE = 200
PREFIX = "Benchinsats"
S = Ansokan.Status
A = Budgetrad.Avsnitt

STATUSES = [S.UTKAST] * 4 + [S.INLAMNAD] * 7 + [S.KOMPLETTERING] * 2 + [S.UNDER_BEREDNING] * 6 + [S.ATERKALLAD]
AMNEN = [
    "arbete och studier",
    "unga vuxna utan sysselsättning",
    "psykisk ohälsa och arbete",
    "nyanlända kvinnor",
    "långvarigt försörjningsstöd",
    "kompetenshöjning för handläggare",
    "aktivitetsersättning",
    "språk och arbetsträning",
]
SYFTE = (
    "Syftet är att ge personer i arbetsför ålder som står långt från arbetsmarknaden ett samordnat "
    "stöd mot {amne}. Parterna bygger ett gemensamt arbetssätt kring individen och använder "
    "befintliga nätverk för att samordna kontakter och insatser."
)
BAKGRUND = (
    "Målgruppen finns hos alla parter och har behov som ingen part ensam kan möta. I kommunen saknas i "
    "dag en samlad process för {amne}, och personer riskerar att falla mellan parternas ansvar. "
) * 3
MALGRUPP = "Personer 20–64 år med behov av samordnat stöd från flera parter, med fokus på {amne}."
METOD = (
    "Coachande samtal, kartläggning med SMAIL, individuella handlingsplaner, praktik och "
    "arbetsträning. Insatsen följer principerna för Supported Employment."
)


def _plan(rng, n_parts, start, end):
    """Budget rows: (avsnitt, benamning, standard, tjanst, fran, till, {part_index: kr})."""
    rows = [
        (A.LON, "Coach", False, 100, start, end, {0: rng.randrange(500, 700) * 1000}),
        (A.LOKAL, "Lokalhyra", True, None, None, None, {0: rng.randrange(20, 80) * 1000}),
        (A.OVRIG, "Utvärdering", True, None, None, None, {0: rng.randrange(10, 50) * 1000}),
        (A.OVRIG, "Resor", True, None, None, None, {0: rng.randrange(5, 20) * 1000}),
    ]
    if n_parts > 1:
        rows.append(
            (A.LON, "Arbetskonsulent", False, 50, start, end, {1: rng.randrange(250, 350) * 1000})
        )
        rows.append((A.EGEN_LON, "Handledning", False, 10, start, end, {1: rng.randrange(40, 70) * 1000}))
    rows.append((A.EGEN_LOKAL, "Lokalhyra", True, None, None, None, {0: rng.randrange(10, 40) * 1000}))
    return rows


def _totals(rows):
    forbund = egen = ovrig = 0
    for avsnitt, *_rest, amounts in rows:
        kr = sum(amounts.values())
        if avsnitt in (A.LON, A.LOKAL, A.OVRIG):
            forbund += kr
        elif avsnitt == A.OVRIG_FIN:
            ovrig += kr
        else:
            egen += kr
    return forbund, egen, ovrig


@register
@transaction.atomic
def applications(scale):
    try:
        from ansokningar import demo
    except ImportError:  # the demo applications are another issue's
        demo = None
    if demo is not None:
        demo.load()
    if Ansokan.objects.filter(namn__startswith=PREFIX).exists():
        return

    rng = random.Random(20260701)
    kategorier, malgrupper = seed.ensure_categories()
    kategorier, malgrupper = list(kategorier.values()), list(malgrupper.values())
    kommuner = list(Organisation.objects.filter(namn__startswith="Benchkommun").order_by("namn"))
    lokus = {g.kommun_id: g for g in Lokusgrupp.objects.filter(kommun__in=kommuner)}
    parters = list(Organisation.objects.filter(namn__in=["Arbetsförmedlingen", "Försäkringskassan", "Region Uppsala"]))
    parters.sort(key=lambda o: o.namn)
    users = {}
    for u in User.objects.filter(username__startswith="bench-", username__endswith="-0").prefetch_related(
        "organisationer"
    ):
        for o in u.organisationer.all():
            users[o.pk] = u
    handlaggare = User.objects.filter(roll="handlaggare").first() or next(iter(users.values()))
    prefix = Forbund.get().diarieprefix
    nummer = {
        row["diarie_ar"]: row["m"] or 0
        for row in Ansokan.objects.exclude(diarie_ar=None).values("diarie_ar").annotate(m=Max("diarie_lopnummer"))
    }
    for serie in Diarieserie.objects.all():
        nummer[serie.ar] = max(nummer.get(serie.ar, 0), serie.senaste)

    count = PER_SCALE * scale
    plans = []
    objs = []
    for i in range(count):
        kommun = kommuner[i % len(kommuner)]
        status = STATUSES[i % len(STATUSES)]
        amne = AMNEN[i % len(AMNEN)]
        year = 2024 + i % 3
        start = datetime.date(year, rng.choice([1, 4, 7, 9]), 1)
        end = start.replace(year=start.year + rng.choice([1, 2])) - datetime.timedelta(days=1)
        n_parts = 2 + i % 3
        rows = _plan(rng, n_parts, start, end)
        forbund, egen, ovrig = _totals(rows)
        a = Ansokan(
            namn=f"{PREFIX} {i:05d}: {amne.capitalize()} i {kommun.namn}",
            insatsagare=kommun,
            lokusgrupp=lokus.get(kommun.pk),
            status=status,
            syfte=SYFTE.format(amne=amne),
            bakgrund=BAKGRUND.format(amne=amne),
            startdatum=start,
            slutdatum=end,
            intag_slutdatum=end - datetime.timedelta(days=90),
            malgrupp=MALGRUPP.format(amne=amne),
            antal_deltagare=rng.randrange(10, 60),
            metod=METOD,
            uppfoljning="Självskattning var 13:e vecka och uppföljning i styrgruppen varje halvår.",
            tillvaratas="Resultaten sprids vid seminarier och i lokusgruppen.",
            kategori=kategorier[i % len(kategorier)],
            diskuterad=i % 2 == 0,
            diskuterad_hur="I lokusgruppen." if i % 2 == 0 else "",
            overenskommelse="Lagar och förordningar\nInsatsägarna är verksamhetsansvariga.",
            summa_forbund=forbund,
            summa_egen=egen,
            summa_ovrig=ovrig,
            summa_total=forbund + egen + ovrig,
            skapad_av=users.get(kommun.pk, handlaggare),
        )
        if status != S.UTKAST:
            nummer[year] = nummer.get(year, 0) + 1
            a.diarie_ar, a.diarie_lopnummer = year, nummer[year]
            a.diarienummer = f"{prefix} {year}/{nummer[year]}"
            a.inlamnad = timezone.make_aware(datetime.datetime(year, 1 + i % 12, 1 + i % 28, 10, 0))
        objs.append(a)
        plans.append((kommun, [kommun, *parters[: n_parts - 1]], rows))
    Ansokan.objects.bulk_create(objs, batch_size=1000)

    parts = []
    for a, (_k, orgs, _rows) in zip(objs, plans, strict=True):
        parts.append([Part(ansokan=a, organisation=o, ordning=j) for j, o in enumerate(orgs)])
    Part.objects.bulk_create([p for ps in parts for p in ps], batch_size=2000)

    goals, rader, belopp_for = [], [], []
    through = Ansokan.prioriterade_malgrupper.through
    prio = []
    for i, (a, (_k, _orgs, rows), ps) in enumerate(zip(objs, plans, parts, strict=True)):
        goals += [
            Mal(ansokan=a, typ=Mal.Typ.OVERGRIPANDE, text="Fler i arbete eller studier.", ordning=0),
            Mal(ansokan=a, typ=Mal.Typ.EFFEKT, text="70 procent av deltagarna har kommit närmare arbete.", ordning=0),
            Mal(ansokan=a, typ=Mal.Typ.EFFEKT, text="Parterna har gemensamma rutiner för samverkan.", ordning=1),
            Mal(ansokan=a, typ=Mal.Typ.INSATS, text="Minst 15 deltagare per år.", ordning=0),
            Mal(ansokan=a, typ=Mal.Typ.INSATS, text="Handlingsplan inom fyra veckor.", ordning=1),
        ]
        for j, (avsnitt, benamning, standard, tjanst, fran, till, amounts) in enumerate(rows):
            rad = Budgetrad(
                ansokan=a,
                avsnitt=avsnitt,
                benamning=benamning,
                standard=standard,
                tjanst_procent=tjanst,
                fran=fran,
                till=till,
                ordning=j,
            )
            rader.append(rad)
            belopp_for += [(rad, ps[k], kr) for k, kr in amounts.items()]
        prio.append(through(ansokan_id=a.pk, prioriteradmalgrupp_id=malgrupper[i % len(malgrupper)].pk))
    Mal.objects.bulk_create(goals, batch_size=5000)
    Budgetrad.objects.bulk_create(rader, batch_size=5000)
    Budgetbelopp.objects.bulk_create(
        [Budgetbelopp(rad=rad, part=part, belopp=kr) for rad, part, kr in belopp_for], batch_size=5000
    )
    through.objects.bulk_create(prio, batch_size=5000)

    # Signatures, komplettering requests and history, as the workflow leaves them.
    signatures, requests, history = [], [], []
    ct = ContentType.objects.get_for_model(Ansokan)
    for a, ps in zip(objs, parts, strict=True):
        history.append(_entry(ct, a, a.skapad_av, "ansokan.skapad", {"namn": a.namn}))
        history.append(_entry(ct, a, a.skapad_av, "ansokan.sparad", {"version": 2}))
        if a.status == S.UTKAST:
            continue
        history.append(_entry(ct, a, a.skapad_av, "ansokan.inlamnad", {"diarienummer": a.diarienummer}))
        signers = ps if a.status == S.UNDER_BEREDNING else ps[:1]
        for p in signers:
            signatures.append(
                Underskrift(
                    ansokan=a,
                    part=p,
                    anvandare=a.skapad_av,
                    namn="Bench Person",
                    titel="Enhetschef",
                    organisation=p.organisation.namn,
                    version=1,
                )
            )
        if a.status == S.KOMPLETTERING:
            requests.append(Komplettering(ansokan=a, begaran="Beskriv hur deltagarna rekryteras.", begard_av=handlaggare))
            history.append(_entry(ct, a, handlaggare, "ansokan.komplettering_begard", {}))
        if a.status == S.UNDER_BEREDNING:
            history.append(_entry(ct, a, handlaggare, "ansokan.beredning_paborjad", {}))
    Underskrift.objects.bulk_create(signatures, batch_size=5000)
    Komplettering.objects.bulk_create(requests, batch_size=5000)
    AuditEntry.objects.bulk_create(history, batch_size=5000)

    for year, senaste in nummer.items():
        Diarieserie.objects.update_or_create(ar=year, defaults={"senaste": senaste})


def _entry(ct, obj, user, action, data):
    return AuditEntry(
        anvandare=user, handling=action, content_type=ct, object_id=str(obj.pk), objekt_text=str(obj)[:255], data=data
    )
