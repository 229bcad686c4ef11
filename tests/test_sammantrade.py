"""Meetings and their föredragningslista (issue 10, items 1–3): the
services' state checks, order, audit and version check; only a fastställd
version on a beslutsärende; the delegationsbeslut to report; who sees a
meeting; the .ics file; the handlingar upload."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from beslut.models import Arende, Beslutsforslag, FaststalldVersion, Organ, Sammantrade, Uppdrag
from beslut.services import sammantrade as mote_services
from samordning.errors import ConflictError, WorkflowError
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
T = Arende.Typ
DATUM = D(2026, 12, 10)


@pytest.fixture
def organ(db):
    return Organ.objects.create(namn="Förbundsstyrelsen", typ=Organ.Typ.STYRELSE)


@pytest.fixture
def plan(organ, fredrik_sekreterare):
    """plan(datum) -> a planned meeting of `organ`, made by the service."""

    def make(datum=DATUM, **extra):
        data = {
            "organ": organ,
            "datum": datum,
            "starttid": datetime.time(13, 15),
            "plats": "Kansliet",
            **extra,
        }
        return mote_services.planera(by=fredrik_sekreterare, data=data)

    return make


def fastställd(
    by, titel="Lokussamordnare", instans=Beslutsforslag.Instans.STYRELSE, nummer=1, forslag=None
):
    """A FaststalldVersion made directly (no PDF rendering: the services only read it)."""
    forslag = forslag or Beslutsforslag.objects.create(
        datum=D(2026, 11, 1), titel=titel, diarienummer="SFU 2026/7", instans=instans, skapad_av=by
    )
    return FaststalldVersion.objects.create(
        forslag=forslag, nummer=nummer, faststalld_av=by, sha256="0" * 64,
        innehall={"titel": titel, "diarienummer": forslag.diarienummer, "belopp": 450_000},
        pdf=ContentFile(b"%PDF-1.4 v", name=f"v{nummer}.pdf"),
    )  # fmt: skip


def typer(mote):
    return list(mote.arenden.order_by("ordning").values_list("typ", flat=True))


def called(mote):
    Sammantrade.objects.filter(pk=mote.pk).update(status=Sammantrade.Status.KALLAT)
    mote.refresh_from_db()
    return mote


def test_a_planned_meeting_has_the_standard_points_and_an_audit_entry(plan):
    mote = plan()
    assert typer(mote) == [T.OPPNANDE, T.DAGORDNING, T.JUSTERARE, T.FOREGAENDE, T.AVSLUTNING]
    rubriker = list(mote.arenden.order_by("ordning").values_list("rubrik", flat=True))
    assert rubriker[1] == "Fastställande av dagordning"
    assert AuditEntry.objects.filter(
        handling="sammantrade.planerat", object_id=str(mote.pk)
    ).exists()


def test_the_template_is_a_table_a_forbund_can_change(plan, monkeypatch):
    monkeypatch.setattr(mote_services, "STANDARDPUNKTER", ((T.OPPNANDE, "Upprop"),))
    assert typer(plan()) == [T.OPPNANDE, T.AVSLUTNING]


def test_arenden_go_before_the_closing_point_and_move_among_themselves(
    plan, fredrik_sekreterare, media
):
    mote = plan()
    by = fredrik_sekreterare
    info = mote_services.lagg_till_arende(
        mote=mote, by=by, version=None, typ=T.INFORMATION, rubrik="Läget"
    )
    ovriga = mote_services.lagg_till_arende(mote=mote, by=by, version=None, typ=T.OVRIGA)
    assert typer(mote)[-3:] == [T.INFORMATION, T.OVRIGA, T.AVSLUTNING]
    assert ovriga.rubrik == "Övriga frågor"
    mote.refresh_from_db()
    mote_services.flytta_arende(arende=ovriga, by=by, version=mote.version, riktning="upp")
    assert typer(mote)[-3:] == [T.OVRIGA, T.INFORMATION, T.AVSLUTNING]
    assert list(mote.arenden.order_by("ordning").values_list("ordning", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    assert AuditEntry.objects.filter(handling="sammantrade.arende_flyttat").count() == 1
    with pytest.raises(WorkflowError, match="står redan först"):
        mote.refresh_from_db()
        mote_services.flytta_arende(arende=ovriga, by=by, version=mote.version, riktning="upp")
    oppnande = mote.arenden.get(typ=T.OPPNANDE)
    with pytest.raises(WorkflowError, match="fasta plats"):
        mote_services.flytta_arende(arende=oppnande, by=by, version=mote.version, riktning="ned")
    # A move from a page opened before the last change is refused.
    with pytest.raises(ConflictError, match="sedan du öppnade"):
        mote_services.flytta_arende(arende=info, by=by, version=mote.version - 1, riktning="upp")
    assert typer(mote)[-3:] == [T.OVRIGA, T.INFORMATION, T.AVSLUTNING]


def test_a_beslutsarende_takes_only_the_newest_fastställd_version(
    plan, cecilia_forbundschef, fredrik_sekreterare
):
    mote, by = plan(), fredrik_sekreterare
    v1 = fastställd(cecilia_forbundschef)
    utkast = Beslutsforslag.objects.create(
        datum=D(2026, 11, 2), titel="Utkast", skapad_av=cecilia_forbundschef
    )
    with pytest.raises(WorkflowError, match="fastställd version"):
        mote_services.lagg_till_arende(
            mote=mote, by=by, version=None, typ=T.BESLUT, forslag_version=utkast
        )
    with pytest.raises(WorkflowError, match="fastställd version"):
        mote_services.lagg_till_arende(mote=mote, by=by, version=None, typ=T.BESLUT)
    v2 = fastställd(cecilia_forbundschef, nummer=2, forslag=v1.forslag)
    with pytest.raises(WorkflowError, match="inte den senaste"):
        mote_services.lagg_till_arende(
            mote=mote, by=by, version=None, typ=T.BESLUT, forslag_version=v1
        )
    delegation = fastställd(
        cecilia_forbundschef, titel="På delegation", instans=Beslutsforslag.Instans.DELEGATION
    )
    with pytest.raises(WorkflowError, match="delegationsbeslut"):
        mote_services.lagg_till_arende(
            mote=mote, by=by, version=None, typ=T.BESLUT, forslag_version=delegation
        )
    with pytest.raises(WorkflowError, match="Bara ett beslutsärende"):
        mote_services.lagg_till_arende(
            mote=mote, by=by, version=None, typ=T.INFORMATION, rubrik="X", forslag_version=v2
        )
    arende = mote_services.lagg_till_arende(
        mote=mote, by=by, version=None, typ=T.BESLUT, forslag_version=v2
    )
    assert arende.rubrik == "Lokussamordnare" and arende.forslag_version == v2
    assert list(mote_services.valbara_versioner()) == []  # on an open meeting's list now
    annat = plan(D(2027, 1, 20))
    with pytest.raises(WorkflowError, match="står redan på föredragningslistan"):
        mote_services.lagg_till_arende(
            mote=annat, by=by, version=None, typ=T.BESLUT, forslag_version=v2
        )


def test_the_list_is_closed_once_the_meeting_is_held(plan, fredrik_sekreterare):
    by = fredrik_sekreterare
    mote = plan(D(2026, 1, 15))
    arende = mote_services.lagg_till_arende(mote=mote, by=by, version=None, typ=T.MEDDELANDEN)
    with pytest.raises(WorkflowError, match="kallelsen har gått ut"):
        mote_services.genomfor(mote=mote, by=by)
    called(mote)
    # While called the list may still change (the kallelse helper marks the packet reviderad).
    mote_services.ta_bort_arende(arende=arende, by=by, version=mote.version)
    mote_services.genomfor(mote=mote, by=by)
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.GENOMFORT
    assert AuditEntry.objects.filter(
        handling="sammantrade.genomfort", object_id=str(mote.pk)
    ).exists()
    with pytest.raises(WorkflowError, match="kan inte längre ändras"):
        mote_services.lagg_till_arende(mote=mote, by=by, version=None, typ=T.OVRIGA)
    with pytest.raises(WorkflowError, match="kan inte längre ändras"):
        mote_services.andra(mote=mote, by=by, version=mote.version, data={"plats": "Annan"})


def test_a_meeting_in_the_future_cannot_be_held_yet(plan, fredrik_sekreterare):
    mote = called(plan(timezone.localdate() + datetime.timedelta(days=3)))
    with pytest.raises(WorkflowError, match="kan inte ha hållits"):
        mote_services.genomfor(mote=mote, by=fredrik_sekreterare)


def test_only_a_planned_meeting_can_be_cancelled(plan, fredrik_sekreterare, organ):
    mote = plan()
    mote_services.stall_in(mote=mote, by=fredrik_sekreterare)
    assert not Sammantrade.objects.filter(pk=mote.pk).exists()
    assert AuditEntry.objects.filter(
        handling="sammantrade.installt", object_id=str(organ.pk)
    ).exists()
    kallat = called(plan())
    with pytest.raises(WorkflowError):
        mote_services.stall_in(mote=kallat, by=fredrik_sekreterare)


def test_changing_time_and_place_checks_the_version(plan, fredrik_sekreterare):
    mote = plan()
    mote_services.andra(
        mote=mote, by=fredrik_sekreterare, version=mote.version, data={"plats": "Rådhuset"}
    )
    with pytest.raises(ConflictError):
        mote_services.andra(
            mote=mote, by=fredrik_sekreterare, version=mote.version - 1, data={"plats": "Annat"}
        )
    mote.refresh_from_db()
    assert mote.plats == "Rådhuset"


def test_delegationsbeslut_since_the_previous_meeting(plan, cecilia_forbundschef):
    forra = plan(D(2026, 9, 1))
    mote = plan(D(2026, 12, 10))
    gammal = fastställd(cecilia_forbundschef, "Före förra", Beslutsforslag.Instans.DELEGATION)
    ny = fastställd(cecilia_forbundschef, "Efter förra", Beslutsforslag.Instans.DELEGATION)
    styrelsens = fastställd(cecilia_forbundschef, "Styrelsens")
    FaststalldVersion.objects.filter(pk=gammal.pk).update(
        faststalld=timezone.make_aware(datetime.datetime(2026, 8, 20))
    )
    FaststalldVersion.objects.filter(pk__in=[ny.pk, styrelsens.pk]).update(
        faststalld=timezone.make_aware(datetime.datetime(2026, 10, 5))
    )
    assert [v.pk for v in mote_services.delegationsbeslut_for(mote)] == [ny.pk]
    assert [v.pk for v in mote_services.delegationsbeslut_for(forra)] == [gammal.pk]


# --- pages --------------------------------------------------------------------------


def test_a_member_sees_a_meeting_only_once_the_kallelse_is_sent(
    client, plan, organ, david_ledamot, elsa_ersattare, orgs
):
    Uppdrag.objects.create(
        organ=organ,
        person=david_ledamot,
        roll=Uppdrag.Roll.LEDAMOT,
        organisation=orgs["region"],
        fran=D(2026, 1, 1),
    )
    mote = plan()
    url = reverse("beslut:sammantrade", args=[mote.pk])
    client.force_login(david_ledamot)
    assert client.get(url).status_code == 404
    assert mote.datum.isoformat() not in client.get(reverse("beslut:sammantraden")).content.decode()
    called(mote)
    page = client.get(url).content.decode()
    assert "Fastställande av dagordning" in page and "Lägg till ärende" not in page
    client.force_login(elsa_ersattare)  # no seat in the organ
    assert client.get(url).status_code == 404


def test_the_sekreterare_adds_and_moves_with_the_focus_kept(client, plan, fredrik_sekreterare):
    mote = plan()
    client.force_login(fredrik_sekreterare)
    url = reverse("beslut:arende_ny", args=[mote.pk, "information"])
    assert (
        client.post(url, {"information-rubrik": "", "information-beskrivning": ""}).status_code
        == 400
    )
    client.post(
        url, {"information-rubrik": "Läget i lokusgrupperna", "information-beskrivning": ""}
    )
    response = client.post(
        reverse("beslut:arende_ny", args=[mote.pk, "ovriga"]), {"ovriga-rubrik": "Övrigt"}
    )
    ovriga = mote.arenden.get(typ=T.OVRIGA)
    assert response["Location"].endswith(f"#arende-{ovriga.pk}")
    mote.refresh_from_db()
    flytta = reverse("beslut:arende_flytta", args=[mote.pk, ovriga.pk])
    response = client.post(flytta, {"riktning": "upp", "version": mote.version})
    # Now first of the ärenden: its "up" button is gone, so the focus goes to "down".
    assert response["Location"].endswith(f"#ned-{ovriga.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f'id="ned-{ovriga.pk}"' in page and f'id="upp-{ovriga.pk}"' not in page
    stale = client.post(flytta, {"riktning": "ned", "version": mote.version}, follow=True)
    assert "har ändrats av någon annan sedan du öppnade" in stale.content.decode()


def test_a_handling_is_a_pdf_stored_with_its_sha256(client, plan, fredrik_sekreterare, media):
    mote = plan()
    info = mote_services.lagg_till_arende(
        mote=mote, by=fredrik_sekreterare, version=None, typ=T.INFORMATION, rubrik="I"
    )
    client.force_login(fredrik_sekreterare)
    url = reverse("beslut:handling_ny", args=[mote.pk, info.pk])
    field = f"handling-{info.pk}-fil"
    word = SimpleUploadedFile("rapport.docx", b"PK\x03\x04 word")
    assert "Bara PDF-filer" in client.post(url, {field: word}).content.decode()
    fake = SimpleUploadedFile("rapport.pdf", b"inte en pdf")
    assert "Filen är inte en PDF" in client.post(url, {field: fake}).content.decode()
    data = b"%PDF-1.4 riktig nog"
    assert client.post(url, {field: SimpleUploadedFile("rapport.pdf", data)}).status_code == 302
    handling = info.handlingar.get()
    assert handling.sha256 == hashlib.sha256(data).hexdigest() and handling.storlek == len(data)
    response = client.get(reverse("beslut:handling_pdf", args=[mote.pk, handling.pk]))
    assert b"".join(response.streaming_content) == data


def test_the_calendar_file(client, plan, fredrik_sekreterare):
    mote = plan(D(2026, 12, 10), sluttid=datetime.time(16, 0), plats="Kansliet, rum 3; plan 2")
    client.force_login(fredrik_sekreterare)
    response = client.get(reverse("beslut:sammantrade_ics", args=[mote.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    fields = dict(line.split(":", 1) for line in unfolded.split("\r\n") if line)
    assert fields["DTSTART"] == "20261210T121500Z"  # 13.15 in Stockholm (winter time, UTC+1)
    assert fields["DTEND"] == "20261210T150000Z"
    assert fields["LOCATION"] == "Kansliet\\, rum 3\\; plan 2"
    assert fields["UID"] == f"sammantrade-{mote.pk}@samordning.invalid" or fields["UID"].startswith(
        f"sammantrade-{mote.pk}@"
    )
    assert fields["SUMMARY"] == "Förbundsstyrelsen: sammanträde"
    again = (
        client.get(reverse("beslut:sammantrade_ics", args=[mote.pk]))
        .content.decode()
        .replace("\r\n ", "")
    )
    assert f"UID:{fields['UID']}" in again


def test_the_organ_page_lists_todays_members(
    client, organ, david_ledamot, elsa_ersattare, orgs, bertil_handlaggare
):
    ledamot = Uppdrag.objects.create(
        organ=organ, person=david_ledamot, roll=Uppdrag.Roll.LEDAMOT, organisation=orgs["region"],
        fran=D(2023, 1, 1), funktion=Uppdrag.Funktion.ORDFORANDE,
    )  # fmt: skip
    ersattare = Uppdrag.objects.create(
        organ=organ,
        person=elsa_ersattare,
        roll=Uppdrag.Roll.ERSATTARE,
        organisation=orgs["knivsta"],
        fran=D(2023, 1, 1),
    )
    ersattare.ersatter.set([ledamot])
    Uppdrag.objects.create(
        organ=organ, person=bertil_handlaggare, roll=Uppdrag.Roll.LEDAMOT, organisation=orgs["af"],
        fran=D(2019, 1, 1), till=D(2022, 12, 31),
    )  # fmt: skip
    client.force_login(elsa_ersattare)
    page = client.get(reverse("beslut:organ", args=[organ.pk])).content.decode()
    assert "David Jansson" in page and "Ordförande" in page and "Region Uppsala" in page
    assert "Elsa Karlsson" in page and "Bertil" not in page


# --- the organ's seats in the admin ---------------------------------------------------


def _seats(organ, rows):
    from django.forms.models import inlineformset_factory

    from beslut.admin import UppdragFormSet

    FormSet = inlineformset_factory(
        Organ, Uppdrag, formset=UppdragFormSet, extra=0,
        fields=["person", "roll", "funktion", "organisation", "fran", "till", "ersatter"],
    )  # fmt: skip
    data = {"uppdrag-TOTAL_FORMS": len(rows), "uppdrag-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data.update({f"uppdrag-{i}-{k}": v for k, v in row.items()})
    formset = FormSet(data, instance=organ, prefix="uppdrag")
    formset.is_valid()
    return [dict(f.errors) for f in formset.forms]


def test_the_admin_keeps_the_seats_sane(
    organ, david_ledamot, elsa_ersattare, bertil_handlaggare, orgs
):
    annat = Organ.objects.create(namn="Arbetsutskottet", typ=Organ.Typ.AU)
    egen = Uppdrag.objects.create(
        organ=organ,
        person=david_ledamot,
        roll="ledamot",
        organisation=orgs["region"],
        fran=D(2026, 1, 1),
    )
    fran_annat = Uppdrag.objects.create(
        organ=annat,
        person=david_ledamot,
        roll="ledamot",
        organisation=orgs["region"],
        fran=D(2026, 1, 1),
    )
    base = {"organisation": orgs["af"].pk, "fran": "2026-01-01"}
    errors = _seats(organ, [
        {**base, "person": elsa_ersattare.pk, "roll": "ersattare", "ersatter": [fran_annat.pk]},
        {**base, "person": bertil_handlaggare.pk, "roll": "ledamot", "ersatter": [egen.pk]},
        {**base, "person": david_ledamot.pk, "roll": "ledamot", "funktion": "ordforande"},
        {**base, "person": bertil_handlaggare.pk, "roll": "ledamot", "funktion": "ordforande", "fran": "2026-06-01"},
        {**base, "person": elsa_ersattare.pk, "roll": "ersattare", "funktion": "vice"},
        {**base, "person": elsa_ersattare.pk, "roll": "ledamot", "fran": "2026-06-01", "till": "2026-01-01"},
    ])  # fmt: skip
    assert "ersatter" in errors[0]  # another organ's seats are not even offered
    assert "ersatter" in errors[1] and "inte ersättare för någon" in str(errors[1])
    assert errors[2] == {}
    assert "redan en ordförande" in str(errors[3]["funktion"])
    assert "bland ledamöterna" in str(errors[4]["funktion"])
    assert "till" in errors[5]
    ok = _seats(organ, [
        {**base, "person": elsa_ersattare.pk, "roll": "ersattare", "ersatter": [egen.pk]},
        {**base, "person": david_ledamot.pk, "roll": "ledamot", "funktion": "ordforande", "till": "2026-05-31"},
        {**base, "person": bertil_handlaggare.pk, "roll": "ledamot", "funktion": "ordforande", "fran": "2026-06-01"},
    ])  # fmt: skip
    assert ok == [{}, {}, {}]


def test_the_start_page_shows_called_meetings_and_the_delegationsbeslut_to_report(
    client, plan, organ, david_ledamot, cecilia_forbundschef, fredrik_sekreterare, orgs
):
    Uppdrag.objects.create(
        organ=organ,
        person=david_ledamot,
        roll=Uppdrag.Roll.LEDAMOT,
        organisation=orgs["region"],
        fran=D(2020, 1, 1),
    )
    idag = timezone.localdate()
    plan(idag - datetime.timedelta(days=60))  # the previous meeting
    kommande = called(plan(idag + datetime.timedelta(days=7), plats="Rådhuset"))
    plan(idag + datetime.timedelta(days=30), plats="Hemligt planerat")
    fastställd(cecilia_forbundschef, "Delegerat beslut", Beslutsforslag.Instans.DELEGATION)
    Beslutsforslag.objects.create(
        datum=idag,
        titel="Utkast på delegation",
        instans=Beslutsforslag.Instans.DELEGATION,
        skapad_av=cecilia_forbundschef,
    )
    mote_services.lagg_till_arende(
        mote=kommande, by=fredrik_sekreterare, version=None, typ=T.DELEGATION
    )
    client.force_login(david_ledamot)
    page = client.get(reverse("start")).content.decode()
    assert "Rådhuset" in page and "Hemligt planerat" not in page
    assert "Delegerat beslut" in page and "Utkast på delegation" not in page
    assert reverse("beslut:sammantrade_ics", args=[kommande.pk]) in page
    mote_page = client.get(reverse("beslut:sammantrade", args=[kommande.pk])).content.decode()
    assert "Delegerat beslut" in mote_page and "Utkast på delegation" not in mote_page


def test_the_sekreterare_starts_from_the_meetings_not_yet_held(client, plan, fredrik_sekreterare):
    mote = plan(plats="Rådhuset")
    client.force_login(fredrik_sekreterare)
    page = client.get(reverse("start")).content.decode()
    assert reverse("beslut:sammantrade", args=[mote.pk]) in page and "Planera sammanträde" in page
    # The kansli reads a planned meeting's kallelse as it would go out.
    assert (
        "Kallelsen som den skulle se ut"
        in client.get(reverse("beslut:sammantrade", args=[mote.pk])).content.decode()
    )


def test_a_proposal_decided_at_a_held_meeting_is_not_put_up_again(
    plan, cecilia_forbundschef, fredrik_sekreterare
):
    from beslut.models import Paragraf

    by = fredrik_sekreterare
    version = fastställd(cecilia_forbundschef)
    held = plan(D(2026, 3, 1))
    arende = mote_services.lagg_till_arende(
        mote=held, by=by, version=None, typ=T.BESLUT, forslag_version=version
    )
    Sammantrade.objects.filter(pk=held.pk).update(status=Sammantrade.Status.GENOMFORT)
    nasta = plan(D(2026, 12, 10))
    with pytest.raises(WorkflowError, match="har redan behandlats"):
        mote_services.lagg_till_arende(
            mote=nasta, by=by, version=None, typ=T.BESLUT, forslag_version=version
        )
    # Sent back (återremiss): the proposal may come again.
    Paragraf.objects.create(
        arende=arende, organ=held.organ, ar=2026, nummer=1, beslut=Paragraf.Beslut.ATERREMISS
    )
    assert list(mote_services.valbara_versioner()) == [version]
    mote_services.lagg_till_arende(
        mote=nasta, by=by, version=None, typ=T.BESLUT, forslag_version=version
    )
