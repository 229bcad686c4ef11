"""Ekonomi per year (issue 11, item 5): the year's funds from the members'
contributions and eget kapital, what the decisions commit (multi-year grants
spread by whole months), what is left, and the allocation against the
year's guideline; every figure recomputed here by hand, to the krona."""

import datetime
from decimal import Decimal

import pytest

from beslut.models import Fordelning, Verksamhetsinriktning
from insatser.ekonomi import KOMMUNER, OVRIGA, REGION, STAT, ekonomi
from insatser.models import Arsbudget, Beviljande, Insats, Medlemsbidrag
from tests import test_ansokan_per_ar as per_ar

pytestmark = pytest.mark.django_db
D = datetime.date


def insats(org, kategori, namn, *grants):
    """An insats with its grants: (from, to, kr)."""
    i = Insats.objects.create(namn=namn, insatsagare=org, kategori=kategori)
    for fran, till, kr in grants:
        Beviljande.objects.create(
            insats=i, beslutsdatum=fran, period_fran=fran, period_till=till, belopp=kr
        )
    return i


@pytest.fixture
def bok(orgs, kategorier):
    """Three years of one förbund: a two-year grant from April 2025, and in
    2026 two more grants; the 2026 funds and guideline 60/30/10."""
    individ, struktur = kategorier["Individinriktad"], kategorier["Strukturövergripande"]
    insats(orgs["alvkarleby"], individ, "Lokussamordnare", (D(2025, 4, 1), D(2027, 3, 31), 360_001))
    insats(
        orgs["region"], struktur, "Gemensam kartläggning", (D(2026, 1, 1), D(2026, 12, 31), 100_000)
    )
    insats(orgs["knivsta"], individ, "Unga till arbete", (D(2026, 7, 15), D(2026, 12, 31), 50_000))
    budget = Arsbudget.objects.create(ar=2026, eget_kapital=200_000)
    for org, kr in [
        ("fk", 400_000),
        ("region", 200_000),
        ("alvkarleby", 120_000),
        ("knivsta", 80_000),
    ]:
        Medlemsbidrag.objects.create(arsbudget=budget, organisation=orgs[org], belopp=kr)
    inriktning = Verksamhetsinriktning.objects.create(ar=2026, ram=900_000)
    for namn, procent in [
        ("Individinriktad", 60),
        ("Strukturövergripande", 30),
        ("Kompetenshöjande", 10),
    ]:
        Fordelning.objects.create(inriktning=inriktning, kategori=kategorier[namn], procent=procent)
    return budget


def by_year(ar_fran, ar_till, **kwargs):
    return {e.ar: e for e in ekonomi(ar_fran, ar_till, **kwargs)}


def test_a_multi_year_grant_is_spread_by_months_and_adds_up_to_the_grant(orgs, kategorier):
    insats(
        orgs["alvkarleby"],
        kategorier["Individinriktad"],
        "Lokus",
        (D(2025, 4, 1), D(2027, 3, 31), 360_001),
    )
    years = by_year(2024, 2028)
    # 9, 12 and 3 of 24 months: 135 000,375 / 180 000,5 / 45 000,125; the
    # krona left goes to the largest remainder, 2026.
    assert [years[a].beslutat for a in range(2024, 2029)] == [0, 135_000, 180_001, 45_000, 0]
    assert sum(e.beslutat for e in years.values()) == 360_001


def test_two_grants_in_a_year_add_up_with_the_multi_year_one(bok):
    year = by_year(2026, 2026)[2026]
    # 180 001 (its 12 months of 24) + 100 000 + 50 000 (July–December, all of it)
    assert year.beslutat == 180_001 + 100_000 + 50_000 == 330_001


def test_the_funds_and_the_shares_per_member_type(bok, orgs):
    year = by_year(2026, 2026)[2026]
    assert year.har_budget
    assert year.bidrag == 800_000
    assert year.eget_kapital == 200_000
    assert year.medel == 1_000_000
    assert year.bidrag_per_typ == {STAT: 400_000, REGION: 200_000, KOMMUNER: 200_000, OVRIGA: 0}
    assert year.bidrag_per_medlem == [
        (orgs["fk"], 400_000), (orgs["knivsta"], 80_000), (orgs["region"], 200_000), (orgs["alvkarleby"], 120_000),
    ]  # fmt: skip


def test_what_is_left_is_the_funds_minus_what_is_committed(bok):
    years = by_year(2025, 2027)
    assert years[2026].kvar == 1_000_000 - 330_001 == 669_999
    # A year without funds entered: what is committed shows as a deficit.
    assert not years[2025].har_budget
    assert years[2025].kvar == -135_000
    assert years[2027].kvar == -45_000


def test_without_claims_nothing_is_paid(bok):
    year = by_year(2026, 2026)[2026]
    assert year.betalt == 0
    assert year.kvar_att_betala == 330_001


def test_the_money_at_a_glance_is_the_years_figures(bok, django_assert_max_num_queries):
    from insatser.ekonomi import pengar_i_korthet

    with django_assert_max_num_queries(9):
        pengar = pengar_i_korthet(2026)
    assert (pengar.ar, pengar.medel, pengar.beslutat, pengar.betalt, pengar.kvar) == (
        2026, 1_000_000, 330_001, 0, 669_999,
    )  # fmt: skip
    assert pengar.riktlinje == []


def test_the_allocation_compared_with_the_guideline(bok, kategorier):
    year = by_year(2026, 2026)[2026]
    rows = [(r.kategori.namn, r.beslutat, r.procent, r.andel) for r in year.riktlinje]
    assert rows == [
        ("Individinriktad", 230_001, 60, Decimal("69.7")),  # 230 001 / 330 001 = 69,697 %
        ("Strukturövergripande", 100_000, 30, Decimal("30.3")),
        ("Kompetenshöjande", 0, 10, Decimal("0.0")),
    ]
    assert sum(r.beslutat for r in year.riktlinje) == year.beslutat


def test_an_insats_without_category_is_its_own_row(orgs):
    insats(orgs["alvkarleby"], None, "Äldre insats", (D(2026, 1, 1), D(2026, 6, 30), 10_000))
    year = by_year(2026, 2026)[2026]
    assert [(r.kategori, r.beslutat, r.procent, r.andel) for r in year.riktlinje] == [
        (None, 10_000, None, Decimal("100.0"))
    ]


def test_a_year_range_backwards_is_empty():
    assert ekonomi(2027, 2026) == []


@pytest.mark.parametrize("n", [1, 30])
def test_the_query_count_does_not_grow_with_insatser_or_years(
    bok, orgs, kategorier, n, django_assert_max_num_queries
):
    for i in range(n):
        insats(orgs["knivsta"], kategorier["Kompetenshöjande"], f"Insats {i}",
               (D(2020 + i % 8, 2, 1), D(2022 + i % 8, 5, 31), 100_000 + i),
               (D(2024, 1, 1), D(2024, 12, 31), 1_000))  # fmt: skip
    with django_assert_max_num_queries(10):
        years = ekonomi(2020, 2031)
    assert len(years) == 12
    # Every grant is in full in the years: nothing lost or counted twice.
    total = sum(b.belopp for b in Beviljande.objects.all())
    assert sum(e.beslutat for e in years) == total


@pytest.fixture
def i_delar(anna_sokande, orgs):
    """The application in two delar of tests/test_ansokan_per_ar.py, whose
    money per year is worked out by hand there (per_ar.EXPECTED)."""
    return per_ar.i_delar.__wrapped__(anna_sokande, orgs)


def grant(insats_, ansokan, belopp):
    fran, till = D(2027, 1, 1), D(2029, 12, 31)  # the application's period
    return Beviljande.objects.create(
        insats=insats_,
        ansokan=ansokan,
        beslutsdatum=fran,
        period_fran=fran,
        period_till=till,
        belopp=belopp,
    )


def test_a_granted_application_commits_its_own_years(i_delar, orgs):
    """Its lines follow their del, own dates or the application's period,
    not the grant's months."""
    grant(insats(orgs["alvkarleby"], None, "Två faser"), i_delar, 2_285_000)
    assert {e.ar: e.beslutat for e in ekonomi(2027, 2029)} == per_ar.EXPECTED
    # The board granted less than applied for: the decision's months decide.
    Beviljande.objects.filter(ansokan=i_delar).update(belopp=2_000_000)
    assert [e.beslutat for e in ekonomi(2027, 2029)] == [666_667, 666_667, 666_666]


@pytest.mark.parametrize("n", [1, 5])
def test_the_query_count_with_granted_applications(
    i_delar, anna_sokande, orgs, n, django_assert_max_num_queries
):
    """n grants of one application, and n more of n applications of their own."""
    for k in range(n):
        grant(insats(orgs["alvkarleby"], None, f"Två faser {k}"), i_delar, 2_285_000)
        egen = per_ar.i_delar.__wrapped__(anna_sokande, orgs)
        grant(insats(orgs["alvkarleby"], None, f"Egen {k}"), egen, 2_285_000)
    with django_assert_max_num_queries(11):
        years = ekonomi(2020, 2031)
    assert sum(e.beslutat for e in years) == 2 * n * 2_285_000
    assert {e.ar: e.beslutat for e in years if e.beslutat} == {
        ar: 2 * n * kr for ar, kr in per_ar.EXPECTED.items()
    }


def test_an_application_budget_outside_the_decisions_years_is_not_used(i_delar, orgs):
    """The decision's period ends a year before the application's budget:
    the decision's own months decide, so no year outside it gets money."""
    b = grant(insats(orgs["alvkarleby"], None, "Två faser"), i_delar, 2_285_000)
    Beviljande.objects.filter(pk=b.pk).update(period_till=D(2028, 12, 31))
    assert [e.beslutat for e in ekonomi(2027, 2029)] == [1_142_500, 1_142_500, 0]


def claim(user, beviljande, status, betald, *belopp, period=None):
    """A claim on `beviljande` with one row per category (lon, lokal, ovrig),
    for `period` (default the grant's first day)."""
    from django.utils import timezone

    from insatser.models import Rekvisition

    fran, till = period or (beviljande.period_fran, beviljande.period_fran)
    r = Rekvisition.objects.create(
        insats=beviljande.insats, beviljande=beviljande, period_fran=fran,
        period_till=till, status=status, betald=betald,
        inlamnad_av=user, inlamnad=timezone.now(),
    )  # fmt: skip
    for kategori, kr in zip(["lon", "lokal", "ovrig"], belopp, strict=False):
        r.rader.create(kategori=kategori, belopp=kr)
    return r


def test_paid_is_the_paid_claims_rows_by_the_year_of_their_costs(bok, bertil_handlaggare):
    """A claim counts in the year of its costs, whenever it was paid: the
    one for December 2025 paid in January 2026 is 2025's."""
    from insatser.models import Rekvisition

    S = Rekvisition.Status
    lokus = Beviljande.objects.get(insats__namn="Lokussamordnare")
    claim(bertil_handlaggare, lokus, S.BETALD, D(2025, 12, 30), 40_000, 1_500, period=(D(2025, 10, 1), D(2025, 11, 30)))
    claim(bertil_handlaggare, lokus, S.BETALD, D(2026, 1, 10), 30_000, 2_000, 333, period=(D(2025, 12, 1), D(2025, 12, 31)))
    claim(bertil_handlaggare, lokus, S.BETALD, D(2026, 4, 10), 7_000, period=(D(2026, 1, 1), D(2026, 3, 31)))
    claim(bertil_handlaggare, lokus, S.ATTESTERAD, None, 9_999)  # attested, not paid
    claim(bertil_handlaggare, lokus, S.INLAMNAD, None, 8_888)
    years = by_year(2025, 2026)
    assert (years[2025].betalt, years[2026].betalt) == (41_500 + 32_333, 7_000)
    assert years[2026].kvar_att_betala == 330_001 - 7_000


def test_a_closed_insats_commits_only_what_was_paid(bok, bertil_handlaggare):
    """Lokussamordnare (360 001 kr, April 2025–March 2027: 135 000 / 180 001
    / 45 000) is closed after 41 500 kr paid for October–November 2025,
    32 333 kr for December 2025 paid in January 2026 and 6 000 kr for
    January 2026: what it commits is what was paid, in the years the costs
    belong to (2025: 73 833; 2026: 6 000); the rest of each year goes back
    to the funds."""
    from insatser.models import Rekvisition

    S = Rekvisition.Status
    lokus = Beviljande.objects.get(insats__namn="Lokussamordnare")
    claim(bertil_handlaggare, lokus, S.BETALD, D(2025, 12, 30), 40_000, 1_500, period=(D(2025, 10, 1), D(2025, 11, 30)))
    claim(bertil_handlaggare, lokus, S.BETALD, D(2026, 1, 10), 30_000, 2_000, 333, period=(D(2025, 12, 1), D(2025, 12, 31)))
    claim(bertil_handlaggare, lokus, S.BETALD, D(2026, 2, 10), 6_000, period=(D(2026, 1, 1), D(2026, 1, 31)))
    claim(bertil_handlaggare, lokus, S.ATTESTERAD, None, 9_999)
    Insats.objects.filter(namn="Lokussamordnare").update(status=Insats.Status.AVSLUTAD)
    years = by_year(2025, 2027)
    anvant_2025 = 41_500 + 32_333
    assert [years[a].beslutat for a in (2025, 2026, 2027)] == [anvant_2025, 6_000 + 150_000, 0]
    assert [years[a].frigjort for a in (2025, 2026, 2027)] == [135_000 - anvant_2025, 180_001 - 6_000, 45_000]
    assert years[2026].kvar == 1_000_000 - 156_000
    assert years[2026].betalt == 6_000 and years[2026].kvar_att_betala == 150_000
    individ = next(r for r in years[2026].riktlinje if r.kategori.namn == "Individinriktad")
    assert individ.beslutat == 6_000 + 50_000


def test_the_card_for_the_start_pages(bok):
    from django.template.loader import render_to_string

    from insatser.ekonomi import pengar_i_korthet

    html = render_to_string(
        "insatser/_pengar_i_korthet.html", {"pengar": pengar_i_korthet(2026)}
    ).replace("\u00a0", " ")
    for label, kr in [("Medel", "1 000 000 kr"), ("Beslutat", "330 001 kr"), ("Betalt", "0 kr"),
                      ("Kvar att besluta om", "669 999 kr")]:  # fmt: skip
        assert f'{label}' in html and f'<dd class="col-5 text-end">{kr}</dd>' in html
    assert 'href="/insatser/ekonomi/?ar=2026"' in html
    assert render_to_string("insatser/_pengar_i_korthet.html", {"pengar": None}).strip() == ""
