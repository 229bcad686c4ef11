"""The Uppföljning Finsam export runs the same number of queries for one
insats as for many, with their grants, applications in delar, claims and
reports: no query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ansokningar import services as ansokan_services
from ansokningar.models import Budgetbelopp, Budgetrad, Del, Part
from insatser import export
from insatser.models import Beviljande, Insats, Rapport, Rekvisition, Rekvisitionsrad

pytestmark = pytest.mark.django_db
D = datetime.date
QUERIES = 11  # the insatser; the parties; every grant (light); the grants in the years and their applications' parts, delar, budget lines, amounts and yearly splits; the paid sums; the reports


@pytest.fixture
def make(orgs, kategorier, anna_sokande):
    def make(n):
        for i in range(n):
            a = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=f"A{i}")
            a.startdatum, a.slutdatum, a.malgrupp = D(2022, 1, 1), D(2024, 12, 31), f"Målgrupp {i}"
            a.save()
            part = Part.objects.get(ansokan=a)
            Budgetrad.objects.filter(ansokan=a).delete()
            for ordning, (fran, till) in enumerate([(D(2022, 1, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2024, 12, 31))]):
                d = Del.objects.create(ansokan=a, ordning=ordning, namn=f"Del {ordning}", startdatum=fran,
                                       slutdatum=till, kategori=kategorier["Individinriktad"])  # fmt: skip
                rad = Budgetrad.objects.create(ansokan=a, avsnitt="lon", benamning="Coach", del_av=d)
                Budgetbelopp.objects.create(rad=rad, part=part, belopp=120_000)
            insats = Insats.objects.create(namn=f"Insats {i:03}", insatsagare=orgs["alvkarleby"],
                                           kategori=kategorier["Strukturövergripande"])  # fmt: skip
            insats.samverkansparter.set([orgs["af"], orgs["region"]])
            bev = Beviljande.objects.create(insats=insats, beslutsdatum=D(2021, 12, 1), period_fran=D(2022, 1, 1),
                                            period_till=D(2024, 12, 31), belopp=240_000, ansokan=a)  # fmt: skip
            Beviljande.objects.create(insats=insats, beslutsdatum=D(2024, 12, 1), period_fran=D(2025, 1, 1),
                                      period_till=D(2025, 12, 31), belopp=50_000)  # fmt: skip
            for ar in (2022, 2023, 2024):
                r = Rekvisition.objects.create(
                    insats=insats, beviljande=bev, period_fran=D(ar, 1, 1), period_till=D(ar, 6, 30),
                    status=Rekvisition.Status.BETALD, betald=D(ar, 8, 1), inlamnad_av=anna_sokande,
                    inlamnad=timezone.now(),
                )  # fmt: skip
                Rekvisitionsrad.objects.create(rekvisition=r, kategori="lon", belopp=10_000)
                Rapport.objects.create(insats=insats, typ=Rapport.Typ.LAGESRAPPORT, period_fran=D(ar, 1, 1),
                                       period_till=D(ar, 3, 31), forfallodatum=D(ar, 4, 30),
                                       status=Rapport.Status.GODKAND, nya_kvinnor=2, nya_man=1)  # fmt: skip

    return make


def count(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


@pytest.mark.parametrize("per_del", [False, True])
def test_the_rows_take_the_same_queries_for_one_and_many(make, per_del):
    make(1)
    one, rows = count(lambda: export.rader(2021, 2025, per_del=per_del))
    # 2022–2025; per del: the dels' 1 + 2 years, and the whole insats's
    # 2022–2024 (its claims and reports) and 2025 (the grant without an application)
    assert len(rows) == (4 if not per_del else 7)
    make(9)
    many, rows = count(lambda: export.rader(2021, 2025, per_del=per_del))
    assert len(rows) == 10 * (4 if not per_del else 7)
    assert one == many == QUERIES, (one, many)


def test_the_download_takes_the_same_queries_for_one_and_many(client, make, bertil_handlaggare):
    client.force_login(bertil_handlaggare)
    url = reverse("insatser:export")
    params = {"fran": 2021, "till": 2025, "niva": "del", "format": "xlsx"}
    make(1)
    client.get(url, params)  # sessions and the like warmed up
    one, response = count(lambda: client.get(url, params))
    assert response.status_code == 200
    make(9)
    many, response = count(lambda: client.get(url, params))
    assert response.status_code == 200
    assert one == many, (one, many)
