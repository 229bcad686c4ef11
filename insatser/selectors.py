"""QuerySet recipes, one per screen, so no query runs inside a loop and the
number of queries does not grow with the insatser or their grants."""

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, Sum

from ansokningar.access import visible_ansokningar
from ansokningar.models import Ansokan
from beslut.models import Beslutsforslag
from insatser.models import Beviljande
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
    return queryset.select_related("insatsagare", "kategori").prefetch_related(
        Prefetch(
            "beviljanden", queryset=Beviljande.objects.order_by("period_fran", "beslutsdatum", "pk")
        ),
        Prefetch("samverkansparter", queryset=Organisation.objects.order_by("typ", "namn")),
    )


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
    """Beslutsförslag drafted from the insats's applications (kansli only)."""
    return (
        Beslutsforslag.objects.filter(ansokan__insats=insats)
        .select_related("ansokan")
        .annotate(senaste_version=Max("versioner__nummer"))
        .order_by("datum", "pk")
    )
