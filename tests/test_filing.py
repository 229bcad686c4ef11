"""Filing without detours (issue 9, item 6): a tilläggsansökan takes its
name, insatsägare, parties and kind from the insats chosen; the form says
where goals belong when the insats has delar."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from ansokningar import seed, services
from ansokningar.models import Ansokan, Del
from insatser.models import Beviljande, Insats

pytestmark = pytest.mark.django_db


@pytest.fixture
def pagaende(orgs, anna_sokande):
    kategorier, _ = seed.ensure_categories()
    insats = Insats.objects.create(
        namn="Lokussamordnare Älvkarleby", insatsagare=orgs["alvkarleby"], kategori=kategorier["Strukturövergripande"]
    )
    Beviljande.objects.create(
        insats=insats, beslutsdatum=datetime.date(2019, 3, 20), period_fran=datetime.date(2019, 4, 1),
        period_till=datetime.date(2021, 3, 31), belopp=270_000,
    )  # fmt: skip
    # The insats's earlier application, filed with two samverkansparter.
    earlier = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=insats.namn, typ="tillagg", insats=insats)
    earlier.parter.create(organisation=orgs["af"], ordning=1)
    earlier.parter.create(organisation=orgs["region"], ordning=2)
    return insats


def test_choosing_the_insats_fills_in_name_owner_parties_and_kind(client, anna_sokande, orgs, pagaende):
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:ny")).content.decode()
    assert f'data-namn="Lokussamordnare Älvkarleby" data-insatsagare="{orgs["alvkarleby"].pk}"' in page
    assert "Lokussamordnare Älvkarleby – Älvkarleby kommun, strukturövergripande" in page
    # Nothing typed but the choice: no name, and another owner in the select.
    response = client.post(
        reverse("ansokningar:ny"), {"insatsagare": orgs["alvkarleby"].pk, "namn": "", "typ": "tillagg", "insats": pagaende.pk}
    )
    assert response.status_code == 302
    ansokan = Ansokan.objects.latest("pk")
    assert (ansokan.namn, ansokan.insatsagare, ansokan.kategori) == (pagaende.namn, pagaende.insatsagare, pagaende.kategori)
    assert [p.organisation.namn for p in ansokan.parter.all()] == ["Älvkarleby kommun", "Arbetsförmedlingen", "Region Uppsala"]


def test_a_new_application_still_needs_a_name(client, anna_sokande, orgs):
    client.force_login(anna_sokande)
    response = client.post(reverse("ansokningar:ny"), {"insatsagare": orgs["alvkarleby"].pk, "namn": " ", "typ": "ny"})
    assert response.status_code == 200
    assert "Ange insatsens namn." in response.content.decode()
    assert not Ansokan.objects.exists()


def test_the_form_says_where_goals_belong(client, anna_sokande, orgs):
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Delar")
    client.force_login(anna_sokande)
    url = reverse("ansokningar:redigera", args=[a.pk])
    page = client.get(url).content.decode()
    assert "<p class=\"form-text\" data-mal-utan-delar>" in page and "data-mal-med-delar hidden" in page
    Del.objects.create(ansokan=a, ordning=0, namn="Struktur")
    page = client.get(url).content.decode()
    assert "data-mal-utan-delar hidden" in page
    assert "Effektmål och insatsmål skrivs för varje del" in page.split("data-mal-med-delar")[1].split("</p>")[0]
    assert "Delens effektmål och insatsmål." in page


def test_an_insats_registered_by_the_kansli_gives_its_parties_to_the_tillaggsansokan(
    client, anna_sokande, bertil_handlaggare, orgs
):
    """A tester's case: an insats the förbund funds but that has no
    application in the system still fills in the samverkansparter."""
    from tests.factories import make_insats

    kategorier, _ = seed.ensure_categories()
    insats = make_insats(
        bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"], namn="Registrerad",
        samverkansparter=[orgs["af"], orgs["fk"], orgs["alvkarleby"]],
    )  # fmt: skip
    assert sorted(o.namn for o in insats.samverkansparter.all()) == ["Arbetsförmedlingen", "Försäkringskassan"]
    client.force_login(bertil_handlaggare)
    page = client.get(f"/insatser/{insats.pk}/").content.decode()
    assert "Arbetsförmedlingen, Försäkringskassan" in page
    client.force_login(anna_sokande)
    client.post(reverse("ansokningar:ny"), {"insatsagare": orgs["alvkarleby"].pk, "typ": "tillagg", "insats": insats.pk})
    ansokan = Ansokan.objects.get(insats=insats)
    assert [p.organisation.namn for p in ansokan.parter.all()] == ["Älvkarleby kommun", "Arbetsförmedlingen", "Försäkringskassan"]


def test_the_application_shows_the_earlier_decisions_as_the_proposal_does(client, anna_sokande, bertil_handlaggare, orgs):
    from decimal import Decimal

    from ansokningar.pdf import render_ansokan_pdf
    from tests.factories import make_insats
    from tests.helpers import pdf_text

    grants = [{"beslutsdatum": datetime.date(2024, 11, 20), "organ": "styrelse", "paragraf": 45, "diarienummer": "SFU 2024/12",
               "period_fran": datetime.date(2025, 1, 1), "period_till": datetime.date(2026, 12, 31), "belopp": 620_000,
               "tjanstgoringsgrad": Decimal("50")}]  # fmt: skip
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], None, namn="Med beslut", grants=grants)
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=insats.namn, typ="tillagg", insats=insats)
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:detalj", args=[a.pk])).content.decode().replace("\u00a0", " ")
    assert "2024-11-20 Förbundsstyrelsen § 45" in page and "tjänstgöringsgrad 50 %" in page
    data = render_ansokan_pdf(a, use_cache=False)
    (Path(__file__).parent / "artifacts").mkdir(exist_ok=True)
    (Path(__file__).parent / "artifacts" / "tidigare_beslut.pdf").write_bytes(data)  # for looking at
    text = " ".join(pdf_text(data).split())
    assert "2024-11-20 Förbundsstyrelsen § 45 SFU 2024/12 2025-01-01 – 2026-12-31, tjänstgöringsgrad 50 %" in text
