"""What each role's start page shows.

One function per role returns (template, context). A role's start page
stays in one readable place; the rules of what is waiting for whom are the
apps' own selectors (ansokningar.selectors, insatser.rekvisitioner,
insatser.rapporter, insatser.avvikelser), read here.

Every list on a start page is an Avsnitt: how many are waiting and the
oldest few, read in ONE query (the total rides along on each row as a
window count), so a page's query count is the same with one row or ten
thousand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, When, Window
from django.urls import reverse
from django.utils import timezone

from samordning.models import Roll

# The rows a section shows before "Visa alla": enough to act on today.
RADER = 5


@dataclass
class Avsnitt:
    """One list on a start page: `antal` in all, the first `rader` of them,
    and where all of them are listed (None: no such page; the section then
    says how many it does not show)."""

    rader: list
    antal: int
    alla: str | None = None

    @property
    def fler(self):
        return self.antal > len(self.rader)


def avsnitt(queryset, alla=None, n=None):
    """The first `n` (RADER) rows of `queryset` in its order, and how many it
    has in all, in one query: COUNT(*) OVER () is counted before the LIMIT."""
    rader = list(queryset.annotate(antal_i_avsnittet=Window(Count("pk")))[: n or RADER])
    return Avsnitt(rader=rader, antal=rader[0].antal_i_avsnittet if rader else 0, alla=alla)


# --- the handläggare's inbox ---------------------------------------------------------


def _ansokningar_att_handlagga(user, idag):
    """Applications waiting for the kansli: new ones nobody has taken, those
    whose komplettering came back, and those being prepared. A submitted
    application with an answered komplettering was asked for more and sent
    it; one with a beredning saved has been taken, whatever its status."""
    from ansokningar import access
    from ansokningar.models import Ansokan, Komplettering, Part
    from beslut.models import Beredning

    S = Ansokan.Status
    base = (
        access.visible_ansokningar(user)
        .select_related("insatsagare")
        .only("id", "namn", "diarienummer", "summa_forbund", "inlamnad", "insatsagare__namn")
        .order_by("inlamnad", "id")
    )
    kompletterad = Exists(Komplettering.objects.filter(ansokan=OuterRef("pk"), besvarad__isnull=False))
    tagen = Exists(Beredning.objects.filter(ansokan=OuterRef("pk")))
    lista = reverse("ansokningar:lista")
    inlamnade = base.filter(status=S.INLAMNAD)
    # Beredning starts once every party stands behind the current version
    # (ansokningar.services.paborja_beredning): the rows say which wait.
    osignerad = Exists(
        Part.objects.filter(ansokan=OuterRef("pk")).filter(
            Q(underskrift__isnull=True) | Q(underskrift__version__lt=OuterRef("version"))
        )
    )
    nya = avsnitt(
        inlamnade.exclude(kompletterad).exclude(tagen).annotate(vantar_underskrift=osignerad),
        f"{lista}?status={S.INLAMNAD}",
    )
    kompletteringar = avsnitt(inlamnade.filter(kompletterad), f"{lista}?status={S.INLAMNAD}")
    beredning = avsnitt(
        base.filter(Q(status=S.UNDER_BEREDNING) | Q(tagen, ~Q(kompletterad), status=S.INLAMNAD)),
        f"{lista}?status={S.UNDER_BEREDNING}",
    )
    for a in nya.rader + kompletteringar.rader + beredning.rader:
        a.dagar = (idag - timezone.localdate(a.inlamnad)).days
    return {"nya": nya, "kompletteringar": kompletteringar, "beredning": beredning}


def _rapporter_for_kansliet(idag):
    """Reports to review, overdue ones with their days overdue, and those
    due within the next KOMMANDE_DAGAR days (a closed insats owes none)."""
    from insatser import rapporter
    from insatser.models import Insats

    def med_insats(queryset):
        return queryset.select_related("insats__insatsagare")

    lista = reverse("insatser:rapporter_forfallna")
    grans = idag + datetime.timedelta(days=rapporter.KOMMANDE_DAGAR)
    forsenade = avsnitt(med_insats(rapporter.forfallna(idag)), lista)
    for r in forsenade.rader:
        r.dagar_sen = (idag - r.forfallodatum).days
    kommande = (
        med_insats(rapporter.Rapport.objects.filter(status__in=rapporter.SKULDIGA))
        .filter(forfallodatum__range=(idag, grans))
        .exclude(insats__status=Insats.Status.AVSLUTAD)
        .order_by("forfallodatum", "id")
    )
    return {
        "att_granska": avsnitt(med_insats(rapporter.att_granska()), f"{lista}#f-granska"),
        "forsenade": forsenade,
        "kommande": avsnitt(kommande, lista),
        "kommande_dagar": rapporter.KOMMANDE_DAGAR,
    }


def _med_summa(queryset):
    """The claims with their insats and total (`summa_kr`) in the same query.
    The total is a subquery, not a join with GROUP BY: PostgreSQL works it
    out for the rows shown only, after the LIMIT (Rekvisition.summa would
    read each claim's rows in a query of its own)."""
    from insatser.models import Rekvisitionsrad

    summa = (
        Rekvisitionsrad.objects.filter(rekvisition=OuterRef("pk"))
        .order_by()
        .values("rekvisition")
        .annotate(s=Sum("belopp"))
        .values("s")
    )
    return queryset.select_related("insats__insatsagare").annotate(summa_kr=Subquery(summa))


def _rekvisitioner_for_kansliet():
    from insatser import rekvisitioner
    from insatser.models import Rekvisition

    S = Rekvisition.Status
    attesterade = Rekvisition.objects.filter(status=S.ATTESTERAD).order_by("attesterad", "id")
    lista = reverse("insatser:rekvisitioner")
    return {
        "att_attestera": avsnitt(_med_summa(rekvisitioner.att_attestera()), f"{lista}?status={S.INLAMNAD}"),
        "att_betala": avsnitt(_med_summa(attesterade), f"{lista}?status={S.ATTESTERAD}"),
    }


def _avvikelser_for_kansliet():
    from insatser import avvikelser

    return {"avvikelser": avsnitt(avvikelser.att_hantera().select_related("insats__insatsagare"))}


def inkorg(user):
    """The handläggare's inbox: everything waiting for the kansli, oldest first."""
    idag = timezone.localdate()
    return {
        **_ansokningar_att_handlagga(user, idag),
        **_rapporter_for_kansliet(idag),
        **_rekvisitioner_for_kansliet(),
        **_avvikelser_for_kansliet(),
    }


def _handlaggare(user):
    return "samordning/start/kansli.html", inkorg(user)


# --- the förbundschef ----------------------------------------------------------------


def _forslag_att_skriva():
    """Applications whose beredning has a recommendation but no beslutsförslag
    yet, the oldest first; and proposals not yet fastställda."""
    from ansokningar.models import Ansokan
    from beslut.models import Beslutsforslag
    from beslut.services.forslag import BEREDBAR

    utan_forslag = (
        Ansokan.objects.filter(status__in=BEREDBAR)
        .exclude(beredning__rekommendation="")
        .filter(beredning__isnull=False)
        .exclude(Exists(Beslutsforslag.objects.filter(ansokan=OuterRef("pk"))))
        .select_related("insatsagare", "beredning")
        .only("id", "namn", "diarienummer", "summa_forbund", "insatsagare__namn", "beredning__rekommendation")
        .order_by("inlamnad", "id")
    )
    utkast = Beslutsforslag.objects.filter(versioner__isnull=True).order_by("datum", "id")
    lista = reverse("beslut:lista")
    return {"att_skriva": avsnitt(utan_forslag, lista), "utkast": avsnitt(utkast, lista)}


def _nasta_styrelsemote(idag):
    """The förbundsstyrelse's next meeting not yet held, with the number of
    beslutsärenden on its list."""
    from beslut.models import Arende, Organ, Sammantrade

    return (
        Sammantrade.objects.filter(
            organ__typ=Organ.Typ.STYRELSE,
            status__in=[Sammantrade.Status.PLANERAT, Sammantrade.Status.KALLAT],
            datum__gte=idag,
        )
        .select_related("organ")
        .annotate(beslutsarenden=Count("arenden", filter=Q(arenden__typ=Arende.Typ.BESLUT)))
        .order_by("datum", "starttid", "id")
        .first()
    )


def _pengar():
    from insatser.ekonomi import pengar_i_korthet

    return pengar_i_korthet(timezone.localdate().year)


def _forbundschef(user):
    return "samordning/start/forbundschef.html", {
        **_forslag_att_skriva(),
        "nasta_mote": _nasta_styrelsemote(timezone.localdate()),
        "pengar": _pengar(),
        # A förbund's chef often handles cases too: the inbox follows.
        **inkorg(user),
    }


# --- sökande, board, sekreterare, administrator --------------------------------------


def _rekvisitioner_for_sokande(user):
    """The user's claims, newest first, except that a returned claim not yet
    replaced by a corrected one comes first: it is the one to act on."""
    from insatser import rekvisitioner
    from insatser.models import Rekvisition

    ersatt = Exists(Rekvisition.objects.filter(ersatter=OuterRef("pk")))
    att_atgarda = Q(status=Rekvisition.Status.RETURNERAD) & ~Q(ersatt=True)
    return (
        _med_summa(rekvisitioner.for_sokande(user))
        .annotate(ersatt=ersatt, att_atgarda=Case(When(att_atgarda, then=0), default=1))
        .order_by("att_atgarda", "-inlamnad", "-id")
    )


def _sokande(user):
    from ansokningar import access, selectors
    from insatser import rapporter

    idag = timezone.localdate()
    att_lamna = avsnitt(rapporter.kommande_for_sokande(user, idag).select_related("insats"), n=10)
    for r in att_lamna.rader:
        r.dagar_sen = (idag - r.forfallodatum).days
    return "samordning/start/sokande.html", {
        "organisationer": list(user.organisationer.all()),
        "ansokningar": list(selectors.for_list(access.visible_ansokningar(user))[:10]),
        "att_skriva_under": list(selectors.awaiting_signature(user)[:20]),
        "can_create": access.can_create(user),
        "rapporter": att_lamna,
        "kommande_dagar": rapporter.KOMMANDE_DAGAR,
        "rekvisitioner": avsnitt(_rekvisitioner_for_sokande(user), n=10),
    }


def _styrelse(user):
    from beslut.views.sammantrade import styrelsens_start

    return "samordning/start/styrelse.html", {**styrelsens_start(user), "pengar": _pengar()}


def _sekreterare(user):
    from beslut.views.sammantrade import sekreterarens_start

    return "samordning/start/sekreterare.html", sekreterarens_start(user)


def _administrator(user):
    return "samordning/start/administrator.html", {}


_BY_ROLE = {
    Roll.SOKANDE: _sokande,
    Roll.HANDLAGGARE: _handlaggare,
    Roll.FORBUNDSCHEF: _forbundschef,
    Roll.LEDAMOT: _styrelse,
    Roll.ERSATTARE: _styrelse,
    Roll.SEKRETERARE: _sekreterare,
    Roll.ADMINISTRATOR: _administrator,
}


def for_user(user):
    template, context = _BY_ROLE[Roll(user.roll)](user)
    context["roll"] = Roll(user.roll)
    context["idag"] = timezone.localdate()
    return template, context
