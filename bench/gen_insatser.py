"""Insatser over ten years for the benchmark (issue 11): 50 × scale insatser
(500 at the default scale 10), each with one to three grants running one to
three years between ten years ago and the end of next year, their quarterly
claims (paid, but the last ones filed or attested), their reports where the
report models exist, the förbund's yearly funds, and a few audit entries
each, as the timeline reads them.

Rows are written with bulk_create (a generated load, not user actions), in
one transaction; the generator is skipped when its insatser exist."""

import datetime
import random

from bench.generate import register

PREFIX = "Benchinsats"
TILL_AR = datetime.date.today().year
FRAN_AR = TILL_AR - 9


@register
def insatser(scale):
    from django.db import transaction

    from insatser.models import Insats

    if Insats.objects.filter(namn__startswith=PREFIX).exists():
        return
    with transaction.atomic():
        _fill(scale * 50)


def _fill(antal):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from ansokningar.models import Insatskategori
    from insatser.models import (
        Arsbudget,
        Beviljande,
        Insats,
        Medlemsbidrag,
        Rekvisition,
        Rekvisitionsrad,
    )
    from insatser.rapporter import kalenderperioder
    from samordning.models import AuditEntry, Organisation, User

    rnd = random.Random(11)
    today = datetime.date.today()
    kommuner = list(Organisation.objects.filter(namn__startswith="Benchkommun").order_by("namn"))
    kategorier = list(Insatskategori.objects.all())
    sokare = {
        u.organisationer.first().pk: u
        for u in User.objects.filter(username__endswith="-0").prefetch_related("organisationer")
    }
    handlaggare = User.objects.get(username="bertil")

    insatser = []
    for i in range(antal):
        kommun = kommuner[i % len(kommuner)]
        start = datetime.date(rnd.randint(FRAN_AR, TILL_AR), rnd.choice([1, 1, 4, 7, 9]), 1)
        insatser.append(
            Insats(
                namn=f"{PREFIX} {i:04d}",
                insatsagare=kommun,
                kategori=kategorier[i % len(kategorier)] if kategorier else None,
                startdatum=start,
            )
        )
    Insats.objects.bulk_create(insatser)

    grants = []
    for insats in insatser:
        start = insats.startdatum
        for _n in range(rnd.randint(1, 3)):
            years = rnd.randint(1, 3)
            till = datetime.date(start.year + years, start.month, 1) - datetime.timedelta(days=1)
            grants.append(
                Beviljande(
                    insats=insats,
                    beslutsdatum=start - datetime.timedelta(days=40),
                    organ=Beviljande.Organ.STYRELSE,
                    paragraf=rnd.randint(1, 60),
                    diarienummer=f"SFU {start.year}/{rnd.randint(1, 99)}",
                    period_fran=start,
                    period_till=till,
                    belopp=rnd.randint(4, 30) * 50_000 * years,
                )
            )
            start = till + datetime.timedelta(days=1)
            if start.year > TILL_AR + 1:
                break
    Beviljande.objects.bulk_create(grants)

    claims, rows = [], []
    now = timezone.now()
    for b in grants:
        quarters = [q for q in kalenderperioder(b.period_fran, b.period_till, 3) if q[1] < today]
        if not quarters:
            continue
        per_quarter = (
            b.belopp // max(1, len(kalenderperioder(b.period_fran, b.period_till, 3))) * 9 // 10
        )
        for k, (fran, till) in enumerate(quarters):
            last = k >= len(quarters) - 2
            status = (
                rnd.choice([Rekvisition.Status.INLAMNAD, Rekvisition.Status.ATTESTERAD])
                if last
                else Rekvisition.Status.BETALD
            )
            claim = Rekvisition(
                insats_id=b.insats_id,
                beviljande=b,
                period_fran=fran,
                period_till=till,
                status=status,
                inlamnad_av=sokare.get(b.insats.insatsagare_id, handlaggare),
                inlamnad=now,
                attesterad_av=None if status == Rekvisition.Status.INLAMNAD else handlaggare,
                attesterad=None if status == Rekvisition.Status.INLAMNAD else now,
                betald=till + datetime.timedelta(days=30)
                if status == Rekvisition.Status.BETALD
                else None,
            )
            claims.append(claim)
            lon = per_quarter * 7 // 10
            rows.append((claim, Rekvisitionsrad.Kategori.LON, lon))
            rows.append((claim, Rekvisitionsrad.Kategori.OVRIG, per_quarter - lon))
    Rekvisition.objects.bulk_create(claims)
    Rekvisitionsrad.objects.bulk_create(
        [Rekvisitionsrad(rekvisition=c, kategori=k, belopp=kr) for c, k, kr in rows]
    )

    fk = Organisation.objects.filter(typ=Organisation.Typ.FORSAKRINGSKASSAN).first()
    region = Organisation.objects.filter(typ=Organisation.Typ.REGION).first()
    medlemmar_kommun = list(
        Organisation.objects.filter(typ=Organisation.Typ.KOMMUN).exclude(
            namn__startswith="Benchkommun"
        )
    )
    for ar in range(FRAN_AR, TILL_AR + 2):
        budget, created = Arsbudget.objects.get_or_create(
            ar=ar, defaults={"eget_kapital": 2_000_000}
        )
        if not created:
            continue
        bidrag = [Medlemsbidrag(arsbudget=budget, organisation=fk, belopp=12_000_000)] if fk else []
        if region:
            bidrag.append(Medlemsbidrag(arsbudget=budget, organisation=region, belopp=6_000_000))
        for kommun in medlemmar_kommun:
            bidrag.append(
                Medlemsbidrag(
                    arsbudget=budget,
                    organisation=kommun,
                    belopp=6_000_000 // max(1, len(medlemmar_kommun)),
                )
            )
        Medlemsbidrag.objects.bulk_create(bidrag)

    ct_insats = ContentType.objects.get_for_model(Insats)
    ct_rek = ContentType.objects.get_for_model(Rekvisition)
    entries = [
        AuditEntry(
            anvandare=handlaggare,
            handling="insats.registrerad",
            content_type=ct_insats,
            object_id=str(i.pk),
            objekt_text=i.namn[:255],
            data={},
        )
        for i in insatser
    ] + [
        AuditEntry(
            anvandare=handlaggare,
            handling="rekvisition.attestera",
            content_type=ct_rek,
            object_id=str(c.pk),
            objekt_text=str(c.pk),
            data={},
        )
        for c in claims
        if c.status != Rekvisition.Status.INLAMNAD
    ]
    AuditEntry.objects.bulk_create(entries)
    _rapporter(insatser, grants, rnd)


def _rapporter(insatser, grants, rnd):
    """The reports each insats owes by the default plan (quarterly
    lägesrapporter, årsrapporter, slutrapport: insatser.rapporter's own rule),
    those due before today submitted and mostly accepted, with participant
    counts; a few overdue and a few awaiting review, as in a real förbund."""
    from django.utils import timezone

    from insatser.models import Rapport, Rapportplan, beviljat
    from insatser.rapporter import onskade_rapporter

    today = datetime.date.today()
    now = timezone.now()
    per_insats = {}
    for b in grants:
        per_insats.setdefault(b.insats_id, []).append(b)
    plans, reports = [], []
    for insats in insatser:
        plans.append(Rapportplan(insats=insats, galler_fran=insats.startdatum))
        _summa, period = beviljat(per_insats.get(insats.pk, []))
        for o in onskade_rapporter(
            lagesrapporter="kvartal", arsrapport=True, slutrapport=True, period=period
        ):
            if o.forfaller >= today:
                status = Rapport.Status.EJ_INLAMNAD
            else:
                status = rnd.choices(
                    [Rapport.Status.GODKAND, Rapport.Status.INLAMNAD, Rapport.Status.EJ_INLAMNAD],
                    weights=[90, 6, 4],
                )[0]
            inlamnad = status != Rapport.Status.EJ_INLAMNAD
            nya = rnd.randint(0, 8) if inlamnad else 0
            reports.append(
                Rapport(
                    insats=insats, typ=o.typ, period_fran=o.fran, period_till=o.till, forfallodatum=o.forfaller,
                    status=status, inlamnad=now if inlamnad else None,
                    nya_kvinnor=nya, nya_man=nya // 2, pagaende_kvinnor=nya * 2, pagaende_man=nya,
                    avslutade_kvinnor=nya // 2, arbete_kvinnor=nya // 4,
                )
            )  # fmt: skip
    Rapportplan.objects.bulk_create(plans)
    Rapport.objects.bulk_create(reports, batch_size=2000)


def insats_screens():
    """Issue 11's budgets: the ekonomi page ≤ 100 ms, the inbox (the
    handläggare's start page, measured with the other start pages) ≤ 60 ms,
    the insats page ≤ 60 ms (the generated insats with the most claims), the
    Uppföljning Finsam export of every insats for five years ≤ 2 s."""
    from django.db.models import Count
    from django.urls import reverse

    from insatser.models import Insats

    insats = (
        Insats.objects.filter(namn__startswith=PREFIX)
        .annotate(n=Count("rekvisitioner"))
        .order_by("-n", "pk")
        .first()
    )
    if insats is None:
        return
    yield (
        f"ekonomi {TILL_AR} (cecilia)",
        "cecilia",
        "get",
        reverse("insatser:ekonomi") + f"?ar={TILL_AR}",
        None,
    )
    yield (
        f"insatssidan, {insats.n} rekvisitioner (bertil)",
        "bertil",
        "get",
        reverse("insatser:detalj", args=[insats.pk]),
        None,
    )
    yield (
        "insatssidan som insatsägare",
        f"bench-{int(insats.insatsagare.namn[-4:]):04d}-0",
        "get",
        reverse("insatser:detalj", args=[insats.pk]),
        None,
    )
    for fmt in ("csv", "xlsx"):
        query = f"?fran={TILL_AR - 4}&till={TILL_AR}&niva=insats&format={fmt}"
        yield (
            f"export Uppföljning Finsam 5 år {fmt}",
            "bertil",
            "get",
            reverse("insatser:export") + query,
            None,
        )
    yield (
        "rekvisitioner att attestera (lista)",
        "bertil",
        "get",
        reverse("insatser:rekvisitioner"),
        None,
    )
    yield (
        "rapporter förfallna (lista)",
        "bertil",
        "get",
        reverse("insatser:rapporter_forfallna"),
        None,
    )
