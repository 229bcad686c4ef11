"""Money per calendar year for an application in two delar: a structural
2027 and an individual 2028–2029. A line tied to a del follows the del's
period, a line's own dates win, a line of the whole insats follows the
application's period. The figures are worked out by hand (whole months per year)
and checked where they are read: "Sökt från förbundet per kalenderår" on
the page and in the PDF, the beredning's share of the frame and Ärendet."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ansokningar import budget, seed, selectors, services
from ansokningar.models import Budgetbelopp, Budgetrad, Del, Part
from ansokningar.presentation import innehall

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"

# By whole months: 2028 (a leap year) weighs no more than 2027.
LINES = [
    # (benämning, avsnitt, del, från, till, kr) and where the money falls
    ("Processledare", "lon", 0, None, None, 100_000),  # del 1 (2027): all in 2027
    ("Lokalhyra", "lokal", 1, None, None, 730_000),  # del 2 (2028–29): 12 + 12 months
    ("Arbetscoach", "lon", 1, D(2028, 4, 15), D(2029, 3, 31), 360_000),  # own dates: 9 + 3 months (April counts)
    ("Utvärdering", "ovrig", None, None, None, 1_095_000),  # whole insats 2027–29: 12 + 12 + 12 months
]
EXPECTED = {
    2027: 100_000 + 365_000,
    2028: 365_000 + 270_000 + 365_000,
    2029: 365_000 + 90_000 + 365_000,
}


@pytest.fixture
def i_delar(anna_sokande, orgs):
    kategorier, _ = seed.ensure_categories()
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Två faser")
    a.startdatum, a.slutdatum = D(2027, 1, 1), D(2029, 12, 31)
    a.save()
    delar = [
        Del.objects.create(ansokan=a, ordning=0, namn="Strukturfas", startdatum=D(2027, 1, 1),
                           slutdatum=D(2027, 12, 31), kategori=kategorier["Strukturövergripande"]),
        Del.objects.create(ansokan=a, ordning=1, namn="Individfas", startdatum=D(2028, 1, 1),
                           slutdatum=D(2029, 12, 31), kategori=kategorier["Individinriktad"]),
    ]  # fmt: skip
    part = Part.objects.get(ansokan=a)
    Budgetrad.objects.filter(ansokan=a).delete()
    for i, (namn, avsnitt, del_nr, fran, till, kr) in enumerate(LINES):
        rad = Budgetrad.objects.create(
            ansokan=a, avsnitt=avsnitt, benamning=namn, fran=fran, till=till, ordning=i,
            del_av=delar[del_nr] if del_nr is not None else None,
        )  # fmt: skip
        Budgetbelopp.objects.create(rad=rad, part=part, belopp=kr)
    services.update_totals(a)
    return a


def test_money_per_year_follows_the_del_and_the_lines_own_dates(i_delar):
    per_ar = innehall(selectors.load(i_delar.pk)).budget.per_ar
    assert per_ar == sorted(EXPECTED.items())
    assert sum(kr for _, kr in per_ar) == i_delar.summa_forbund == 2_285_000


def test_a_line_of_a_del_with_only_a_start_date_keeps_the_dels_end(i_delar):
    content = innehall(selectors.load(i_delar.pk))
    (coach,) = [r for r in content.budget.avsnitt["lon"].rader if r.rad.benamning == "Arbetscoach"]
    coach.rad.till = None
    assert budget.period(i_delar, coach) == (D(2028, 4, 15), D(2029, 12, 31))
    coach.rad.fran, coach.del_ = None, None  # no del and no dates: the application's period
    assert budget.period(i_delar, coach) == (D(2027, 1, 1), D(2029, 12, 31))


def test_the_page_and_the_pdf_show_the_years(client, anna_sokande, i_delar):
    from ansokningar.pdf import render_ansokan_pdf

    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:detalj", args=[i_delar.pk])).content.decode()
    table = page.split('data-summor="per_ar"')[1].split("</table>")[0]
    for year, kr in EXPECTED.items():
        assert f'{year}</th><td class="num" data-belopp="{kr}">' in table
    pdf = render_ansokan_pdf(i_delar, use_cache=False)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(NBSP, " "))
    assert (
        "Sökt från förbundet per kalenderår År Sökt belopp 2027 465 000 kr 2028 1 000 000 kr 2029 820 000 kr "
        "Totalt från Samordningsförbundet 2 285 000 kr"
    ) in text


def test_beredning_frame_share_and_arendet_read_the_same_years(i_delar, bertil_handlaggare):
    from beslut import arendet as arendet_module
    from beslut import facts
    from beslut.models import Verksamhetsinriktning

    for ar in (2027, 2028, 2029):
        Verksamhetsinriktning.objects.create(ar=ar, ram=10_000_000)
    content = innehall(selectors.load(i_delar.pk))
    andelar = facts.andelar_av_ram(content.budget.per_ar, Verksamhetsinriktning.objects.get(ar=2027))
    assert [(a.ar, a.belopp) for a in andelar] == sorted(EXPECTED.items())
    arendet = arendet_module.arendet(selectors.load(i_delar.pk), content)
    for year, kr in (("2027", "465 000"), ("2028", "1 000 000"), ("2029", "820 000")):
        assert f"{kr.replace(' ', NBSP)}{NBSP}kr för {year}" in arendet, year


def test_a_salary_line_of_a_del_cannot_start_before_the_del(client, anna_sokande, orgs, i_delar):
    """The tester's case the other way round: a salary line of the
    individual phase (from 2028) dated 2027-08 is refused at the field."""
    client.force_login(anna_sokande)
    url = reverse("ansokningar:redigera", args=[i_delar.pk])
    alv = orgs["alvkarleby"].pk
    data = {
        "version": i_delar.version, "action": "spara", "namn": i_delar.namn,
        "startdatum": "2027-01-01", "slutdatum": "2029-12-31", "diskuterad": "",
        "del-0-namn": "Strukturfas", "del-0-startdatum": "2027-01-01", "del-0-slutdatum": "2027-06-30",
        "del-1-namn": "Individfas", "del-1-startdatum": "2028-01-01", "del-1-slutdatum": "2029-12-31",
        "rad-0-avsnitt": "lon", "rad-0-standard": "False", "rad-0-benamning": "Processledare",
        "rad-0-fran": "2027-08-01", "rad-0-till": "2027-12-31", f"rad-0-org{alv}": "100 000", "rad-0-del_av": "0",
        "rad-1-avsnitt": "lon", "rad-1-standard": "False", "rad-1-benamning": "Arbetscoach",
        "rad-1-fran": "2027-08-01", "rad-1-till": "2028-06-30", f"rad-1-org{alv}": "100 000", "rad-1-del_av": "1",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ansökan är inte sparad." in text
    rows = {m: text.split(f'name="{m}-avsnitt"')[1].split("</tr>")[0] for m in ("rad-0", "rad-1")}
    # Both dates after the del: each message worded for its own field.
    assert "Tjänsten kan inte börja efter delens slutdatum (2027-06-30)." in rows["rad-0"]
    assert "Tjänsten kan inte sluta efter delens slutdatum (2027-06-30)." in rows["rad-0"]
    assert "Tjänsten kan inte börja före delens startdatum (2028-01-01)." in rows["rad-1"]
    assert 'value="2027-08-01"' in rows["rad-1"]  # kept as typed
    i_delar.refresh_from_db()
    assert i_delar.version == 1


def test_the_beredning_distribution_puts_each_del_in_its_own_years(i_delar):
    """Strukturfas (2027) money is structural in 2027 only; Individfas money
    is individual in 2028–29 only; the whole insats's line is shared by
    the delar running each year."""
    from beslut import facts

    kategorier, _ = seed.ensure_categories()
    struktur, individ = kategorier["Strukturövergripande"].pk, kategorier["Individinriktad"].pk
    content = innehall(selectors.load(i_delar.pk))
    rader = [r for s in content.budget.forbund_avsnitt for r in s.rader]
    result = facts.per_kategori(i_delar, rader, [d.del_ for d in content.delar])
    assert result == {
        2027: {struktur: 100_000 + 365_000},
        2028: {individ: 365_000 + 270_000 + 365_000},
        2029: {individ: 365_000 + 90_000 + 365_000},
    }
