"""The insatser list, detail and edit pages: the query count does not grow
with the insatser, their grants, applications or beslutsförslag."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, Part
from beslut.models import Beslutsforslag
from insatser import services
from tests.factories import make_insats

pytestmark = pytest.mark.django_db
D = datetime.date


def count(client, url, django_assert_max_num_queries, limit=25):
    with django_assert_max_num_queries(limit) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grants(n):
    return [
        {
            "beslutsdatum": D(2010 + i, 3, 1),
            "diarienummer": f"SFU {2010 + i}/{i + 1}",
            "period_fran": D(2010 + i, 4, 1),
            "period_till": D(2011 + i, 3, 31),
            "belopp": 100_000 + i,
        }
        for i in range(n)
    ]


def grow(insats, by, anna, orgs, applications=4):
    """Applications of every kind (drafts, submitted, with another party),
    proposals with versions and history, for one insats."""
    for i in range(applications):
        a = ansokan_services.skapa_ansokan(
            by=anna,
            insatsagare=orgs["alvkarleby"],
            namn=f"Förlängning {i}",
            typ=Ansokan.Typ.TILLAGG,
            insats=insats,
        )
        Part.objects.get_or_create(ansokan=a, organisation=orgs["af"], defaults={"ordning": 1})
        if i % 2:
            Ansokan.objects.filter(pk=a.pk).update(
                status=Ansokan.Status.INLAMNAD,
                inlamnad=timezone.now(),
                diarienummer=f"SFU 2026/{i}",
            )
            Beslutsforslag.objects.create(
                ansokan=a, datum=D(2026, 1, i), titel=a.namn, skapad_av=by
            )
    for namn in ["Tillfälligt namn", insats.namn]:
        insats.refresh_from_db()
        values = {name: getattr(insats, name) for name in services.FALT}
        rows = [
            {"id": g.pk, **{k: getattr(g, k) for k in services.BEVILJANDE_FALT}}
            for g in insats.beviljanden.all()
        ]
        services.andra_insats(
            insats=insats,
            by=by,
            version=insats.version,
            beviljanden=rows,
            **{**values, "namn": namn},
        )


@pytest.fixture
def make(bertil_handlaggare, anna_sokande, orgs, kategorier):
    """make(namn, grants, applications) -> an Älvkarleby insats with that
    many grants, and applications, proposals and history when asked."""

    def build(namn, n_grants, applications=0):
        insats = make_insats(
            bertil_handlaggare,
            orgs["alvkarleby"],
            kategorier["Strukturövergripande"],
            namn=namn,
            grants=grants(n_grants),
        )
        if applications:
            grow(insats, bertil_handlaggare, anna_sokande, orgs, applications)
        return insats

    return build


ROLES = ["bertil_handlaggare", "anna_sokande"]


@pytest.mark.parametrize("role", ROLES)
def test_list_queries_do_not_grow(
    role, request, client, make, orgs, kategorier, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("insatser:lista")
    filtered = (
        f"{url}?status=pagar&q=insats&insatsagare={orgs['alvkarleby'].pk}"
        f"&kategori={kategorier['Strukturövergripande'].pk}&nationell=struktur"
    )
    make("Insats 0", 1)
    one = count(client, url, django_assert_max_num_queries)
    one_filtered = count(client, filtered, django_assert_max_num_queries)
    for i in range(1, 12):
        make(f"Insats {i}", i % 5 + 1, applications=2 if i % 3 == 0 else 0)
    many = count(client, url, django_assert_max_num_queries)
    assert many == one, (one, many)
    # The chosen organisation and category are looked up once each.
    assert count(client, filtered, django_assert_max_num_queries) == one_filtered == one + 2
    print(f"\ninsatser:lista {role}: {one} queries at 1 row, {many} at 12")


@pytest.mark.parametrize(
    ("role", "url_name"),
    [*((r, "insatser:detalj") for r in ROLES), ("bertil_handlaggare", "insatser:redigera")],
)
def test_detail_and_edit_queries_do_not_grow(
    role, url_name, request, client, make, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    one = count(
        client, reverse(url_name, args=[make("Liten", 1).pk]), django_assert_max_num_queries
    )
    big = make("Stor", 15, applications=8)
    many = count(client, reverse(url_name, args=[big.pk]), django_assert_max_num_queries)
    assert many == one, (one, many)
    print(
        f"\n{url_name} {role}: {one} queries with 1 grant, {many} with 15 grants, 8 applications, 4 proposals"
    )


def test_new_insats_page_queries(client, bertil_handlaggare, django_assert_max_num_queries):
    client.force_login(bertil_handlaggare)
    assert count(client, reverse("insatser:ny"), django_assert_max_num_queries) <= 8
