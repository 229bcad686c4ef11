"""List and detail pages: the query count does not grow with the rows."""

import pytest
from django.urls import reverse

from ansokningar import seed, services
from ansokningar.models import Ansokan
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_applications(anna_sokande, orgs):
    seed.ensure_categories()
    named = {o.namn: o for o in orgs.values()}

    def make(n):
        made = []
        for _ in range(n):
            a = seed.build_seed_application(by=anna_sokande, orgs=named)
            services.lamna_in(ansokan=a, by=anna_sokande)
            made.append(a)
        return made

    return make


def count(client, url, django_assert_max_num_queries, limit=30):
    with django_assert_max_num_queries(limit) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["bertil_handlaggare", "anna_sokande"])
def test_list_queries_do_not_grow(role, request, client, make_applications, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(role))
    url = reverse("ansokningar:lista")
    make_applications(1)
    one = count(client, url, django_assert_max_num_queries)
    make_applications(6)
    assert count(client, url, django_assert_max_num_queries) == one
    filtered = url + "?status=inlamnad&q=studier&inriktning=individ&ar=2026"
    assert count(client, filtered, django_assert_max_num_queries) == one


def test_detail_queries_do_not_grow_with_the_case(client, make_applications, bertil_handlaggare, django_assert_max_num_queries):
    from ansokningar.models import Budgetbelopp, Budgetrad, Del, Mal, Part

    client.force_login(bertil_handlaggare)
    small = make_applications(1)[0]
    base = count(client, reverse("ansokningar:detalj", args=[small.pk]), django_assert_max_num_queries)

    big = make_applications(1)[0]
    extra = [OrganisationFactory() for _ in range(4)]
    parts = [Part.objects.create(ansokan=big, organisation=o, ordning=10 + i) for i, o in enumerate(extra)]
    delar = []
    for i in range(3):
        d = Del.objects.create(ansokan=big, namn=f"Del {i}", ordning=i)
        delar.append(d)
        Mal.objects.bulk_create([Mal(ansokan=big, del_av=d, typ="effekt", text=f"Mål {j}") for j in range(5)])
    for i in range(15):
        rad = Budgetrad.objects.create(
            ansokan=big, avsnitt="lon", benamning=f"Tjänst {i}", ordning=50 + i, del_av=delar[i % 3]
        )
        Budgetbelopp.objects.bulk_create([Budgetbelopp(rad=rad, part=p, belopp=1000) for p in parts])
    for user in [UserFactory(organisationer=[o]) for o in extra]:
        services.signera(ansokan=big, part=big.parter.get(organisation=user.organisationer.get()), by=user)
    assert count(client, reverse("ansokningar:detalj", args=[big.pk]), django_assert_max_num_queries) == base


def test_edit_page_queries_do_not_grow(client, anna_sokande, orgs, django_assert_max_num_queries):
    seed.ensure_categories()
    named = {o.namn: o for o in orgs.values()}
    client.force_login(anna_sokande)
    a = seed.build_seed_application(by=anna_sokande, orgs=named)
    base = count(client, reverse("ansokningar:redigera", args=[a.pk]), django_assert_max_num_queries, 40)
    b = seed.build_seed_application(by=anna_sokande, orgs=named)
    from ansokningar.models import Budgetbelopp, Budgetrad

    part = b.parter.first()
    for i in range(20):
        rad = Budgetrad.objects.create(ansokan=b, avsnitt="ovrig", benamning=f"Rad {i}", ordning=80 + i)
        Budgetbelopp.objects.create(rad=rad, part=part, belopp=100)
    assert count(client, reverse("ansokningar:redigera", args=[b.pk]), django_assert_max_num_queries, 40) == base


def test_edit_page_with_delar_queries_do_not_grow(client, anna_sokande, orgs, django_assert_max_num_queries):
    from ansokningar.models import Budgetrad, Del

    seed.ensure_categories()
    named = {o.namn: o for o in orgs.values()}
    client.force_login(anna_sokande)
    a = seed.build_seed_application(by=anna_sokande, orgs=named)
    Del.objects.create(ansokan=a, namn="Del A")
    base = count(client, reverse("ansokningar:redigera", args=[a.pk]), django_assert_max_num_queries, 40)
    b = seed.build_seed_application(by=anna_sokande, orgs=named)
    delar = [Del.objects.create(ansokan=b, namn=f"Del {i}", ordning=i) for i in range(4)]
    for i, rad in enumerate(Budgetrad.objects.filter(ansokan=b)):
        rad.del_av = delar[i % 4]
        rad.save()
    assert count(client, reverse("ansokningar:redigera", args=[b.pk]), django_assert_max_num_queries, 40) == base


def test_tillaggsansokan_detail_and_pdf_queries_do_not_grow(
    client, anna_sokande, bertil_handlaggare, orgs, settings, tmp_path, django_assert_max_num_queries
):
    import datetime

    from django.core.files.base import ContentFile

    from ansokningar.models import Bilaga
    from ansokningar.pdf import render_ansokan_pdf
    from insatser.models import Beviljande, Insats

    settings.MEDIA_ROOT = tmp_path
    seed.ensure_categories()
    named = {o.namn: o for o in orgs.values()}
    client.force_login(bertil_handlaggare)

    def tillagg(grants, attachments):
        insats = Insats.objects.create(namn=f"Insats med {grants}", insatsagare=orgs["alvkarleby"])
        for i in range(grants):
            Beviljande.objects.create(
                insats=insats, beslutsdatum=datetime.date(2019 + i, 3, 1), period_fran=datetime.date(2019 + i, 4, 1),
                period_till=datetime.date(2020 + i, 3, 31), belopp=100_000,
            )  # fmt: skip
        a = seed.build_seed_application(by=anna_sokande, orgs=named)
        Ansokan.objects.filter(pk=a.pk).update(typ="tillagg", insats=insats)
        for i in range(attachments):
            Bilaga.objects.create(
                ansokan=a, fil=ContentFile(b"%PDF-1.4", name=f"b{i}.pdf"), filnamn=f"b{i}.pdf", typ="pdf",
                storlek=8, uppladdad_av=anna_sokande,
            )  # fmt: skip
        services.lamna_in(ansokan=a, by=anna_sokande)
        return a

    def pdf_queries(a):
        with django_assert_max_num_queries(30) as ctx:
            render_ansokan_pdf(a, use_cache=False)
        return len(ctx.captured_queries)

    one = tillagg(1, 1)
    detail = count(client, reverse("ansokningar:detalj", args=[one.pk]), django_assert_max_num_queries)
    pdf = pdf_queries(one)
    many = tillagg(6, 5)
    assert count(client, reverse("ansokningar:detalj", args=[many.pk]), django_assert_max_num_queries) == detail
    assert pdf_queries(many) == pdf
