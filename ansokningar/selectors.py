"""QuerySet recipes, one per screen, so no query runs inside a loop."""

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Subquery, When

from ansokningar.models import Ansokan, Budgetrad, Komplettering, Mal, Part
from samordning.models import User


def _komplettering_inkommen():
    """When the latest request for komplettering was answered, while the
    resubmitted application waits for the kansli; None otherwise."""
    latest = Komplettering.objects.filter(ansokan=OuterRef("pk")).order_by("-begard").values("besvarad")[:1]
    return Case(When(status=Ansokan.Status.INLAMNAD, then=Subquery(latest)), default=None)


def for_list(queryset):
    """Lists of applications, with `komplettering_inkommen`."""
    return queryset.select_related("insatsagare", "lokusgrupp", "kategori").annotate(
        komplettering_inkommen=_komplettering_inkommen()
    ).only(
        "id",
        "namn",
        "status",
        "typ",
        "diarienummer",
        "startdatum",
        "slutdatum",
        "summa_forbund",
        "inlamnad",
        "andrad",
        "insatsagare__namn",
        "lokusgrupp__namn",
        "kategori__namn",
    )


def _parter_med_behorighet():
    """The parties, each with `har_behorig`: whether anyone active may sign
    for it, so the page can say when nobody can (in the same query)."""
    behoriga = User.behorig_for.through.objects.filter(
        organisation_id=OuterRef("organisation_id"), user__is_active=True
    )
    return Part.objects.select_related("organisation", "underskrift").annotate(har_behorig=Exists(behoriga))


def for_detail(queryset):
    """Everything the detail page, the form and the PDF show, in a fixed
    number of queries whatever the size of the application; with
    `komplettering_inkommen` as the lists have it."""
    return queryset.annotate(komplettering_inkommen=_komplettering_inkommen()).select_related(
        "insatsagare", "lokusgrupp", "kategori", "insats__kategori", "skapad_av", "inlamnad_av"
    ).prefetch_related(
        Prefetch("parter", queryset=_parter_med_behorighet()),
        Prefetch("mal", queryset=Mal.objects.order_by("del_av_id", "typ", "ordning", "id")),
        "delar__kategori",
        Prefetch("budgetrader", queryset=Budgetrad.objects.prefetch_related("belopp", "arsbelopp")),
        "prioriterade_malgrupper",
        "bilagor",
        "kompletteringar__begard_av",
        "insats__beviljanden",
    )


def load(ansokan_id):
    return for_detail(Ansokan.objects.filter(pk=ansokan_id)).get()


def awaiting_signature(user):
    """The parties `user` may sign for (behörig företrädare) that have not stood behind the
    current version of a submitted application (the kansli waits for every
    signature before beredning), oldest submission first: one query."""
    unsigned = Q(underskrift__isnull=True) | Q(underskrift__version__lt=F("ansokan__version"))
    return (
        Part.objects.filter(unsigned, organisation__in=user.behorig_for.values("pk"))
        .filter(ansokan__status=Ansokan.Status.INLAMNAD)
        .select_related("ansokan__insatsagare", "organisation", "underskrift")
        .order_by("ansokan__inlamnad", "ansokan_id", "ordning")
    )
