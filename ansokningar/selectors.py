"""QuerySet recipes, one per screen, so no query runs inside a loop."""

from django.db.models import Prefetch

from ansokningar.models import Ansokan, Budgetrad, Mal, Part


def for_list(queryset):
    return queryset.select_related("insatsagare", "lokusgrupp", "kategori").only(
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


def for_detail(queryset):
    """Everything the detail page, the form and the PDF show, in a fixed
    number of queries whatever the size of the application."""
    return queryset.select_related(
        "insatsagare", "lokusgrupp", "kategori", "insats__kategori", "skapad_av", "inlamnad_av"
    ).prefetch_related(
        Prefetch("parter", queryset=Part.objects.select_related("organisation", "underskrift")),
        Prefetch("mal", queryset=Mal.objects.order_by("del_av_id", "typ", "ordning", "id")),
        "delar__kategori",
        Prefetch("budgetrader", queryset=Budgetrad.objects.prefetch_related("belopp")),
        "prioriterade_malgrupper",
        "bilagor",
        "kompletteringar__begard_av",
        "insats__beviljanden",
    )


def load(ansokan_id):
    return for_detail(Ansokan.objects.filter(pk=ansokan_id)).get()
