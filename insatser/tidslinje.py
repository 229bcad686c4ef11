"""The insats page's timeline: what happened to the insats, read from the
audit trail of the insats itself and of everything that belongs to it (its
applications and their beslutsförslag, claims, reports, avvikelser and the
proposals drafted from them).

Two queries whatever the number of objects or entries: one UNION ALL of the
(content type, key) pairs of the objects, then the entries of those pairs
(an OR of content_type = … AND object_id IN (…) per type, which PostgreSQL
answers from the (content_type, object_id) index).

Who reads which entry: samordning.audit.visible_to for the applications
(the kansli everything after the first submission; a sökande what happened
to their case), and for the insats's own follow-up (claims, reports,
avvikelser, grants, closing) the users who may see the insats: the kansli
everything, a sökande the steps in FOR_SOKANDE.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast

from ansokningar.models import Ansokan
from insatser.models import Avvikelse, Insats, Rapport, Rekvisition
from samordning import audit
from samordning.models import AuditEntry

GRANS = 100  # the newest entries shown; an insats of ten years has a few hundred

# Saves of a text while it is written are not events of the insats.
UTELAMNAS = frozenset(
    {
        "ansokan.sparad",
        "beredning.sparad",
        "forslag.sparat",
        "forslag.standardsatser",
        "rapport.sparad",
    }
)

# What a sökande sees of the insats's follow-up: the steps of their own
# claims, reports and avvikelser, and the decisions about the insats.
FOR_SOKANDE = frozenset(
    {
        "insats.beviljad",
        "insats.beviljande_tillagt",
        "insats.avslutad",
        "rekvisition.lamna_in",
        "rekvisition.avvisad",
        "rekvisition.attestera",
        "rekvisition.returnera",
        "rekvisition.markera_betald",
        "rapport.inlamnad",
        "rapport.godkand",
        "rapport.komplettering_begard",
        "avvikelse.rapporterad",
        "avvikelse.hanterad",
    }
)

def etikett(handling):
    return audit.label(handling)


def _nycklar(insats):
    """One query: the (content type id, object key) of every object whose
    entries belong on the insats's timeline."""
    from beslut.models import Beslutsforslag  # beslut builds on insatser: imported when used

    def par(queryset, model):
        ct = ContentType.objects.get_for_model(model).pk
        return (
            queryset.order_by()
            .annotate(ct=Value(ct, output_field=IntegerField()), nyckel=Cast("pk", CharField()))
            .values_list("ct", "nyckel")
        )

    ansokningar = Ansokan.objects.filter(insats=insats)
    forslag = Beslutsforslag.objects.filter(
        Q(ansokan__insats=insats) | Q(avvikelser__insats=insats)
    ).distinct()
    delar = [
        par(ansokningar, Ansokan),
        par(forslag, Beslutsforslag),
        par(Rekvisition.objects.filter(insats=insats), Rekvisition),
        par(Rapport.objects.filter(insats=insats), Rapport),
        par(Avvikelse.objects.filter(insats=insats), Avvikelse),
    ]
    per_typ = {}
    for ct, nyckel in delar[0].union(*delar[1:], all=True):
        per_typ.setdefault(ct, []).append(nyckel)
    per_typ.setdefault(ContentType.objects.get_for_model(Insats).pk, []).append(str(insats.pk))
    return per_typ


# What a samverkanspart sees of it: the decisions about the insats (the
# claims, reports and avvikelser are the insatsägare's).
FOR_PART = frozenset({"insats.beviljad", "insats.beviljande_tillagt", "insats.avslutad"})


def for_insats(insats, user, *, agare, grans=GRANS):
    """The newest `grans` entries `user` may read about the insats and what
    belongs to it, newest first, as (entry, label); two queries. `agare`:
    whether the user is of the insatsägare (insatser.access_avvikelse)."""
    per_typ = _nycklar(insats)
    villkor = Q()
    for ct, nycklar in per_typ.items():
        villkor |= Q(content_type_id=ct, object_id__in=nycklar)
    # The applications' entries by the log's own rule; the rest (the
    # follow-up, which the caller has let `user` see) by who they are.
    uppfoljning = ~Q(content_type_id=ContentType.objects.get_for_model(Ansokan).pk)
    handlingar = FOR_SOKANDE if agare else FOR_PART
    entries = audit.visible_to(user, AuditEntry.objects.filter(villkor), uppfoljning=uppfoljning, handlingar=handlingar)
    entries = entries.exclude(handling__in=UTELAMNAS)
    return [
        (e, etikett(e.handling))
        for e in entries.select_related("anvandare", "content_type").order_by("-tidpunkt", "-id")[
            :grans
        ]
    ]
