"""The insats page (issue 11 item 1): delar, goals, decisions with their
documents, the timeline from the audit trail, and a query count that does
not grow with grants, applications, claims, reports, avvikelser or events."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, Del, Mal, Part
from beslut import services as beslut_services
from beslut.models import Beslutsforslag
from insatser import avvikelser
from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats, Rapport
from samordning.models import AuditEntry, Forbund
from tests.factories import make_insats

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def beviljad(forslag, cecilia_forbundschef, media, django_capture_on_commit_callbacks):
    """The seed application granted by the förbundschef on delegation (the
    real chain: fastställ → delegationsbeslut → insats with its grant)."""
    Forbund.objects.filter(pk=1).update(delegationsgrans=2_000_000)
    Beslutsforslag.objects.filter(pk=forslag.pk).update(instans=Beslutsforslag.Instans.DELEGATION)
    with django_capture_on_commit_callbacks(execute=True):
        beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)
    return Insats.objects.get()


def test_the_page_shows_plan_decisions_documents_and_timeline(
    client_for, beviljad, bertil_handlaggare, anna_sokande, karin_af, erik_utomstaende, david_ledamot
):
    insats = beviljad
    ansokan = Ansokan.objects.get()
    grant = insats.beviljanden.get()
    delar = list(Del.objects.filter(ansokan=ansokan))
    effektmal = Mal.objects.filter(ansokan=ansokan, typ=Mal.Typ.EFFEKT).first()
    avvikelser.rapportera(
        insats=insats, by=anna_sokande, vad="Vakans i teamet.", sedan=D(2025, 3, 1), konsekvenser="Färre deltagare."
    )
    dokument = reverse("insatser:beslutsdokument", args=[insats.pk, grant.pk])

    page = client_for(bertil_handlaggare).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "Förbundschefen på delegation" in page and dokument in page and "Delegationsbeslut" in page
    assert reverse("ansokningar:pdf", args=[ansokan.pk]) in page
    assert all(d.namn in page for d in delar)
    assert effektmal is None or effektmal.text in page
    for handelse in ["Insats beviljad genom beslut", "Beslut fattat på delegation", "Inlämnad", "Avvikelserapport inlämnad"]:
        assert handelse in page, handelse

    anna = client_for(anna_sokande).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert dokument in anna and "Insats beviljad genom beslut" in anna and "Avvikelserapport inlämnad" in anna
    assert "Beslut fattat på delegation" not in anna and "Beslutsförslag utkastat" not in anna  # the kansli's work
    response = client_for(anna_sokande).get(dokument)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    karin = client_for(karin_af).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "Insats beviljad genom beslut" in karin and "Avvikelse" not in karin  # a party: the decisions only
    assert client_for(erik_utomstaende).get(dokument).status_code == 404
    assert client_for(david_ledamot).get(dokument).status_code == 403


def test_a_grant_registered_by_hand_has_no_document(client_for, bertil_handlaggare, orgs, kategorier):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    client = client_for(bertil_handlaggare)
    page = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "registrerat för hand" in page and "Pågående insats registrerad" in page
    grant = insats.beviljanden.first()
    assert client.get(reverse("insatser:beslutsdokument", args=[insats.pk, grant.pk])).status_code == 404
    other = make_insats(bertil_handlaggare, orgs["knivsta"], kategorier["Individinriktad"], namn="Annan")
    url = reverse("insatser:beslutsdokument", args=[other.pk, grant.pk])
    assert client.get(url).status_code == 404  # a grant of another insats


def _grow(insats, n, bertil, anna, orgs, kategori):
    """n granted applications with delar and goals, claims (attested and
    paid), reports, avvikelser and a pile of audit entries."""
    for i in range(n):
        a = ansokan_services.skapa_ansokan(
            by=anna, insatsagare=orgs["alvkarleby"], namn=f"Förlängning {i}", typ=Ansokan.Typ.TILLAGG, insats=insats
        )
        Part.objects.get_or_create(ansokan=a, organisation=orgs["af"], defaults={"ordning": 1})
        Ansokan.objects.filter(pk=a.pk).update(
            status=Ansokan.Status.BEVILJAD, inlamnad=timezone.now(), diarienummer=f"SFU 2010/{i + 1}"
        )
        d = Del.objects.create(ansokan=a, namn=f"Del {i}", kategori=kategori, startdatum=D(2010 + i, 1, 1))
        Mal.objects.create(ansokan=a, del_av=d, typ=Mal.Typ.EFFEKT, text=f"Effektmål {i}")
        Mal.objects.create(ansokan=a, typ=Mal.Typ.OVERGRIPANDE, text=f"Övergripande {i}")
        grant = Beviljande.objects.create(
            insats=insats, ansokan=a, beslutsdatum=D(2010 + i, 1, 1), period_fran=D(2010 + i, 1, 1),
            period_till=D(2010 + i, 12, 31), belopp=100_000, organ=Beviljande.Organ.STYRELSE, paragraf=i + 1,
        )  # fmt: skip
        r = rek.lamna_in(
            insats=insats, beviljande=grant, period=(D(2010 + i, 1, 1), D(2010 + i, 3, 31)), rader={"lon": 1_000},
            by=anna,
        )  # fmt: skip
        r = rek.attestera(rekvisition=r, by=bertil, version=r.version)
        rek.markera_betald(rekvisition=r, by=bertil, version=r.version, datum=timezone.localdate())
        Rapport.objects.create(
            insats=insats, typ=Rapport.Typ.LAGESRAPPORT, period_fran=D(2010 + i, 1, 1),
            period_till=D(2010 + i, 3, 31), forfallodatum=D(2010 + i, 4, 30),
        )  # fmt: skip
        avvikelser.rapportera(insats=insats, by=anna, vad=f"Ändring {i}", sedan=D(2010 + i, 2, 1), konsekvenser="-")
    ct = ContentType.objects.get_for_model(Insats)
    AuditEntry.objects.bulk_create(
        AuditEntry(content_type=ct, object_id=str(insats.pk), handling="insats.andrad", objekt_text=insats.namn)
        for _ in range(150)
    )


@pytest.mark.parametrize("role", ["bertil_handlaggare", "anna_sokande", "karin_af"])
def test_the_query_count_does_not_grow(
    role, request, client, bertil_handlaggare, anna_sokande, orgs, kategorier, django_assert_max_num_queries
):
    one = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"], namn="Liten")
    _grow(one, 1, bertil_handlaggare, anna_sokande, orgs, kategorier["Individinriktad"])
    many = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"], namn="Stor")
    _grow(many, 8, bertil_handlaggare, anna_sokande, orgs, kategorier["Individinriktad"])
    many.samverkansparter.add(orgs["af"])
    one.samverkansparter.add(orgs["af"])
    client.force_login(request.getfixturevalue(role))
    counts = []
    for insats in (one, many):
        with django_assert_max_num_queries(40) as ctx:
            response = client.get(reverse("insatser:detalj", args=[insats.pk]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    page = response.content.decode()
    if role != "karin_af":
        assert "Effektmål 7" in page and "Del 0" in page and "Ändring 7" in page
    assert ("De senaste 100 händelserna" in page) == (role == "bertil_handlaggare")  # the kansli sees them all
    print(f"\ninsatser:detalj {role}: {counts[0]} queries with 1 grant, {counts[1]} with 8 grants and their claims, reports, avvikelser and 150 more events")
