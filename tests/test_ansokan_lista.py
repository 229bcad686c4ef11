"""The application list's filters: inriktning also through the delar, and
the search over every text of the form, goals and delar included; one
query count whatever the number of rows."""

import pytest
from django.urls import reverse

from ansokningar import seed, services
from ansokningar.models import Ansokan, Del, Mal

pytestmark = pytest.mark.django_db


def submitted(anna, orgs, namn, **fields):
    a = seed.build_seed_application(by=anna, orgs={o.namn: o for o in orgs.values()})
    Ansokan.objects.filter(pk=a.pk).update(namn=namn, **fields)
    a.refresh_from_db()
    return services.lamna_in(ansokan=a, by=anna)


def listed(client, **params):
    response = client.get(reverse("ansokningar:lista"), params)
    assert response.status_code == 200
    return {a.namn for a in response.context["page"]}


def in_delar(a, *kategorier):
    """Give `a` delar of these kategorier and no inriktning of its own."""
    Ansokan.objects.filter(pk=a.pk).update(kategori=None)
    for i, kategori in enumerate(kategorier):
        Del.objects.create(ansokan=a, namn=f"Del {i}", ordning=i, kategori=kategori)


def test_inriktning_filter_finds_an_application_through_its_delar(
    client, anna_sokande, bertil_handlaggare, orgs, kategorier
):
    individ = submitted(anna_sokande, orgs, "Individ hela vägen")
    struktur = submitted(anna_sokande, orgs, "Struktur hela vägen", kategori=kategorier["Strukturövergripande"])
    delad = submitted(anna_sokande, orgs, "I två delar")
    in_delar(delad, kategorier["Strukturövergripande"], kategorier["Individinriktad"])
    kompetens = submitted(anna_sokande, orgs, "Kompetens i delar")
    in_delar(kompetens, kategorier["Kompetenshöjande"], kategorier["Kompetenshöjande"])

    client.force_login(bertil_handlaggare)
    assert listed(client, inriktning="individ") == {individ.namn, delad.namn}
    # Two struktur delar (Kompetenshöjande counts as struktur) list the application once.
    assert listed(client, inriktning="struktur") == {struktur.namn, delad.namn, kompetens.namn}
    page = client.get(reverse("ansokningar:lista"), {"inriktning": "struktur"}).context["page"]
    assert page.paginator.count == 3


@pytest.mark.parametrize(
    "field",
    ["uppfoljning", "tillvaratas"],
)
def test_search_covers_follow_up_and_results(client, anna_sokande, bertil_handlaggare, orgs, kategorier, field):
    a = submitted(anna_sokande, orgs, "Sökbar", **{field: "Vi mäter med SMAIL-skattning och Kvarnmodellen."})
    submitted(anna_sokande, orgs, "Annan")
    client.force_login(bertil_handlaggare)
    assert listed(client, q="kvarnmodellen") == {a.namn}


def test_search_covers_goals_and_delar(client, anna_sokande, bertil_handlaggare, orgs, kategorier):
    mal = submitted(anna_sokande, orgs, "Med mål")
    Mal.objects.create(ansokan=mal, typ=Mal.Typ.EFFEKT, text="Fler når Tallbacksvägen")
    Mal.objects.create(ansokan=mal, typ=Mal.Typ.INSATS, text="Tallbacksvägen två gånger")
    delnamn = submitted(anna_sokande, orgs, "Med delnamn")
    Del.objects.create(ansokan=delnamn, namn="Tallbacksfasen")
    delgrupp = submitted(anna_sokande, orgs, "Med delmålgrupp")
    Del.objects.create(ansokan=delgrupp, namn="Fas 1", malgrupp="Unga i Tallbacken")
    submitted(anna_sokande, orgs, "Utan träff")
    client.force_login(bertil_handlaggare)
    assert listed(client, q="tallback") == {mal.namn, delnamn.namn, delgrupp.namn}
    # Two matching goals, one row.
    assert client.get(reverse("ansokningar:lista"), {"q": "tallback"}).context["page"].paginator.count == 3


def test_filtered_list_queries_do_not_grow(client, anna_sokande, bertil_handlaggare, orgs, kategorier, django_assert_max_num_queries):
    client.force_login(bertil_handlaggare)
    url = reverse("ansokningar:lista")
    params = {"inriktning": "individ", "q": "arbete"}

    def count():
        with django_assert_max_num_queries(30) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    a = submitted(anna_sokande, orgs, "En")
    in_delar(a, kategorier["Individinriktad"])
    one = count()
    for i in range(5):
        b = submitted(anna_sokande, orgs, f"Fler {i}")
        in_delar(b, kategorier["Individinriktad"], kategorier["Strukturövergripande"])
        Mal.objects.create(ansokan=b, typ=Mal.Typ.EFFEKT, text="arbete")
    assert count() == one


def test_a_sokande_is_offered_only_what_their_applications_mention(
    client, anna_sokande, erik_utomstaende, bertil_handlaggare, orgs, kategorier
):
    a = submitted(anna_sokande, orgs, "Annas ansökan")
    client.force_login(anna_sokande)
    form = client.get(reverse("ansokningar:lista")).context["filter"].form
    offered = set(form.fields["organisation"].queryset)
    assert offered == {p.organisation for p in a.parter.all()} and orgs["knivsta"] not in offered
    assert list(form.fields["lokusgrupp"].queryset) == ([a.lokusgrupp] if a.lokusgrupp else [])
    assert form.fields["organisation"].label == "Organisation (insatsägare eller part)"

    client.force_login(erik_utomstaende)  # Knivsta: nothing filed yet
    text = client.get(reverse("ansokningar:lista")).content.decode()
    assert "Det finns inga ansökningar ännu." in text and "Inga ansökningar matchar." not in text
    assert "Inga ansökningar matchar." in client.get(reverse("ansokningar:lista"), {"q": "x"}).content.decode()

    client.force_login(bertil_handlaggare)
    form = client.get(reverse("ansokningar:lista")).context["filter"].form
    assert orgs["knivsta"] in form.fields["organisation"].queryset
