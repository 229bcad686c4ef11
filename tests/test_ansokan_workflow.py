"""The application's workflow through its services and its pages."""

import pytest
from django.urls import reverse

from ansokningar import services
from ansokningar.models import Ansokan, Part
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
S = Ansokan.Status


def test_submit_gives_the_next_diarienummer_and_a_receipt(komplett, anna_sokande, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.lamna_in(ansokan=komplett, by=anna_sokande)
    komplett.refresh_from_db()
    assert komplett.status == S.INLAMNAD
    assert komplett.diarienummer.startswith("SFU ") and komplett.diarienummer.endswith("/1")
    assert len(mailoutbox) == 1 and komplett.diarienummer in mailoutbox[0].subject
    assert AuditEntry.objects.filter(handling="ansokan.inlamnad", object_id=str(komplett.pk)).exists()


def test_incomplete_application_cannot_be_submitted(anna_sokande, orgs):
    draft = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Tom")
    with pytest.raises(services.IncompleteError) as exc:
        services.lamna_in(ansokan=draft, by=anna_sokande)
    fields = {field for field, _msg in exc.value.errors}
    assert {"syfte", "samverkansparter", "budget", "mal_effekt"} <= fields
    draft.refresh_from_db()
    assert draft.status == S.UTKAST and not draft.diarienummer


def test_komplettering_and_resubmission_keep_the_number(komplett, anna_sokande, bertil_handlaggare):
    services.lamna_in(ansokan=komplett, by=anna_sokande)
    komplett.refresh_from_db()
    number = komplett.diarienummer
    with pytest.raises(services.WorkflowError):
        services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="  ")
    services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Bifoga budget per år.")
    komplett.refresh_from_db()
    assert komplett.status == S.KOMPLETTERING
    services.lamna_in(ansokan=komplett, by=anna_sokande)
    komplett.refresh_from_db()
    assert komplett.status == S.INLAMNAD and komplett.diarienummer == number
    assert komplett.kompletteringar.get().besvarad is not None


def test_beredning_needs_every_signature(komplett, anna_sokande, karin_af, lars_region, maria_fk, bertil_handlaggare):
    services.lamna_in(ansokan=komplett, by=anna_sokande)
    with pytest.raises(services.WorkflowError, match="Alla parter har inte"):
        services.paborja_beredning(ansokan=komplett, by=bertil_handlaggare)
    for user in (anna_sokande, karin_af, lars_region, maria_fk):
        org = user.organisationer.get()
        services.signera(ansokan=komplett, part=komplett.parter.get(organisation=org), by=user)
    with pytest.raises(services.WorkflowError, match="redan skrivit under"):
        services.signera(ansokan=komplett, part=komplett.parter.get(organisation=karin_af.organisationer.get()), by=karin_af)
    services.paborja_beredning(ansokan=komplett, by=bertil_handlaggare)
    komplett.refresh_from_db()
    assert komplett.status == S.UNDER_BEREDNING


def test_cannot_sign_for_another_organisation(komplett, karin_af):
    huvud = komplett.parter.get(ordning=0)
    with pytest.raises(services.WorkflowError):
        services.signera(ansokan=komplett, part=huvud, by=karin_af)


def test_withdrawn_application_cannot_be_submitted(komplett, anna_sokande):
    services.aterkalla(ansokan=komplett, by=anna_sokande)
    with pytest.raises(services.WorkflowError):
        services.lamna_in(ansokan=komplett, by=anna_sokande)


def test_server_recomputes_totals(komplett):
    komplett.refresh_from_db()
    assert (komplett.summa_forbund, komplett.summa_egen, komplett.summa_total) == (1_540_400, 0, 1_540_400)


def test_tillaggsansokan_needs_an_insats(client, anna_sokande, orgs):
    client.force_login(anna_sokande)
    response = client.post(
        reverse("ansokningar:ny"), {"insatsagare": orgs["alvkarleby"].pk, "namn": "X", "typ": "tillagg"}
    )
    assert response.status_code == 200
    assert "Välj vilken insats tilläggsansökan gäller." in response.content.decode()


def test_lists_show_only_own_organisations(client, komplett, anna_sokande, erik_utomstaende, bertil_handlaggare):
    namn = komplett.namn.replace("&", "&amp;")
    client.force_login(anna_sokande)
    assert namn in client.get(reverse("ansokningar:lista")).content.decode()
    client.force_login(erik_utomstaende)
    assert namn not in client.get(reverse("ansokningar:lista")).content.decode()
    client.force_login(bertil_handlaggare)  # a draft is not the kansli's yet
    assert namn not in client.get(reverse("ansokningar:lista")).content.decode()
    services.lamna_in(ansokan=komplett, by=anna_sokande)
    page = client.get(reverse("ansokningar:lista"), {"q": "arbete & studier", "status": "inlamnad"})
    assert komplett.namn.replace("&", "&amp;") in page.content.decode()
    page = client.get(reverse("ansokningar:lista"), {"status": "utkast"})
    assert komplett.namn.replace("&", "&amp;") not in page.content.decode()


def test_a_change_after_signing_asks_for_a_new_signature(komplett, anna_sokande, karin_af, client):
    af = komplett.parter.get(organisation=karin_af.organisationer.get())
    services.signera(ansokan=komplett, part=af, by=karin_af)
    Ansokan.objects.filter(pk=komplett.pk).update(version=komplett.version + 1)  # a later save
    komplett.refresh_from_db()
    client.force_login(karin_af)
    page = client.get(reverse("ansokningar:detalj", args=[komplett.pk])).content.decode()
    assert "underskriften behöver förnyas" in page
    assert "Skriv under för Arbetsförmedlingen" in page
    services.signera(ansokan=komplett, part=af, by=karin_af)
    af.refresh_from_db()
    assert af.underskrift.version == komplett.version


def test_whoever_asked_for_komplettering_hears_it_came_in(
    komplett, anna_sokande, bertil_handlaggare, mailoutbox, django_capture_on_commit_callbacks
):
    services.lamna_in(ansokan=komplett, by=anna_sokande)
    services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Bifoga budget per år.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.lamna_in(ansokan=komplett, by=anna_sokande)
    komplett.refresh_from_db()
    to_bertil = [m for m in mailoutbox if m.to == [bertil_handlaggare.email]]
    assert len(to_bertil) == 1
    assert to_bertil[0].subject == f"Ansökan {komplett.diarienummer} är kompletterad"
    assert "Älvkarleby kommun har kompletterat ansökan" in to_bertil[0].body


def test_a_tillaggsansokan_starts_with_the_parties_of_the_insats(anna_sokande, bertil_handlaggare, orgs, kategorier):
    from tests.factories import make_insats

    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    forra = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=insats.namn, insats=insats)
    for i, key in enumerate(("region", "af"), start=1):
        Part.objects.create(ansokan=forra, organisation=orgs[key], ordning=i)
    ny = services.skapa_ansokan(
        by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=insats.namn, typ="tillagg", insats=insats
    )
    assert [p.organisation for p in ny.parter.order_by("ordning")] == [orgs["alvkarleby"], orgs["region"], orgs["af"]]
    fresh = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Ny idé")
    assert [p.organisation for p in fresh.parter.all()] == [orgs["alvkarleby"]]
