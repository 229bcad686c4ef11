"""Avvikelserapporter (issue 11 item 3): the insatsägare files one, the
kansli handles it, and "kräver nytt beslut" leads to a beslutsförslag."""

import datetime

import pytest
from django.urls import reverse

from beslut.models import Beslutsforslag
from insatser import avvikelser
from insatser.models import Avvikelse, Insats
from samordning.errors import ConflictError, WorkflowError
from samordning.models import AuditEntry
from tests.factories import make_insats

pytestmark = pytest.mark.django_db
D = datetime.date
S = Avvikelse.Status


@pytest.fixture
def insats(bertil_handlaggare, orgs, kategorier):
    return make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])


def rapportera(insats, by, **kw):
    values = {
        "vad": "Den ena coachtjänsten är vakant sedan mars.",
        "sedan": D(2025, 3, 1),
        "konsekvenser": "Färre deltagare (ca 8 i stället för 15) och lönekostnaden blir lägre.",
        "atgarder": "Rekrytering pågår.",
        **kw,
    }
    return avvikelser.rapportera(insats=insats, by=by, **values)


def test_filed_handled_and_turned_into_a_proposal_with_audit(insats, anna_sokande, bertil_handlaggare):
    a = rapportera(insats, anna_sokande)
    assert a.status == S.INLAMNAD and list(avvikelser.att_hantera()) == [a]
    a = avvikelser.hantera(
        avvikelse=a, by=bertil_handlaggare, version=a.version, status=S.KRAVER_BESLUT,
        kommentar="Budgeten behöver minskas för 2025.",
    )  # fmt: skip
    assert a.status == S.KRAVER_BESLUT and a.hanterad_av == bertil_handlaggare and a.version == 2
    assert list(avvikelser.att_hantera()) == []

    forslag = avvikelser.skapa_beslutsforslag(avvikelse=a, by=bertil_handlaggare, version=a.version)
    a.refresh_from_db()
    assert a.beslutsforslag == forslag and a.version == 3
    assert forslag.utfall == Beslutsforslag.Utfall.OVRIGT and forslag.diarienummer
    assert forslag.titel == f"{insats.namn} – ändring efter avvikelse" and forslag.undertitel == "Avvikelserapport"
    assert "Den ena coachtjänsten är vakant sedan mars." in forslag.arendet
    assert "Budgeten behöver minskas för 2025." in forslag.arendet
    assert "Älvkarleby kommun rapporterade" in forslag.arendet and "2025-03-01" in forslag.arendet
    handlingar = list(AuditEntry.objects.filter(object_id=str(a.pk), content_type__model="avvikelse")
                      .order_by("id").values_list("handling", flat=True))  # fmt: skip
    assert handlingar == ["avvikelse.rapporterad", "avvikelse.hanterad", "avvikelse.forslag_skapat"]
    assert AuditEntry.objects.filter(handling="forslag.skapat", object_id=str(forslag.pk)).exists()


def test_state_and_version_checks(insats, anna_sokande, bertil_handlaggare):
    a = rapportera(insats, anna_sokande)
    with pytest.raises(WorkflowError):  # a proposal only for "kräver nytt beslut"
        avvikelser.skapa_beslutsforslag(avvikelse=a, by=bertil_handlaggare, version=a.version)
    with pytest.raises(WorkflowError):  # "kräver nytt beslut" says what
        avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=1, status=S.KRAVER_BESLUT, kommentar=" ")
    with pytest.raises(WorkflowError):
        avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=1, status=S.INLAMNAD, kommentar="x")
    avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=1, status=S.NOTERAD, kommentar="Noterad.")
    with pytest.raises(ConflictError):  # a second page opened before the first save
        avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=1, status=S.KRAVER_BESLUT, kommentar="x")
    with pytest.raises(WorkflowError):  # handled is final
        avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=2, status=S.KRAVER_BESLUT, kommentar="x")
    assert Avvikelse.objects.get().status == S.NOTERAD
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    with pytest.raises(WorkflowError):
        rapportera(insats, anna_sokande)


def test_only_one_proposal_per_avvikelse(insats, anna_sokande, bertil_handlaggare):
    a = rapportera(insats, anna_sokande)
    a = avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=1, status=S.KRAVER_BESLUT, kommentar="Ny budget.")
    avvikelser.skapa_beslutsforslag(avvikelse=a, by=bertil_handlaggare, version=2)
    with pytest.raises(ConflictError):
        avvikelser.skapa_beslutsforslag(avvikelse=a, by=bertil_handlaggare, version=2)
    with pytest.raises(WorkflowError):
        avvikelser.skapa_beslutsforslag(avvikelse=a, by=bertil_handlaggare, version=3)
    assert Beslutsforslag.objects.count() == 1


def test_the_pages_file_handle_and_draft(client_for, insats, anna_sokande, bertil_handlaggare, karin_af):
    insats.samverkansparter.add(karin_af.organisationer.get())
    anna = client_for(anna_sokande)
    page = anna.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    ny = reverse("insatser:avvikelse_ny", args=[insats.pk])
    assert ny in page
    form = anna.get(ny).content.decode()
    assert "Skriv inga personuppgifter om deltagare" in form
    refused = anna.post(ny, {"vad": "", "sedan": "2099-01-01", "konsekvenser": "Färre deltagare."})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Beskriv vad som har förändrats." in text and "datumet kan inte vara i framtiden" in text
    assert "Färre deltagare." in text  # what was typed comes back
    response = anna.post(ny, {"vad": "Vakant tjänst.", "sedan": "2025-03-01", "konsekvenser": "Färre deltagare."})
    a = Avvikelse.objects.get()
    assert response.status_code == 302 and a.inlamnad_av == anna_sokande
    url = reverse("insatser:avvikelse", args=[insats.pk, a.pk])
    assert "Spara hanteringen" not in anna.get(url).content.decode()  # the insatsägare reads it
    assert anna.post(url, {"status": "noterad", "version": 1}).status_code == 403

    # A samverkanspart sees the insats but neither the reports nor the button.
    karin = client_for(karin_af)
    assert ny not in karin.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert karin.get(url).status_code == 404 and karin.get(ny).status_code == 404

    bertil = client_for(bertil_handlaggare)
    assert url in bertil.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert bertil.get(ny).status_code == 403
    refused = bertil.post(url, {"status": "kraver_beslut", "kommentar": "", "version": 1})
    assert refused.status_code == 400 and "Skriv en kommentar" in refused.content.decode()
    done = bertil.post(url, {"status": "kraver_beslut", "kommentar": "Ny budget för 2025.", "version": 1})
    assert done.status_code == 302
    page = bertil.get(url).content.decode()
    knapp = reverse("insatser:avvikelse_forslag", args=[insats.pk, a.pk])
    assert knapp in page and "data-bekrafta" in page
    stale = bertil.post(url, {"status": "noterad", "kommentar": "Andra fliken", "version": 1})
    assert stale.status_code == 409 and "har ändrats av någon annan sedan du öppnade" in stale.content.decode()
    assert "Andra fliken" in stale.content.decode()
    created = bertil.post(knapp, {"version": 2})
    forslag = Beslutsforslag.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("beslut:detalj", args=[forslag.pk])
    assert forslag.diarienummer in bertil.get(url).content.decode()
    # The insatsägare sees the handling, not a link to the kansli's proposal.
    page = client_for(anna_sokande).get(url).content.decode()
    assert "Ny budget för 2025." in page and reverse("beslut:detalj", args=[forslag.pk]) not in page


def test_the_avvikelse_page_query_count_does_not_grow(
    client, insats, anna_sokande, bertil_handlaggare, django_assert_max_num_queries
):
    a = rapportera(insats, anna_sokande)
    client.force_login(bertil_handlaggare)
    url = reverse("insatser:avvikelse", args=[insats.pk, a.pk])
    with django_assert_max_num_queries(20) as first:
        assert client.get(url).status_code == 200
    for i in range(5):  # more reports of the insats, and more history
        rapportera(insats, anna_sokande, vad=f"Ändring {i}")
    a = avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=1, status=S.KRAVER_BESLUT, kommentar="Nytt.")
    avvikelser.skapa_beslutsforslag(avvikelse=a, by=bertil_handlaggare, version=a.version)
    with django_assert_max_num_queries(20) as second:
        assert client.get(url).status_code == 200
    assert len(second.captured_queries) <= len(first.captured_queries), (first, second)


def test_the_kanslis_comment_has_its_own_help_text():
    """The insatsägare's fields say how to describe the change; the kansli's
    comment says who reads it."""
    from insatser.forms.avvikelse import HanteraForm

    text = str(HanteraForm().fields["kommentar"].help_text)
    assert "Kommentaren visas för insatsägaren. Skriv inga personuppgifter om deltagare." in text
    assert "beskriv förändringen" not in text and "bara som antal" not in text
