"""Start pages that work (issue 11 item 7): the handläggare's inbox, the
förbundschef's proposals, next meeting and money, the sökande's reports and
claims, the board's money. Each section counts and shows the oldest rows,
every link on each page opens for its role, the outline of headings holds,
and the query count is the same with one row of every kind as with many."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, Komplettering, Underskrift
from beslut.models import Beredning, Beslutsforslag, Organ, Sammantrade, Uppdrag
from insatser.models import Avvikelse, Beviljande, Insats, Rapport, Rekvisition, Rekvisitionsrad
from samordning import start_pages
from tests.formparser import parse

pytestmark = pytest.mark.django_db
D = datetime.date
ROLES = ["anna_sokande", "bertil_handlaggare", "cecilia_forbundschef", "david_ledamot", "elsa_ersattare"]


def bygg(n, orgs, anna, bertil, cecilia, start=0):
    """`n` rows of every kind the start pages list, numbered from `start`:
    applications new, with komplettering answered, under beredning and beredd
    without a proposal; draft proposals; claims filed, attested, returned
    and paid; reports to review, overdue and due soon; avvikelser."""
    idag = timezone.localdate()
    nu = timezone.now()
    insats = Insats.objects.create(namn=f"Steget vidare {start}", insatsagare=orgs["alvkarleby"])
    bev = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 1, 1), period_fran=D(2025, 1, 1), period_till=D(2030, 12, 31), belopp=10**7
    )
    S = Ansokan.Status
    for i in range(start, start + n):
        ansokningar = {}
        for slag, status in [("ny", S.INLAMNAD), ("komp", S.INLAMNAD), ("bered", S.UNDER_BEREDNING), ("redo", S.INLAMNAD)]:
            a = ansokan_services.skapa_ansokan(by=anna, insatsagare=orgs["alvkarleby"], namn=f"{slag} {i}")
            inlamnad = nu - datetime.timedelta(days=30 - i % 30)
            Ansokan.objects.filter(pk=a.pk).update(status=status, inlamnad=inlamnad, diarienummer=f"SFU 2026/{slag}{i}")
            ansokningar[slag] = a
        Komplettering.objects.create(ansokan=ansokningar["komp"], begaran="Budget", begard_av=bertil, besvarad=nu)
        Beredning.objects.create(ansokan=ansokningar["redo"], handlaggare=bertil, rekommendation="bifall")
        Beslutsforslag.objects.create(datum=idag, titel=f"Förslag {i}", skapad_av=cecilia)

        for status, extra in [
            (Rekvisition.Status.INLAMNAD, {}),
            (Rekvisition.Status.ATTESTERAD, {"attesterad": nu, "attesterad_av": bertil}),
            (Rekvisition.Status.RETURNERAD, {"returkommentar": f"Kvitton saknas {i}", "returnerad": nu, "returnerad_av": bertil}),
            (Rekvisition.Status.BETALD, {"attesterad": nu, "attesterad_av": bertil, "betald": idag, "betald_av": bertil}),
        ]:
            r = Rekvisition.objects.create(
                insats=insats, beviljande=bev, period_fran=D(2025, 1, 1), period_till=D(2025, 3, 31),
                status=status, inlamnad_av=anna, inlamnad=nu, **extra,
            )  # fmt: skip
            Rekvisitionsrad.objects.bulk_create(
                [Rekvisitionsrad(rekvisition=r, kategori="lon", belopp=1000 + i),
                 Rekvisitionsrad(rekvisition=r, kategori="lokal", belopp=500)]
            )  # fmt: skip

        def rapport(typ, status, forfaller, i=i, **extra):
            fran = D(2000 + i, 1, 1)
            Rapport.objects.create(
                insats=insats, typ=typ, period_fran=fran, period_till=fran + datetime.timedelta(days=89),
                forfallodatum=forfaller, status=status, **extra,
            )  # fmt: skip

        R = Rapport.Status
        rapport("lagesrapport", R.INLAMNAD, idag - datetime.timedelta(days=3), inlamnad=nu, inlamnad_av=anna)
        rapport("arsrapport", R.EJ_INLAMNAD, idag - datetime.timedelta(days=12 + i))
        rapport("slutrapport", R.KOMPLETTERING, idag + datetime.timedelta(days=5))
        Avvikelse.objects.create(
            insats=insats, vad="Ny lokal", sedan=idag, konsekvenser="Inga", inlamnad_av=anna, inlamnad=nu
        )
    return insats


@pytest.fixture
def folk(orgs, anna_sokande, bertil_handlaggare, cecilia_forbundschef, david_ledamot, elsa_ersattare):
    return {
        "orgs": orgs, "anna": anna_sokande, "bertil": bertil_handlaggare, "cecilia": cecilia_forbundschef,
    }  # fmt: skip


@pytest.fixture
def mote(cecilia_forbundschef):
    styrelsen = Organ.objects.create(namn="Förbundsstyrelsen", typ=Organ.Typ.STYRELSE)
    return Sammantrade.objects.create(
        organ=styrelsen, datum=timezone.localdate() + datetime.timedelta(days=10),
        starttid=datetime.time(13, 15), plats="Kommunhuset", skapad_av=cecilia_forbundschef,
    )  # fmt: skip


def page(client, user):
    client.force_login(user)
    response = client.get(reverse("start"))
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_handlaggare_sees_every_kind_waiting_with_counts_and_the_oldest_first(client, folk):
    bygg(7, **folk)
    html = page(client, folk["bertil"])
    t = text(html)
    for rubrik in ["Nya ansökningar 7", "Komplettering inkommen 7", "Under beredning 14", "Rapporter att granska 7",
                   "Försenade rapporter 7", "Rapporter som ska in inom 14 dagar 7", "Rekvisitioner att attestera 7",
                   "Attesterade, inte betalda 7", "Avvikelser att hantera 7"]:  # fmt: skip
        assert rubrik in t, rubrik
    assert t.count("Visar 5 av 7.") == 8 and "Visar 5 av 14." in t
    assert f'href="{reverse("ansokningar:lista")}?status=inlamnad">Alla inlämnade ansökningar' in html
    # The longest overdue first, with its days: "arsrapport" of row i is 12 + i days late.
    assert "18 dagar sen" in t and "14 dagar sen" in t and "13 dagar sen" not in t
    # Each row leads to its own page, each section to its full list.
    forst = start_pages.inkorg(folk["bertil"])
    for url in [
        reverse("insatser:rekvisition", args=[forst["att_attestera"].rader[0].pk]),
        reverse("insatser:rapport", args=[forst["forsenade"].rader[0].pk]),
        reverse("insatser:avvikelse", args=[forst["avvikelser"].rader[0].insats_id, forst["avvikelser"].rader[0].pk]),
        reverse("insatser:rekvisitioner") + "?status=inlamnad",
        reverse("insatser:rapporter_forfallna") + "#f-granska",
    ]:
        assert f'href="{url}"' in html, url
    # Amounts are the claims' rows summed, as kronor.
    assert "1\xa0500\xa0kr" in html
    ctx = start_pages.inkorg(folk["bertil"])
    assert [r.forfallodatum for r in ctx["forsenade"].rader] == sorted(r.forfallodatum for r in ctx["forsenade"].rader)
    assert {a.namn.split()[0] for a in ctx["nya"].rader} == {"ny"}
    # Nobody has signed the built applications: beredning cannot start yet, and the row says so.
    assert all(a.vantar_underskrift for a in ctx["nya"].rader) and "Väntar på underskrifter" in t
    forsta = Ansokan.objects.get(pk=ctx["nya"].rader[0].pk)
    for part in forsta.parter.all():
        Underskrift.objects.create(ansokan=forsta, part=part, anvandare=folk["anna"], namn="Anna",
                                   organisation=part.organisation.namn, version=forsta.version)  # fmt: skip
    signerade = [a.vantar_underskrift for a in start_pages.inkorg(folk["bertil"])["nya"].rader]
    assert signerade == [False, True, True, True, True]
    assert {a.namn.split()[0] for a in ctx["kompletteringar"].rader} == {"komp"}
    assert {a.namn.split()[0] for a in ctx["beredning"].rader} <= {"bered", "redo"}


def test_an_empty_inbox_says_so_section_by_section(client, folk):
    t = text(page(client, folk["bertil"]))
    for tom in ["Inga nya ansökningar.", "Inga kompletteringar väntar.", "Inga rapporter väntar på granskning.",
                "Inga rapporter är försenade.", "Inga rekvisitioner väntar på attest.",
                "Inga avvikelserapporter väntar."]:  # fmt: skip
        assert tom in t
    assert "Visar" not in t


def test_the_forbundschef_sees_proposals_to_write_the_next_meeting_and_the_inbox(client, folk, mote):
    bygg(2, **folk)
    html = page(client, folk["cecilia"])
    t = text(html)
    assert "Beredda ansökningar utan beslutsförslag 2" in t and "Förslag som inte är fastställda 2" in t
    assert reverse("beslut:sammantrade", args=[mote.pk]) in html
    assert f"Förbundsstyrelsen {mote.datum.day}" in t and "Kallelsen är inte skickad." in t
    assert "0 beslutsärenden på föredragningslistan." in t
    assert "Ärenden att handlägga" in t and "Rekvisitioner att attestera 2" in t
    assert "Pengar " in t  # the year's money at a glance
    # A proposal drafted for a beredd application takes it off the list.
    redo = Ansokan.objects.filter(namn__startswith="redo").first()
    Beslutsforslag.objects.create(ansokan=redo, datum=timezone.localdate(), titel="x", skapad_av=folk["cecilia"])
    assert "Beredda ansökningar utan beslutsförslag 1" in text(page(client, folk["cecilia"]))


def test_the_sokande_sees_reports_due_and_claims_with_a_returned_ones_comment(client, folk, erik_utomstaende):
    bygg(2, **folk)
    t = text(page(client, folk["anna"]))
    assert "Rapporter att lämna 4" in t  # overdue and due soon; the submitted ones are the kansli's
    assert "13 dagar sen" in t
    assert "Rekvisitioner 8" in t and "Returnerad" in t and "Kansliets kommentar: Kvitton saknas 1" in t
    # The returned claims come first, until a corrected claim replaces one.
    rader = start_pages._rekvisitioner_for_sokande(folk["anna"])
    assert [r.status for r in rader[:3]][:2] == ["returnerad", "returnerad"] and rader[2].status != "returnerad"
    retur = rader[0]
    Rekvisition.objects.create(
        insats=retur.insats, beviljande=retur.beviljande, period_fran=retur.period_fran,
        period_till=retur.period_till, inlamnad_av=folk["anna"], inlamnad=timezone.now(), ersatter=retur,
    )  # fmt: skip
    rader = start_pages._rekvisitioner_for_sokande(folk["anna"])
    assert rader[0].status == "returnerad" and rader[0].pk != retur.pk and rader[1].status != "returnerad"
    assert "ersatt av en ny rekvisition" in text(page(client, folk["anna"]))
    # Another organisation's sökande sees none of it.
    t = text(page(client, erik_utomstaende))
    assert "Inga rapporter ska lämnas just nu." in t and "Inga rekvisitioner ännu." in t


@pytest.mark.parametrize("role", ["david_ledamot", "elsa_ersattare"])
def test_the_board_sees_the_years_money(role, request, client, folk):
    html = page(client, request.getfixturevalue(role))
    t = text(html)
    assert "Kommande sammanträden" in t and f"Pengar {timezone.localdate().year}" in t
    assert f'href="{reverse("insatser:ekonomi")}?ar=' in html


def _headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


@pytest.mark.parametrize("role", ROLES[:4])  # the ersättare's page is the ledamot's
def test_every_link_opens_and_the_outline_holds(role, request, client, folk, mote, monkeypatch):
    """Every link on the role's start page, with rows of every kind present
    and more than a section shows (so its "Visa alla" link is there),
    answers below 400 for that role; headings never skip a level."""
    monkeypatch.setattr(start_pages, "RADER", 2)
    bygg(3, **folk)
    user = request.getfixturevalue(role)
    if user.is_styrelse:  # the board reads a meeting once it is called, of an organ they sit in
        Uppdrag.objects.create(organ=mote.organ, person=user, roll=user.roll, organisation=folk["orgs"]["region"],
                               fran=D(2020, 1, 1))  # fmt: skip
        Sammantrade.objects.filter(pk=mote.pk).update(status=Sammantrade.Status.KALLAT, kallelse_skickad=timezone.now())
    url = reverse("start")
    html = page(client, user)
    levels = _headings(html)
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    _, links = parse(html, url)
    paths = {link.split("#")[0] for link in links if link.startswith("/") and not link.startswith("//")}
    assert len(paths) > 6, paths
    dead = [(p, s) for p in sorted(paths) if (s := client.get(p).status_code) >= 400]
    assert not dead, (role, dead)


def count(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("start")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role, most", [
    ("anna_sokande", 10), ("bertil_handlaggare", 12), ("cecilia_forbundschef", 19), ("david_ledamot", 11),
])  # fmt: skip
def test_the_query_count_does_not_grow_with_the_rows(role, most, request, client, folk, mote):
    user = request.getfixturevalue(role)
    bygg(1, **folk)
    one = count(client, user)
    assert one <= most
    bygg(12, **folk, start=1)
    assert count(client, user) == one
