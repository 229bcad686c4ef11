"""The list of claims as a sökande reads it (issue 11 item 7: the sökande's
claims and their state): their organisations' claims only, newest first,
by status in their own words, linked from their start page when it shows
only the latest; another organisation's sökande sees an empty list."""

import datetime
import re

import pytest
from django.urls import reverse

from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats, Rekvisition

pytestmark = pytest.mark.django_db
D = datetime.date
LISTA = "insatser:rekvisitioner"


def _insats(org, namn):
    insats = Insats.objects.create(namn=namn, insatsagare=org)
    bev = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 12, 10), period_fran=D(2026, 1, 1), period_till=D(2026, 12, 31),
        belopp=1_000_000,
    )  # fmt: skip
    return insats, bev


def _claims(insats, bev, by, n, month=1):
    return [
        rek.lamna_in(
            insats=insats,
            beviljande=bev,
            period=(D(2026, month, 1), D(2026, month, 28)),
            rader={"lon": 1_000 + i},
            by=by,
        )
        for i in range(n)
    ]


@pytest.fixture
def egna(orgs, anna_sokande):
    insats, bev = _insats(orgs["alvkarleby"], "Steget vidare")
    insats.samverkansparter.add(orgs["af"])
    return insats, bev


@pytest.fixture
def andras(orgs, erik_utomstaende):
    """Knivsta's insats with a claim of its own: never in Älvkarleby's list."""
    insats, bev = _insats(orgs["knivsta"], "Knivstas insats")
    return _claims(insats, bev, erik_utomstaende, 1)[0]


def _shown(client, query=None):
    html = client.get(reverse(LISTA), query or {}).content.decode()
    return [int(pk) for pk in re.findall(r'href="/insatser/rekvisitioner/(\d+)/"', html)], html


def test_a_sokande_lists_their_organisations_claims_only_newest_first(
    client, egna, andras, anna_sokande, erik_utomstaende, karin_af, bertil_handlaggare
):
    insats, bev = egna
    forsta, andra = _claims(insats, bev, anna_sokande, 2)
    rek.attestera(rekvisition=andra, by=bertil_handlaggare, version=andra.version)
    assert (
        reverse("insatser:rekvisition", args=[forsta.pk]) == f"/insatser/rekvisitioner/{forsta.pk}/"
    )

    client.force_login(anna_sokande)
    shown, html = _shown(client)
    assert shown == [andra.pk, forsta.pk]  # newest first, Knivsta's claim not there
    assert "2 rekvisitioner från er organisation, senast inlämnad först" in html
    # Their statuses in their words: they attest nothing.
    assert "Inlämnade, väntar på attest" in html and "Att attestera" not in html
    assert _shown(client, {"status": "inlamnad"})[0] == [forsta.pk]
    assert _shown(client, {"status": "attesterad"})[0] == [andra.pk]
    assert _shown(client, {"status": "okänd"})[0] == [andra.pk, forsta.pk]

    # Another organisation's sökande: their own claim only, none of Älvkarleby's.
    client.force_login(erik_utomstaende)
    assert _shown(client)[0] == [andras.pk]
    # A samverkanspart runs the insats but does not claim its money: an empty list.
    client.force_login(karin_af)
    shown, html = _shown(client)
    assert shown == [] and "Inga rekvisitioner matchar." in html

    # The kansli: every claim, oldest first, in its work-queue words.
    client.force_login(bertil_handlaggare)
    shown, html = _shown(client)
    assert shown == [andras.pk, forsta.pk, andra.pk] and "Att attestera" in html


def test_the_start_page_links_to_all_of_them(client, egna, anna_sokande, erik_utomstaende):
    insats, bev = egna
    claims = _claims(insats, bev, anna_sokande, 11)
    client.force_login(anna_sokande)
    html = client.get(reverse("start")).content.decode()
    section = html.split('id="rubrik-rekvisitioner"')[1].split("</section>")[0]
    assert "Visar 10 av 11." in section
    assert f'href="{reverse(LISTA)}">Alla era rekvisitioner</a>' in section
    assert sorted(_shown(client)[0]) == sorted(c.pk for c in claims)
    # With few claims the link stays (the list filters by status), without "Visar".
    client.force_login(erik_utomstaende)
    _claims(*_insats(erik_utomstaende.organisationer.get(), "Knivstas"), erik_utomstaende, 1)
    section = client.get(reverse("start")).content.decode().split('id="rubrik-rekvisitioner"')[1]
    assert "Visar" not in section.split("</section>")[0] and "Alla era rekvisitioner" in section


def _count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_sokandes_list_does_not_grow_in_queries_with_the_claims(
    client,
    egna,
    andras,
    anna_sokande,
    erik_utomstaende,
    bertil_handlaggare,
    django_assert_max_num_queries,
):
    insats, bev = egna
    _claims(insats, bev, anna_sokande, 1)
    urls = [reverse(LISTA), reverse(LISTA) + "?status=inlamnad"]
    client.force_login(anna_sokande)
    one = [_count(client, url, django_assert_max_num_queries) for url in urls]
    other, other_bev = _insats(anna_sokande.organisationer.get(), "Andra insatsen")
    for r in _claims(insats, bev, anna_sokande, 6, month=2) + _claims(
        other, other_bev, anna_sokande, 6, month=3
    ):
        if r.pk % 2:
            rek.attestera(rekvisition=r, by=bertil_handlaggare, version=r.version)
    _claims(*_insats(erik_utomstaende.organisationer.get(), "Knivstas andra"), erik_utomstaende, 3)
    assert Rekvisition.objects.count() == 17
    many = [_count(client, url, django_assert_max_num_queries) for url in urls]
    assert many == one, (one, many)
    print(f"\nthe sökande's list of claims: {one[0]} queries with 1 claim and with 13")
