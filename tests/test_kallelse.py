"""The kallelse (issue 10, item 4): sending it is a service that checks the
list, freezes the PDF as sent, audits and mails every ledamot and
ersättare a link; a revised kallelse says what changed; who may read it."""

import hashlib

import pytest
from django.urls import reverse

from beslut import services as beslut_services
from beslut.models import Arende, Sammantrade
from beslut.services import kallelse as kallelse_services
from samordning.errors import WorkflowError
from samordning.models import AuditEntry
from tests import mote_data
from tests.helpers import pdf_text
from tests.pdfcheck import archival_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(forslag, cecilia_forbundschef, media):
    return beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)


@pytest.fixture
def mote(version, orgs, david_ledamot, elsa_ersattare, fredrik_sekreterare, anna_sokande):
    organ = mote_data.organ_med_ledamoter(orgs, david_ledamot, elsa_ersattare, gammal=anna_sokande)
    return mote_data.mote(organ, fredrik_sekreterare, version)


def skicka(mote, by, capture):
    with capture(execute=True):
        return kallelse_services.skicka_kallelse(mote=mote, by=by)


def test_sending_freezes_the_kallelse_audits_and_mails_every_member_a_link(
    mote, fredrik_sekreterare, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://samordning.example.se"
    utskick = skicka(mote, fredrik_sekreterare, django_capture_on_commit_callbacks)
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.KALLAT and mote.kallelse_skickad is not None
    assert utskick.nummer == 1
    data = utskick.pdf.read()
    assert hashlib.sha256(data).hexdigest() == utskick.sha256
    entry = AuditEntry.objects.get(handling="sammantrade.kallelse_skickad")
    assert entry.data["mottagare"] == 2 and entry.anvandare == fredrik_sekreterare
    # One mail each to the ledamot and the ersättare; not the one whose term ended.
    assert sorted(m.to[0] for m in mailoutbox) == ["david@test.example", "elsa@test.example"]
    for mail in mailoutbox:
        assert not mail.attachments
        assert "https://samordning.example.se/" in mail.body and "18 mars 2026" in mail.body
        assert "kl.\u00a013.15" in mail.body
        assert f"Du kallas till {mote.organ.namn}s sammanträde" in mail.body  # the genitive


def test_kallelse_pdf_lists_the_items_with_kind_dnr_and_title(mote, version, fredrik_sekreterare, django_capture_on_commit_callbacks):
    from beslut import kallelse_pdf

    html_context = kallelse_pdf.context(mote)
    from django.template.loader import render_to_string

    html = render_to_string(kallelse_pdf.TEMPLATE, html_context)
    data = kallelse_pdf.stored_kallelse_pdf(mote).data
    text = pdf_text(data)
    assert "Kallelse till sammanträde" in text and "Förbundsstyrelsen" in text
    assert "2026-03-18" in text and "kl. 13.15" in text and "Stadshuset, sal 2" in text
    for line in ["1. Sammanträdets öppnande", "4. " + version.innehall["titel"], "5. Lägesrapport"]:
        assert line in text
    assert "Beslutsärende" in text and "Informationsärende" in text
    flat = " ".join(text.split())
    # The standard items carry no marking: only the ärenden do.
    assert "1. Sammanträdets öppnande 2. Fastställande av dagordning 3. Val av justerare 4." in flat
    assert flat.count("Beslutsärende") == 1
    assert f"Förhinder anmäls till sekreteraren Fredrik Lund, {fredrik_sekreterare.email} " in flat
    assert f"Dnr {version.innehall['diarienummer']}" in text
    assert "Ordförande" in text and "David Jansson" in text and "Fredrik Lund" in text
    assert archival_problems(data, html) == []


def test_sent_kallelse_never_changes(mote, fredrik_sekreterare, client, django_capture_on_commit_callbacks, david_ledamot):
    utskick = skicka(mote, fredrik_sekreterare, django_capture_on_commit_callbacks)
    sent = utskick.pdf.read()
    arende = mote.arenden.get(typ=Arende.Typ.INFORMATION)
    arende.rubrik = "Ny rubrik efteråt"
    arende.save()
    client.force_login(david_ledamot)
    response = client.get(reverse("beslut:kallelse_pdf", args=[mote.pk]))
    assert b"".join(response.streaming_content) == sent
    assert response["X-Content-SHA256"] == utskick.sha256
    assert "Ny rubrik efteråt" not in pdf_text(sent)


def test_refused_without_opening_items(mote, fredrik_sekreterare):
    mote.arenden.filter(typ=Arende.Typ.JUSTERARE).delete()
    with pytest.raises(WorkflowError, match="val av justerare"):
        kallelse_services.skicka_kallelse(mote=mote, by=fredrik_sekreterare)
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.PLANERAT and not mote.utskick.exists()


def test_refused_with_a_beslutsarende_without_fastställd_version(mote, fredrik_sekreterare):
    Arende.objects.create(sammantrade=mote, ordning=7, typ=Arende.Typ.BESLUT, rubrik="Utan förslag")
    with pytest.raises(WorkflowError, match="inget fastställt beslutsförslag"):
        kallelse_services.skicka_kallelse(mote=mote, by=fredrik_sekreterare)


def test_refused_with_an_older_version_and_when_sent_twice(
    mote, forslag, cecilia_forbundschef, fredrik_sekreterare, django_capture_on_commit_callbacks
):
    forslag.titel = "Ändrad titel"
    forslag.save()
    beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)
    with pytest.raises(WorkflowError, match="version 2 är fastställd"):
        kallelse_services.skicka_kallelse(mote=mote, by=fredrik_sekreterare)
    mote.arenden.filter(typ=Arende.Typ.BESLUT).update(forslag_version=forslag.versioner.get(nummer=2))
    skicka(mote, fredrik_sekreterare, django_capture_on_commit_callbacks)
    with pytest.raises(WorkflowError, match="redan skickad"):
        kallelse_services.skicka_kallelse(mote=mote, by=fredrik_sekreterare)


def test_revised_kallelse_says_what_changed_and_tells_the_members(
    mote, fredrik_sekreterare, mailoutbox, django_capture_on_commit_callbacks
):
    skicka(mote, fredrik_sekreterare, django_capture_on_commit_callbacks)
    with pytest.raises(WorkflowError, match="Inget har ändrats"):
        kallelse_services.revidera_kallelse(mote=mote, by=fredrik_sekreterare)
    mailoutbox.clear()
    Arende.objects.create(sammantrade=mote, ordning=6, typ=Arende.Typ.INFORMATION, rubrik="Budgetuppföljning")
    mote.arenden.filter(rubrik="Lägesrapport").delete()
    with django_capture_on_commit_callbacks(execute=True):
        utskick = kallelse_services.revidera_kallelse(mote=mote, by=fredrik_sekreterare)
    assert utskick.nummer == 2
    assert "Budgetuppföljning har lagts till" in utskick.andringar
    assert "Lägesrapport har strukits" in utskick.andringar
    assert "flyttats" not in utskick.andringar  # the closing item only moved down a place
    assert AuditEntry.objects.filter(handling="sammantrade.kallelse_reviderad").count() == 1
    assert len(mailoutbox) == 2 and all("Budgetuppföljning" in m.body for m in mailoutbox)
    assert all(m.subject.startswith("Reviderad kallelse") for m in mailoutbox)
    # The revised kallelse says so, and what changed, at its head.
    text = pdf_text(utskick.pdf.read())
    assert "Reviderad kallelse till sammanträde" in text and "Budgetuppföljning har lagts till" in text
    assert "Lägesrapport" not in text.split("Föredragningslista")[1]


def test_a_failing_mail_server_does_not_undo_the_kallelse(
    mote, fredrik_sekreterare, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("smtp nere")

    monkeypatch.setattr("beslut.services.kallelse.send_mail", broken)
    skicka(mote, fredrik_sekreterare, django_capture_on_commit_callbacks)
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.KALLAT


def test_who_may_read_the_kallelse(mote, client, personas, fredrik_sekreterare, django_capture_on_commit_callbacks):
    url = reverse("beslut:kallelse_pdf", args=[mote.pk])

    def statuses():
        got = {}
        for role, user in personas.items():
            client.force_login(user)
            got[role] = client.get(url).status_code
        return got

    before = statuses()
    assert before["ledamot"] == before["ersattare"] == 404  # nothing before the kallelse
    assert before["sokande"] == before["utomstaende"] == 403
    assert before["sekreterare"] == before["handlaggare"] == before["forbundschef"] == 200
    skicka(mote, fredrik_sekreterare, django_capture_on_commit_callbacks)
    after = statuses()
    assert after["ledamot"] == after["ersattare"] == 200


def test_the_button_posts_to_the_service(mote, client, fredrik_sekreterare, david_ledamot):
    client.force_login(david_ledamot)
    assert client.post(reverse("beslut:skicka_kallelse", args=[mote.pk])).status_code == 403
    client.force_login(fredrik_sekreterare)
    response = client.post(reverse("beslut:skicka_kallelse", args=[mote.pk]))
    assert response.status_code == 302
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.KALLAT


def test_a_moved_item_is_named_as_moved():
    fore = [
        {"id": i, "nummer": i, "typ": "information", "rubrik": f"Punkt {i}", "forslag": None, "ansokan": None,
         "handlingar": [], "delegationsbeslut": []}
        for i in (1, 2, 3)
    ]  # fmt: skip
    efter = [dict(fore[0]), dict(fore[2], nummer=2), dict(fore[1], nummer=3)]
    lines = kallelse_services.andringar(fore, efter)
    assert any("Punkt 3 har flyttats (var ärende 3)" in line for line in lines)
    assert not any("Punkt 1" in line for line in lines)
