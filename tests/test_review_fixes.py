"""Regressions found in review: each test names what once went wrong."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ansokningar import seed
from ansokningar import services as ansokan_services
from beslut import services as beslut_services
from beslut.models import Klausul, KlausulUppsattning
from samordning import formatting

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_a_draft_withdrawn_before_submission_stays_private(client, anna_sokande, orgs, bertil_handlaggare):
    draft = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Hemligt utkast")
    ansokan_services.aterkalla(ansokan=draft, by=anna_sokande)
    client.force_login(bertil_handlaggare)
    assert client.get(reverse("ansokningar:detalj", args=[draft.pk])).status_code == 404
    assert "Hemligt utkast" not in client.get(reverse("ansokningar:lista")).content.decode()


def test_clause_placeholders_cannot_reach_attributes(client, cecilia_forbundschef, inlamnad):
    client.force_login(cecilia_forbundschef)
    for text in ["bevilja {insats.namn}", "bevilja {insats[0]}", "bevilja {belopp:>999999999}", "bevilja {"]:
        data = {"namn": "X", "typ": "bifall", "text": text, "ordning": 0, "aktiv": "on"}
        page = client.post(reverse("beslut:klausul_ny"), data)
        assert page.status_code == 200 and "Okänd platshållare" in page.content.decode(), text
    # Such a text saved some other way is shown as written, never evaluated.
    y = Klausul.objects.create(namn="Y", typ="bifall", text="bevilja {insats.namn} {belopp}")
    y.uppsattningar.add(*KlausulUppsattning.objects.filter(vald=True))
    forslag = beslut_services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    texts = [s.text for s in forslag.satser.all()]
    assert f"bevilja {{insats.namn}} 1{NBSP}540{NBSP}400{NBSP}kr" in texts


def test_percent_of_a_float_has_no_binary_noise():
    assert formatting.procent(25.6) == f"25,6{NBSP}%"
    assert formatting.belopp(0.5) == "1"
    assert formatting.procent(Decimal("10")) == f"10{NBSP}%"


@pytest.mark.parametrize("ar", ["99999", "0", "-1", "1e5", "abc"])
def test_year_filter_out_of_range_is_ignored(client, bertil_handlaggare, ar):
    client.force_login(bertil_handlaggare)
    assert client.get(reverse("ansokningar:lista"), {"ar": ar}).status_code == 200


def test_compare_with_odd_version_numbers_is_404(client, cecilia_forbundschef, inlamnad, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forslag = beslut_services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:jamfor", args=[forslag.pk])
    for query in [{"b": "²"}, {"a": "x"}, {"a": "9"}, {"b": "9"}]:
        assert client.get(url, query).status_code == 404, query
    assert client.get(url).status_code == 200


def test_a_change_only_the_pdf_shows_makes_a_new_version(cecilia_forbundschef, inlamnad, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forslag = beslut_services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)
    satser = [s.text for s in forslag.satser.all()]
    beslut_services.spara_forslag(
        forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"foredragande": True}, satser=satser
    )
    assert beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef).nummer == 2


def test_withdrawn_application_proposal_cannot_be_fastställd(cecilia_forbundschef, anna_sokande, inlamnad):
    forslag = beslut_services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    ansokan_services.aterkalla(ansokan=inlamnad, by=anna_sokande)
    with pytest.raises(beslut_services.WorkflowError, match="återkallad"):
        beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)


def test_clause_style_on_a_fresh_install(cecilia_forbundschef):
    from samordning.models import Forbund

    Forbund.objects.all().delete()
    beslut_services.spara_beslutsstil(by=cecilia_forbundschef, stil="numrerad")
    assert Forbund.get().beslutsstil == "numrerad"


def test_edit_page_with_delar_has_constant_queries(client, anna_sokande, orgs, django_assert_max_num_queries):
    from ansokningar.models import Del

    seed.ensure_categories()
    client.force_login(anna_sokande)
    a = seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})
    Del.objects.create(ansokan=a, namn="Del 1", startdatum=datetime.date(2023, 1, 1))
    url = reverse("ansokningar:redigera", args=[a.pk])
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for i in range(5):
        Del.objects.create(ansokan=a, namn=f"Del {i + 2}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
