"""QuerySet recipes, one per screen, so no query runs inside a loop and the
number of queries does not grow with the insatser or their grants."""

from typing import NamedTuple

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ansokningar.access import visible_ansokningar
from ansokningar.models import Ansokan, Del, Mal
from beslut.models import Beslutsforslag
from insatser.ekonomi import betalda_rader, fordelning, kostnadsar
from insatser.models import Avvikelse, Beviljande, Rapport, Rekvisition
from samordning.models import Organisation


def for_list(queryset):
    """The list: the period runs from the first grant's start to the last
    grant's end; beviljat is the sum of the grants."""
    return (
        queryset.select_related("insatsagare", "kategori")
        .annotate(
            forsta_dag=Min("beviljanden__period_fran"),
            sista_dag=Max("beviljanden__period_till"),
            beviljat=Sum("beviljanden__belopp"),
        )
        .order_by("namn", "pk")
    )


def for_detail(queryset):
    """The insats with its grants, each with the decision that made it (the
    § and its meeting, or the delegationsbeslut and its document) and its
    application: one query each, whatever the number of grants."""
    return queryset.select_related("insatsagare", "kategori", "avslutad_av").prefetch_related(
        Prefetch(
            "beviljanden",
            queryset=Beviljande.objects.select_related(
                "ansokan",
                "beslutsverkan__paragraf__organ",
                "beslutsverkan__paragraf__arende__sammantrade",
                "beslutsverkan__delegationsbeslut__dokument",
            ).order_by("period_fran", "beslutsdatum", "pk"),
        ),
        Prefetch("samverkansparter", queryset=Organisation.objects.order_by("typ", "namn")),
    )


class Plan(NamedTuple):
    """What the granted applications say the insats is: its delar (of every
    granted application, with their inriktning and period) and the goals of
    the latest granted one, grouped per del."""

    ansokan: object  # the latest granted application, None without one
    delar: list
    mal: list  # [(del or None, [(typ label, [goal texts])])], the common goals first


def plan(insats, beviljanden):
    """Plan from the loaded grants of `insats`: two queries (delar, goals),
    also when nothing is granted through an application, so the page's
    count does not depend on it."""
    med_ansokan = [b for b in beviljanden if b.ansokan_id]
    senaste = (
        max(med_ansokan, key=lambda b: (b.beslutsdatum, b.period_fran, b.pk)).ansokan
        if med_ansokan
        else None
    )
    delar = list(
        Del.objects.filter(
            ansokan__in=Beviljande.objects.filter(insats=insats).values("ansokan_id")
        )
        .select_related("kategori", "ansokan")
        .order_by("startdatum", "ansokan__inlamnad", "ordning", "id")
    )
    per_del = {}
    for m in Mal.objects.filter(ansokan_id=senaste.pk if senaste else None).order_by(
        "ordning", "id"
    ):
        per_del.setdefault(m.del_av_id, {}).setdefault(m.typ, []).append(m.text)
    mal = []
    for d in [None] + [d for d in delar if senaste and d.ansokan_id == senaste.pk]:
        typer = per_del.get(d.pk if d else None, {})
        if typer:
            mal.append(
                (d, [(Mal.Typ(typ).label, typer[typ]) for typ in Mal.Typ.values if typ in typer])
            )
    return Plan(senaste, delar, mal)


def ansokningar_for(insats, user):
    """The insats's applications this user may know of: every diarieförd one
    (an allmän handling, shown even when the user may not open it) and the
    drafts the user may see. `synlig` says whether to link it."""
    visible = visible_ansokningar(user)
    return (
        Ansokan.objects.filter(insats=insats)
        .filter(Q(inlamnad__isnull=False) | Q(pk__in=visible.values("pk")))
        .select_related("insatsagare")
        .annotate(synlig=Exists(visible.filter(pk=OuterRef("pk"))))
        .order_by("skapad", "pk")
    )


def forslag_for(insats):
    """Beslutsförslag drafted from the insats's applications or its
    avvikelserapporter (kansli only)."""
    return (
        Beslutsforslag.objects.filter(Q(ansokan__insats=insats) | Q(avvikelser__insats=insats))
        .select_related("ansokan")
        .annotate(senaste_version=Max("versioner__nummer"))
        .order_by("datum", "pk")
    )


class Kontroll(NamedTuple):
    text: str
    uppfylld: bool
    detalj: str = ""


class Ar(NamedTuple):
    ar: int
    beviljat: int  # what the decisions commit in the year (insatser.ekonomi.fordelning)
    betalt: int  # paid on claims, by the year of the betald date
    frigors: int  # beviljat − betalt: what goes back to the year's funds


class Tidigast(NamedTuple):
    """The earliest day the insats can be closed, and why (a message)."""

    dag: object  # datetime.date
    text: str


class Avslut(NamedTuple):
    """What closing the insats needs and releases (insatser.services.avsluta_insats)."""

    kontroller: list  # [Kontroll]
    utan_slutrapport: bool  # no slutrapport planned: a note about the ending is required
    per_ar: list  # [Ar]
    beviljat: int
    betalt: int
    tidigast: Tidigast | None = None  # the closing day may not be before it

    @property
    def frigors(self):
        return self.beviljat - self.betalt

    @property
    def mojligt(self):
        return all(k.uppfylld for k in self.kontroller)


def avslut(insats):
    """The checks for closing `insats` and the money it releases per year.
    At most ten queries (five of them the granted applications' budgets)
    whatever the number of grants, claims or reports."""
    # The latest: an insats extended after an accepted slutrapport owes one
    # for the time after it (insatser.rapporter.runt_fasta), and that one counts.
    slutrapporter = list(
        Rapport.objects.filter(insats=insats, typ=Rapport.Typ.SLUTRAPPORT)
        .order_by("-period_till")
        .values_list("status", flat=True)[:1]
    )
    oppna = Rekvisition.objects.filter(
        insats=insats, status__in=[Rekvisition.Status.INLAMNAD, Rekvisition.Status.ATTESTERAD]
    ).count()
    ohanterade = Avvikelse.objects.filter(insats=insats, status=Avvikelse.Status.INLAMNAD).count()
    kontroller = []
    if slutrapporter:
        godkand = Rapport.Status.GODKAND in slutrapporter
        kontroller.append(
            Kontroll(
                _("Slutrapporten är godkänd"),
                godkand,
                "" if godkand else _("Slutrapporten är inte godkänd ännu."),
            )
        )
    kontroller.append(
        Kontroll(
            _("Ingen rekvisition väntar på attest eller betalning"),
            oppna == 0,
            ""
            if oppna == 0
            else ngettext(
                "%(antal)d rekvisition är inlämnad eller attesterad men inte betald.",
                "%(antal)d rekvisitioner är inlämnade eller attesterade men inte betalda.",
                oppna,
            )
            % {"antal": oppna},
        )
    )
    kontroller.append(
        Kontroll(
            _("Alla avvikelserapporter är hanterade"),
            ohanterade == 0,
            ""
            if ohanterade == 0
            else ngettext(
                "%(antal)d avvikelserapport väntar på hantering.",
                "%(antal)d avvikelserapporter väntar på hantering.",
                ohanterade,
            )
            % {"antal": ohanterade},
        )
    )

    beviljanden = (
        Beviljande.objects.filter(insats=insats)
        .select_related("ansokan")
        .prefetch_related(
            "ansokan__parter",
            "ansokan__delar",
            "ansokan__budgetrader__belopp",
            "ansokan__budgetrader__arsbelopp",
        )
    )
    beviljat = {}
    for b in beviljanden:
        for ar, kr in fordelning(b).items():
            beviljat[ar] = beviljat.get(ar, 0) + kr
    # Paid by the years the costs belong to, as the ekonomi page counts a
    # closed insats: what is left of a year's grant goes back to that year's funds.
    betalt = dict(
        betalda_rader(rekvisition__insats=insats)
        .values_list(kostnadsar())
        .annotate(kr=Sum("belopp"))
    )
    per_ar = [
        Ar(ar, beviljat.get(ar, 0), betalt.get(ar, 0), beviljat.get(ar, 0) - betalt.get(ar, 0))
        for ar in sorted(set(beviljat) | set(betalt))
    ]
    return Avslut(
        kontroller, not slutrapporter, per_ar, sum(beviljat.values()), sum(betalt.values()), tidigast(insats)
    )


def tidigast(insats):
    """The earliest closing day of `insats` (Tidigast, or None): an insats
    does not end before the costs it was paid for, nor before its
    slutrapport was accepted or its last avvikelse handled (those days are
    part of its work). One query; the latest of the three binds."""
    ej_returnerad = Rekvisition.objects.filter(insats=OuterRef("pk")).exclude(status=Rekvisition.Status.RETURNERAD)
    godkand = Rapport.objects.filter(
        insats=OuterRef("pk"), typ=Rapport.Typ.SLUTRAPPORT, status=Rapport.Status.GODKAND
    )
    hanterad = Avvikelse.objects.filter(insats=OuterRef("pk"), hanterad__isnull=False)

    def senaste(qs, field):
        return Subquery(qs.order_by(f"-{field}").values(field)[:1])

    row = (
        type(insats).objects.filter(pk=insats.pk)
        .values(
            rekvisition=senaste(ej_returnerad, "period_till"),
            slutrapport=senaste(godkand.filter(hanterad__isnull=False), "hanterad"),
            avvikelse=senaste(hanterad, "hanterad"),
        )
        .first()
    ) or {}
    granser = []
    if row.get("rekvisition"):
        granser.append((row["rekvisition"], _("då den sista rekvisitionens period slutar")))
    if row.get("slutrapport"):
        granser.append((timezone.localdate(row["slutrapport"]), _("då slutrapporten godkändes")))
    if row.get("avvikelse"):
        granser.append((timezone.localdate(row["avvikelse"]), _("då den sista avvikelserapporten hanterades")))
    if not granser:
        return None
    dag, varfor = max(granser, key=lambda g: g[0])
    return Tidigast(
        dag,
        _("Avslutsdagen kan inte vara före %(dag)s, %(varfor)s.") % {"dag": dag.isoformat(), "varfor": varfor},
    )
