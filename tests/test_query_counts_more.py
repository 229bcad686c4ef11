"""The remaining list pages: start pages, inriktningar and the clause
library keep their query count whatever the number of rows."""

import pytest
from django.urls import reverse

from ansokningar import seed
from ansokningar import services as ansokan_services
from beslut import klausuler
from beslut.models import Klausul, Verksamhetsinriktning

pytestmark = pytest.mark.django_db


def queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def submit(anna_sokande, orgs):
    seed.ensure_categories()

    def make(n):
        for _ in range(n):
            a = seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})
            ansokan_services.lamna_in(ansokan=a, by=anna_sokande)

    return make


@pytest.mark.parametrize("role", ["anna_sokande", "bertil_handlaggare", "cecilia_forbundschef"])
def test_start_pages(role, request, client, submit, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(role))
    submit(1)
    one = queries(client, reverse("start"), django_assert_max_num_queries)
    submit(5)
    assert queries(client, reverse("start"), django_assert_max_num_queries) == one


def test_inriktningar_and_library(client, cecilia_forbundschef, django_assert_max_num_queries):
    kategorier, malgrupper = seed.ensure_categories()
    klausuler.load_defaults(Klausul)
    client.force_login(cecilia_forbundschef)

    def add_year(ar):
        i = Verksamhetsinriktning.objects.create(ar=ar, ram=1_000_000)
        i.prioriterade_malgrupper.set(malgrupper.values())
        for k in kategorier.values():
            i.fordelning.create(kategori=k, procent=10)

    add_year(2020)
    one = queries(client, reverse("beslut:inriktningar"), django_assert_max_num_queries)
    lib = queries(client, reverse("beslut:klausuler"), django_assert_max_num_queries)
    for ar in range(2021, 2027):
        add_year(ar)
    Klausul.objects.bulk_create([Klausul(namn=f"K{i}", typ="ovrigt", text="x") for i in range(20)])
    assert queries(client, reverse("beslut:inriktningar"), django_assert_max_num_queries) == one
    assert queries(client, reverse("beslut:klausuler"), django_assert_max_num_queries) == lib
