import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ansokningar.models import Ansokan, Del, Inriktning, Mal, Part
from samordning.models import Lokusgrupp, Organisation


class AnsokanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Ansokan.Status.choices, empty_label=_("Alla"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation (insatsägare eller part)"),
        queryset=Organisation.objects.all(),
        method="by_organisation",
        empty_label=_("Alla"),
    )
    lokusgrupp = django_filters.ModelChoiceFilter(
        label=_("Lokusgrupp"), queryset=Lokusgrupp.objects.all(), empty_label=_("Alla")
    )
    ar = django_filters.NumberFilter(
        label=_("Diarieår"),
        method="by_year",
        min_value=2000,
        max_value=2100,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    inriktning = django_filters.ChoiceFilter(
        label=_("Inriktning"), choices=Inriktning.choices, method="by_inriktning", empty_label=_("Alla")
    )

    class Meta:
        model = Ansokan
        fields = ["q", "status", "organisation", "lokusgrupp", "ar", "inriktning"]

    def __init__(self, *args, only_from=None, **kwargs):
        """`only_from`: the applications a sökande sees. Their choices are the
        organisations and lokusgrupper those mention, not every one."""
        super().__init__(*args, **kwargs)
        if only_from is not None:
            parts = Part.objects.filter(organisation=OuterRef("pk"), ansokan__in=only_from.values("pk"))
            self.filters["organisation"].queryset = Organisation.objects.filter(Exists(parts))
            used = only_from.filter(lokusgrupp=OuterRef("pk"))
            self.filters["lokusgrupp"].queryset = Lokusgrupp.objects.filter(Exists(used))

    def search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        # Goals and delar through EXISTS: one query, no duplicate rows.
        goal = Mal.objects.filter(ansokan=OuterRef("pk"), text__icontains=value)
        del_ = Del.objects.filter(Q(namn__icontains=value) | Q(malgrupp__icontains=value), ansokan=OuterRef("pk"))
        return queryset.filter(
            Q(namn__icontains=value)
            | Q(diarienummer__icontains=value)
            | Q(syfte__icontains=value)
            | Q(bakgrund__icontains=value)
            | Q(malgrupp__icontains=value)
            | Q(metod__icontains=value)
            | Q(uppfoljning__icontains=value)
            | Q(tillvaratas__icontains=value)
            | Exists(goal)
            | Exists(del_)
        )

    def by_inriktning(self, queryset, name, value):
        """The application's own inriktning or any of its delar's: an
        application in delar need not have one of its own."""
        in_del = Del.objects.filter(ansokan=OuterRef("pk"), kategori__inriktning=value)
        return queryset.filter(Q(kategori__inriktning=value) | Exists(in_del))

    def by_organisation(self, queryset, name, value):
        return queryset.filter(Exists(Part.objects.filter(ansokan=OuterRef("pk"), organisation=value)))

    def by_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(diarie_ar=year) | Q(diarie_ar__isnull=True, skapad__year=year))
