import django_filters
from django.utils.translation import gettext_lazy as _

from ansokningar.models import Inriktning, Insatskategori
from insatser.models import Insats
from samordning.models import Organisation


class InsatsFilter(django_filters.FilterSet):
    """The list's filters. A value that does not fit (a removed organisation,
    letters for a number) is ignored rather than answered with an error."""

    q = django_filters.CharFilter(label=_("Sök på namn"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Insats.Status.choices, empty_label=_("Alla")
    )
    insatsagare = django_filters.ModelChoiceFilter(
        label=_("Insatsägare"), queryset=Organisation.objects.all(), empty_label=_("Alla")
    )
    kategori = django_filters.ModelChoiceFilter(
        label=_("Inriktning"), queryset=Insatskategori.objects.all(), empty_label=_("Alla")
    )
    nationell = django_filters.ChoiceFilter(
        label=_("Nationell inriktning"),
        choices=Inriktning.choices,
        field_name="kategori__inriktning",
        empty_label=_("Alla"),
    )

    class Meta:
        model = Insats
        fields = ["q", "status", "insatsagare", "kategori", "nationell"]

    def search(self, queryset, name, value):
        value = value.strip()[:200]
        return queryset.filter(namn__icontains=value) if value else queryset
