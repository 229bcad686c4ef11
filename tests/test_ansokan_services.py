"""Services added after review: e-mail to the sökande when komplettering is
asked for and to signers whose signature a resubmission made stale;
attachments as changes of the application (state, version, removal);
withdrawal during beredning; the tilläggsansökan's insats and inriktning."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansokningar import seed, services
from ansokningar.models import Ansokan, Bilaga
from insatser.models import Beviljande, Insats
from samordning.models import AuditEntry
from tests.factories import UserFactory, submit

pytestmark = pytest.mark.django_db
S = Ansokan.Status
PDF = b"%PDF-1.4\n%%EOF\n"


# --- e-mail --------------------------------------------------------------------


def test_komplettering_is_mailed_to_the_submitter_with_text_and_link(
    client, komplett, anna_sokande, bertil_handlaggare, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    kollega = UserFactory(username="kollega", email="kollega@alvkarleby.se", roll="sokande", organisationer=[orgs["alvkarleby"]])
    submit(komplett, kollega, django_capture_on_commit_callbacks)  # a colleague of the creator submits
    mailoutbox.clear()
    client.force_login(bertil_handlaggare)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ansokningar:komplettering", args=[komplett.pk]),
            {"begaran": "Beskriv hur deltagarna rekryteras.\nBifoga budget per år."},
        )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["kollega@alvkarleby.se"]
    assert komplett.diarienummer in mail.subject
    assert "Beskriv hur deltagarna rekryteras.\nBifoga budget per år." in mail.body
    assert f"http://testserver/ansokningar/{komplett.pk}/" in mail.body
    entry = AuditEntry.objects.get(handling="ansokan.komplettering_begard")
    assert entry.data["mottagare"] == kollega.pk


def test_komplettering_falls_back_to_the_creator(
    komplett, anna_sokande, bertil_handlaggare, orgs, mailoutbox, django_capture_on_commit_callbacks, settings
):
    vikarie = UserFactory(username="vikarie", email="vikarie@alvkarleby.se", roll="sokande", organisationer=[orgs["alvkarleby"]])
    submit(komplett, vikarie, django_capture_on_commit_callbacks)
    vikarie.organisationer.clear()  # no longer acts for the insatsägare
    mailoutbox.clear()
    settings.SITE_URL = "https://samordning.example"
    with django_capture_on_commit_callbacks(execute=True):
        services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Komplettera målen.")
    (mail,) = mailoutbox
    assert mail.to == [anna_sokande.email]
    assert f"https://samordning.example/ansokningar/{komplett.pk}/" in mail.body  # SITE_URL: no request gave the address


def test_a_failing_mail_server_does_not_undo_the_request(
    komplett, anna_sokande, bertil_handlaggare, monkeypatch, django_capture_on_commit_callbacks
):
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("ansokningar.notifications.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Komplettera.")
    komplett.refresh_from_db()
    assert komplett.status == S.KOMPLETTERING


def test_resubmission_asks_stale_signers_to_sign_again(
    komplett, anna_sokande, karin_af, maria_fk, lars_region, bertil_handlaggare, mailoutbox, django_capture_on_commit_callbacks
):
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    for user in (anna_sokande, karin_af, maria_fk):
        services.signera(ansokan=komplett, part=komplett.parter.get(organisation=user.organisationer.get()), by=user)
    services.begar_komplettering(ansokan=komplett, by=bertil_handlaggare, begaran="Komplettera metoden.")
    Ansokan.objects.filter(pk=komplett.pk).update(version=komplett.version + 1)  # the sökande saved
    komplett.refresh_from_db()
    mailoutbox.clear()
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks, lank="https://samordning.example/a/1/")

    receipt, *others = mailoutbox
    assert receipt.to == [anna_sokande.email] and "Kompletterad ansökan" in receipt.subject
    again = [m for m in others if m.subject.startswith("Skriv under ansökan")]
    assert sorted(m.to[0] for m in again) == sorted([karin_af.email, maria_fk.email])
    # Lars never signed: he is asked to sign (once), not to sign again.
    (first,) = [m for m in others if m not in again and m.to != [bertil_handlaggare.email]]
    assert first.to == [lars_region.email] and "väntar på underskrift från Region Uppsala" in first.subject
    for mail in others:
        assert komplett.diarienummer in mail.subject
        assert "https://samordning.example/a/1/" in mail.body


# --- attachments -----------------------------------------------------------------


def test_an_attachment_is_a_change_and_only_while_editable(
    komplett, anna_sokande, karin_af, media, django_capture_on_commit_callbacks
):
    af = komplett.parter.get(organisation=karin_af.organisationer.get())
    services.signera(ansokan=komplett, part=af, by=karin_af)
    version = komplett.version
    bilaga = services.lagg_till_bilaga(
        ansokan=komplett, by=anna_sokande, fil=SimpleUploadedFile("Budget.pdf", PDF)
    )
    komplett.refresh_from_db()
    assert komplett.version == version + 1
    af.refresh_from_db()
    assert not af.signerad_aktuell  # the signature no longer covers the application
    assert AuditEntry.objects.filter(handling="ansokan.bilaga", data__filnamn="Budget.pdf").exists()

    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    with pytest.raises(services.WorkflowError, match="kan inte ändras"):
        services.lagg_till_bilaga(ansokan=komplett, by=anna_sokande, fil=SimpleUploadedFile("Sen.pdf", PDF))
    with pytest.raises(services.WorkflowError, match="kan inte ändras"):
        services.ta_bort_bilaga(ansokan=komplett, bilaga=bilaga, by=anna_sokande)
    assert Bilaga.objects.count() == 1


def test_stale_edit_page_after_an_attachment_is_refused(client, komplett, anna_sokande, media):
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:redigera", args=[komplett.pk])).content.decode()
    assert f'name="version" value="{komplett.version}"' in page
    client.post(reverse("ansokningar:bilaga_ny", args=[komplett.pk]), {"fil": SimpleUploadedFile("a.pdf", PDF)})
    response = client.post(
        reverse("ansokningar:redigera", args=[komplett.pk]),
        {"version": komplett.version, "namn": komplett.namn, "action": "spara"},
    )
    assert "Ansökan har sparats någon annanstans sedan du öppnade den här sidan" in response.content.decode()


def test_a_wrong_attachment_can_be_removed(client, komplett, anna_sokande, media, django_capture_on_commit_callbacks):
    client.force_login(anna_sokande)
    client.post(reverse("ansokningar:bilaga_ny", args=[komplett.pk]), {"fil": SimpleUploadedFile("Fel fil.pdf", PDF)})
    bilaga = Bilaga.objects.get()
    stored = media / bilaga.fil.name
    assert stored.exists()
    detail = client.get(reverse("ansokningar:detalj", args=[komplett.pk])).content.decode()
    assert "Ta bort bilagan Fel fil.pdf" in detail
    version = Ansokan.objects.get(pk=komplett.pk).version
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ansokningar:bilaga_ta_bort", args=[komplett.pk, bilaga.pk]), follow=True)
    assert "Bilagan Fel fil.pdf är borttagen." in response.content.decode()
    assert not Bilaga.objects.exists() and not stored.exists()
    assert Ansokan.objects.get(pk=komplett.pk).version == version + 1
    assert AuditEntry.objects.filter(handling="ansokan.bilaga_borttagen").exists()
    assert "Bilaga borttagen" in client.get(reverse("ansokningar:detalj", args=[komplett.pk])).content.decode()


# --- withdrawal ---------------------------------------------------------------------


def test_the_sokande_may_withdraw_during_beredning(
    client, komplett, anna_sokande, karin_af, maria_fk, lars_region, bertil_handlaggare, django_capture_on_commit_callbacks
):
    submit(komplett, anna_sokande, django_capture_on_commit_callbacks)
    for user in (anna_sokande, karin_af, maria_fk, lars_region):
        services.signera(ansokan=komplett, part=komplett.parter.get(organisation=user.organisationer.get()), by=user)
    services.paborja_beredning(ansokan=komplett, by=bertil_handlaggare)
    client.force_login(anna_sokande)
    assert "Återkalla ansökan" in client.get(reverse("ansokningar:detalj", args=[komplett.pk])).content.decode()
    assert client.post(reverse("ansokningar:aterkalla", args=[komplett.pk]), {"bekrafta": "ja"}).status_code == 302
    komplett.refresh_from_db()
    assert komplett.status == S.ATERKALLAD
    assert AuditEntry.objects.get(handling="ansokan.aterkallad").data == {"fran": S.UNDER_BEREDNING}


# --- tilläggsansökan -------------------------------------------------------------------


@pytest.fixture
def pagaende(orgs):
    kategorier, _ = seed.ensure_categories()
    insats = Insats.objects.create(
        namn="Lokussamordnare Älvkarleby", insatsagare=orgs["alvkarleby"], kategori=kategorier["Strukturövergripande"]
    )
    Beviljande.objects.create(
        insats=insats,
        beslutsdatum=datetime.date(2019, 3, 20),
        diarienummer="SFU 2019/3",
        period_fran=datetime.date(2019, 4, 1),
        period_till=datetime.date(2021, 3, 31),
        belopp=270_000,
    )
    return insats


def test_tillaggsansokan_shows_earlier_grants(client, anna_sokande, orgs, pagaende):
    client.force_login(anna_sokande)
    response = client.post(
        reverse("ansokningar:ny"),
        {"insatsagare": orgs["alvkarleby"].pk, "namn": "Lokussamordnare Älvkarleby", "typ": "tillagg", "insats": pagaende.pk},
    )
    ansokan = Ansokan.objects.get(typ="tillagg")
    assert response["Location"] == reverse("ansokningar:redigera", args=[ansokan.pk])
    page = client.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "Tidigare beviljanden" in page and "270\u00a0000\u00a0kr" in page and "2019-04-01" in page


def test_only_ongoing_insatser_can_be_extended(client, anna_sokande, orgs, pagaende):
    avslutad = Insats.objects.create(namn="Avslutad insats", insatsagare=orgs["alvkarleby"], status=Insats.Status.AVSLUTAD)
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:ny")).content.decode()
    assert "Lokussamordnare Älvkarleby" in page and "Avslutad insats" not in page
    assert page.index("Insatsens namn") < page.index("Insatsägare")  # the form's order
    response = client.post(
        reverse("ansokningar:ny"),
        {"insatsagare": orgs["alvkarleby"].pk, "namn": "Förlängning", "typ": "tillagg", "insats": avslutad.pk},
    )
    assert response.status_code == 200
    assert "Välj en pågående insats som din organisation äger." in response.content.decode()
    assert not Ansokan.objects.exists()


def test_tillaggsansokan_keeps_the_insats_inriktning(client, anna_sokande, orgs, pagaende):
    client.force_login(anna_sokande)
    client.post(
        reverse("ansokningar:ny"),
        {"insatsagare": orgs["alvkarleby"].pk, "namn": "Lokussamordnare 2021–2023", "typ": "tillagg", "insats": pagaende.pk},
    )
    ansokan = Ansokan.objects.get()
    assert ansokan.kategori == pagaende.kategori  # prefilled from the insats
    individ = seed.ensure_categories()[0]["Individinriktad"]
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    page = client.get(url).content.decode()
    assert "Samma som för insatsen som förlängs" in page
    response = client.post(url, {"version": ansokan.version, "action": "spara", "namn": ansokan.namn, "kategori": individ.pk})
    assert response.status_code == 200
    text = response.content.decode()
    assert "En tilläggsansökan har samma inriktning som insatsen den förlänger: Strukturövergripande." in text
    ansokan.refresh_from_db()
    assert ansokan.kategori == pagaende.kategori and ansokan.version == 1
    with pytest.raises(services.WorkflowError):
        services.spara_ansokan(
            ansokan=ansokan, by=anna_sokande, version=1, falt={"kategori_id": individ.pk},
            samverkansparter=[], prioriterade=[], mal={}, delar=[], rader=[],
        )  # fmt: skip
    detail = client.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "Summa tidigare beviljat" in detail and "2019-04-01 – 2021-03-31" in detail


def test_new_tillaggsansokan_from_the_insats_page_is_prefilled(client, anna_sokande, orgs, bertil_handlaggare):
    from tests.factories import make_insats

    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], None, namn="Pågående i Älvkarleby")
    client.force_login(anna_sokande)
    form = client.get(reverse("ansokningar:ny") + f"?typ=tillagg&insats={insats.pk}").context["form"]
    assert form.initial == {
        "typ": "tillagg", "insats": insats.pk, "insatsagare": orgs["alvkarleby"].pk, "namn": "Pågående i Älvkarleby"
    }  # fmt: skip
    # Without a query string the form's own default (Ny ansökan) stands.
    assert client.get(reverse("ansokningar:ny")).context["form"]["typ"].value() == "ny"
    # Someone else's insats, or nonsense, prefills nothing.
    form = client.get(reverse("ansokningar:ny") + "?typ=tillagg&insats=abc").context["form"]
    assert "insats" not in form.initial
