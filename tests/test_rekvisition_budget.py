"""Budget mot utfall on the insats page (issue 11 item 2: "budget versus
actual per category and year"): the budget is what the board granted. The
seed application asks the förbund for 1 540 400 kr (770 200 kr in 2023 and
in 2024); a board that grants 1 400 000 kr has granted a budget of
1 400 000 kr, spread as the application spreads its money, and an insats
paid in full has nothing left of it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ansokningar.budget import dela
from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats

pytestmark = pytest.mark.django_db
D = datetime.date
SOKT = 1_540_400
ANSOKAN = {  # the seed's förbund money per (year, category)
    (2023, "lon"): 681_000, (2023, "lokal"): 43_200, (2023, "ovrig"): 46_000,
    (2024, "lon"): 681_000, (2024, "lokal"): 43_200, (2024, "ovrig"): 46_000,
}  # fmt: skip


def _insats(komplett, belopp):
    insats = Insats.objects.create(namn="Från ansökan", insatsagare=komplett.insatsagare)
    bev = Beviljande.objects.create(
        insats=insats, ansokan=komplett, beslutsdatum=D(2022, 12, 1), organ=Beviljande.Organ.STYRELSE,
        paragraf=12, period_fran=D(2023, 1, 1), period_till=D(2024, 12, 31), belopp=belopp,
    )  # fmt: skip
    return insats, bev


def _budget(insats):
    return {(u.ar, u.kategori): u.budget for u in rek.budget_mot_utfall(insats)}


def _betala_allt(insats, bev, budget, anna, bertil):
    """One claim per year of exactly that year's budget, attested and paid."""
    for ar in (2023, 2024):
        rader = {k: v for (a, k), v in budget.items() if a == ar}
        r = rek.lamna_in(
            insats=insats, beviljande=bev, period=(D(ar, 1, 1), D(ar, 12, 31)), rader=rader, by=anna
        )
        r = rek.attestera(rekvisition=r, by=bertil, version=r.version)
        rek.markera_betald(rekvisition=r, by=bertil, version=r.version, datum=timezone.localdate())


def _tfoot(html):
    foot = html.split('id="i-utfall"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    foot = foot.split("</th>", 1)[1]  # after "Totalt"
    return [re.sub(r"<[^>]+>", "", c).strip() for c in foot.split("</td>")[:-1]]


def test_a_grant_below_the_application_scales_its_budget_to_the_grant(
    client, komplett, anna_sokande, bertil_handlaggare
):
    insats, bev = _insats(komplett, 1_400_000)
    bu = rek.budget_och_utfall(insats)
    assert bu.justeringar == [rek.Justering(bev, SOKT, 1_400_000)] and bu.utan_ansokan == 0
    budget = _budget(insats)
    # Every year as the application spreads its money, every category of a
    # year as the application's, whole kronor adding up to the grant.
    per_ar = {ar: sum(v for (a, _k), v in budget.items() if a == ar) for ar in (2023, 2024)}
    assert (
        per_ar == dela(1_400_000, {2023: 770_200, 2024: 770_200}) == {2023: 700_000, 2024: 700_000}
    )
    for ar in (2023, 2024):
        assert {k: v for (a, k), v in budget.items() if a == ar} == dela(
            700_000, {k: v for (a, k), v in ANSOKAN.items() if a == ar}
        )
    assert budget[2023, "lon"] == 618_930  # 681 000 × 700 000 / 770 200 = 618 930.1
    assert sum(budget.values()) == 1_400_000

    client.force_login(bertil_handlaggare)
    url = reverse("insatser:detalj", args=[insats.pk])
    html = client.get(url).content.decode()
    assert "Ansökans budget justerad till det beviljade beloppet" in html
    assert (
        "Förbundsstyrelsen 1 december 2022, § 12 beviljade 1 400 000 kr av sökta 1 540 400 kr"
        in html.replace("\xa0", " ")
    )
    assert _tfoot(html) == ["1\xa0400\xa0000\xa0kr", "0\xa0kr", "0\xa0kr", "1\xa0400\xa0000\xa0kr"]

    # Paid in full: nothing left, in any row or in total (it showed 140 400 kr).
    _betala_allt(insats, bev, budget, anna_sokande, bertil_handlaggare)
    assert all(u.budget == u.rekvirerat == u.betalt for u in rek.budget_mot_utfall(insats))
    html = client.get(url).content.decode()
    assert _tfoot(html) == [
        "1\xa0400\xa0000\xa0kr",
        "1\xa0400\xa0000\xa0kr",
        "1\xa0400\xa0000\xa0kr",
        "0\xa0kr",
    ]
    assert "140\xa0400" not in html.split('id="i-utfall"')[1]


def test_a_grant_equal_to_the_application_is_its_budget_unchanged(
    client, komplett, anna_sokande, bertil_handlaggare
):
    insats, bev = _insats(komplett, SOKT)
    bu = rek.budget_och_utfall(insats)
    assert bu.justeringar == [] and _budget(insats) == ANSOKAN
    _betala_allt(insats, bev, ANSOKAN, anna_sokande, bertil_handlaggare)
    client.force_login(anna_sokande)
    html = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "justerad till det beviljade beloppet" not in html
    assert _tfoot(html) == [
        "1\xa0540\xa0400\xa0kr",
        "1\xa0540\xa0400\xa0kr",
        "1\xa0540\xa0400\xa0kr",
        "0\xa0kr",
    ]


def test_an_extension_registered_by_hand_adds_no_budget_and_is_said(
    client, komplett, bertil_handlaggare
):
    insats, _bev = _insats(komplett, 1_400_000)
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 11, 1), period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31),
        belopp=200_000,
    )  # fmt: skip
    bu = rek.budget_och_utfall(insats)
    assert bu.utan_ansokan == 200_000 and sum(u.budget for u in bu.rader) == 1_400_000
    client.force_login(bertil_handlaggare)
    html = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "Beslut utan ansökan i systemet (200\xa0000\xa0kr) har ingen budget per kategori" in html


def test_the_budget_per_year_is_what_the_ekonomi_page_commits(anna_sokande, orgs):
    """An application in delar with their own periods (tests/test_ansokan_per_ar):
    its lines are spread over their del's years, not the application's, and
    the insats page's budget per year is the ekonomi page's commitment to the krona."""
    from insatser.ekonomi import ekonomi
    from tests import test_ansokan_per_ar as per_ar

    ansokan = per_ar.i_delar.__wrapped__(anna_sokande, orgs)
    insats = Insats.objects.create(namn="Två faser", insatsagare=orgs["alvkarleby"])
    D = datetime.date
    Beviljande.objects.create(
        insats=insats, ansokan=ansokan, beslutsdatum=D(2026, 11, 1), period_fran=D(2027, 1, 1),
        period_till=D(2029, 12, 31), belopp=2_285_000,
    )  # fmt: skip
    per_ar = {}
    for u in rek.budget_mot_utfall(insats):
        per_ar[u.ar] = per_ar.get(u.ar, 0) + u.budget
    assert per_ar == {e.ar: e.beslutat for e in ekonomi(2027, 2029, riktlinje=False)}
    assert per_ar == {2027: 465_000, 2028: 1_000_000, 2029: 820_000}
