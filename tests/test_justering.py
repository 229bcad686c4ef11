"""Justering (issue 10 item 7): the ordförande and each justerare attest
their own row; an invändning shows in the protokoll; the last attest
freezes the protokoll (stored PDF with SHA-256, JUSTERAT), after which the
services and the database refuse every change; omedelbar justering of one §."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from beslut import protokoll_pdf
from beslut.models import Jav, Justering, Narvaro, Paragraf, Protokoll, Sammantrade
from beslut.services import justering as services
from beslut.services import protokoll as protokoll_services
from samordning.errors import ConflictError, WorkflowError
from samordning.models import AuditEntry
from tests.helpers import pdf_text
from tests.justering_data import bygg_mote

pytestmark = pytest.mark.django_db


@pytest.fixture
def mote(forbund, media):
    return bygg_mote(antal=3, start=1)


def _nyckel(m, paragraf=None):
    return services.innehall_nyckel(protokoll_pdf.mote_queryset().get(pk=m["mote"].pk), paragraf)


def _attestera_alla(m, invandning=None):
    protokoll = None
    for j in m["justeringar"]:
        if invandning and j.roll == Justering.Roll.JUSTERARE:
            services.spara_invandning(justering=j, by=j.person, invandning=invandning)
            invandning = None
        protokoll = services.attestera(justering=j, by=j.person, nyckel=_nyckel(m))
    return protokoll


def test_each_attests_only_their_own_row(mote):
    ordf, hanna, _ivar = mote["justeringar"]
    with pytest.raises(PermissionDenied):
        services.attestera(justering=hanna, by=mote["ordforande"], nyckel=_nyckel(mote))
    assert services.attestera(justering=ordf, by=mote["ordforande"], nyckel=_nyckel(mote)) is None
    ordf.refresh_from_db()
    assert ordf.attesterad is not None
    with pytest.raises(WorkflowError, match="redan justerat"):
        services.attestera(justering=ordf, by=mote["ordforande"], nyckel=_nyckel(mote))
    assert AuditEntry.objects.filter(handling="justering.attesterad").count() == 1


def test_an_attest_of_a_changed_protokoll_is_refused(mote):
    ordf = mote["justeringar"][0]
    nyckel = _nyckel(mote)
    Paragraf.objects.filter(pk=mote["paragrafer"][0].pk).update(beslutstext="bevilja något annat")
    with pytest.raises(ConflictError):
        services.attestera(justering=ordf, by=mote["ordforande"], nyckel=nyckel)


def test_an_unfinished_protokoll_cannot_be_attested(mote):
    Paragraf.objects.filter(pk=mote["paragrafer"][1].pk).update(beslut="")
    with pytest.raises(WorkflowError, match="§\u00a02"):
        services.attestera(justering=mote["justeringar"][0], by=mote["ordforande"], nyckel=_nyckel(mote))


def test_the_last_attest_freezes_the_protokoll(mote):
    protokoll = _attestera_alla(mote, invandning="§ 2: min reservation saknas i protokollet.")
    assert isinstance(protokoll, Protokoll)
    m = Sammantrade.objects.get(pk=mote["mote"].pk)
    assert m.status == Sammantrade.Status.JUSTERAT
    data = protokoll.pdf.read()
    assert hashlib.sha256(data).hexdigest() == protokoll.sha256
    text = " ".join(pdf_text(data).split())
    assert "Ej justerat" not in text
    assert "Justerat digitalt" in text and "av Hanna Ek" in text and "av Ivar Lind" in text and "av David Jansson" in text
    assert "Invändning från Hanna Ek (justerare) vid justeringen: § 2: min reservation saknas" in text
    assert AuditEntry.objects.filter(handling="protokoll.justerat").exists()
    # An extract names the stored protokoll it was taken from.
    utdrag = "".join(pdf_text(protokoll_pdf.render_utdrag_pdf([mote["paragrafer"][0]])).split())
    assert "Rättutdragetintygar" in utdrag and protokoll.sha256 in utdrag

    # No change in the app afterwards …
    with pytest.raises(WorkflowError):
        protokoll_services.spara_beslut(paragraf=mote["paragrafer"][0], by=mote["sekreterare"], version=None, data={})
    with pytest.raises(WorkflowError):
        services.spara_invandning(justering=mote["justeringar"][1], by=mote["hanna"], invandning="sent")
    # … nor in the database.
    for sql, args in [
        ("UPDATE beslut_paragraf SET beslutstext = 'ändrat' WHERE id = %s", [mote["paragrafer"][0].pk]),
        ("DELETE FROM beslut_jav WHERE paragraf_id = %s", [mote["paragrafer"][1].pk]),
        ("UPDATE beslut_rost SET svar = 'nej' WHERE paragraf_id = %s", [mote["paragrafer"][1].pk]),
        ("UPDATE beslut_narvaro SET namn = 'Någon annan' WHERE sammantrade_id = %s", [m.pk]),
        ("UPDATE beslut_protokoll SET sha256 = 'x' WHERE id = %s", [protokoll.pk]),
        ("DELETE FROM beslut_protokoll WHERE id = %s", [protokoll.pk]),
        ("UPDATE beslut_justering SET invandning = 'x' WHERE sammantrade_id = %s", [m.pk]),
    ]:
        with pytest.raises(IntegrityError, match="justerat"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, args)
    with pytest.raises(IntegrityError), transaction.atomic():
        Jav.objects.create(paragraf=mote["paragrafer"][0], uppdrag=mote["uppdrag"]["ivar"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Narvaro.objects.create(sammantrade=m, namn="Sen gäst", typ=Narvaro.Typ.OVRIG)
    # Another meeting's rows are not held by it.
    annat = bygg_mote(antal=1, start=10, datum=m.datum.replace(day=30))
    Paragraf.objects.filter(pk=annat["paragrafer"][0].pk).update(anteckningar="går bra")


def test_the_justering_page_is_for_the_people_who_attest(mote, client_for, bertil_handlaggare):
    m = mote["mote"]
    url = reverse("beslut:justering", args=[m.pk])
    hanna = client_for(mote["hanna"])
    assert url in hanna.get(reverse("start")).content.decode()  # "Protokoll att justera"
    assert url in hanna.get(reverse("beslut:sammantrade", args=[m.pk])).content.decode()
    page = hanna.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hanna Ek, du justerar som justerare" in html and "data-bekrafta" in html
    assert reverse("beslut:protokoll_pdf", args=[m.pk]) in html
    # Another board member of the organ who does not attest: nothing here.
    assert client_for(mote["olof"]).get(url).status_code == 404
    # The kansli follows it, without forms.
    kansli = client_for(bertil_handlaggare).get(url)
    assert kansli.status_code == 200 and "Justera protokollet" not in kansli.content.decode()

    # Hanna notes an invändning, then attests; not someone else's row.
    hanna = client_for(mote["hanna"])
    j = mote["justeringar"][1]
    response = hanna.post(url, {"justering": j.pk, "handling": "invandning", f"j{j.pk}-invandning": "Fel namn i § 1."})
    assert response.status_code == 302
    j.refresh_from_db()
    assert j.invandning == "Fel namn i § 1."
    assert "Fel namn i § 1." in pdf_text(hanna.get(reverse("beslut:protokoll_pdf", args=[m.pk])).getvalue())
    other = mote["justeringar"][2]
    assert hanna.post(url, {"justering": other.pk, "handling": "attestera", "nyckel": _nyckel(mote)}).status_code == 404
    hanna.post(url, {"justering": j.pk, "handling": "attestera", "nyckel": _nyckel(mote)})
    j.refresh_from_db()
    assert j.attesterad is not None
    # A stale page: refused with a message, nothing attested.
    ivar = client_for(mote["ivar"])
    response = ivar.post(url, {"justering": other.pk, "handling": "attestera", "nyckel": "gammal"}, follow=True)
    assert "har ändrats sedan du öppnade sidan" in response.content.decode()
    other.refresh_from_db()
    assert other.attesterad is None


def test_a_justerat_protokoll_is_served_from_its_stored_file(mote, client_for):
    protokoll = _attestera_alla(mote)
    response = client_for(mote["sekreterare"]).get(reverse("beslut:protokoll_pdf", args=[mote["mote"].pk]))
    assert response["X-Content-SHA256"] == protokoll.sha256
    assert hashlib.sha256(response.getvalue()).hexdigest() == protokoll.sha256


def test_omedelbar_justering_of_one_paragraph(mote, client_for):
    par = mote["paragrafer"][0]
    sekr = client_for(mote["sekreterare"])
    # The sekreterare asks; ordförande and justerare get rows for the §.
    from samordning.models import Roll

    mote["sekreterare"].roll = Roll.SEKRETERARE
    response = sekr.post(reverse("beslut:omedelbar_justering", args=[mote["mote"].pk, par.nummer]))
    assert response.status_code == 302
    rader = list(Justering.objects.filter(paragraf=par))
    assert {j.person_id for j in rader} == {mote["ordforande"].pk, mote["hanna"].pk, mote["ivar"].pk}
    for j in rader:
        services.attestera(justering=j, by=j.person, nyckel=_nyckel(mote, par))
    par.refresh_from_db()
    assert par.omedelbart_justerad is not None
    text = pdf_text(protokoll_pdf.render_utdrag_pdf([par]))
    assert "Paragrafen justerades omedelbart digitalt" in text and "Justerat digitalt" in text
    assert "Protokollet är inte justerat" not in text
    # The § is held now; the rest of the protokoll is still kept.
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraf.objects.filter(pk=par.pk).update(anteckningar="ändrat")
    Paragraf.objects.filter(pk=mote["paragrafer"][1].pk).update(anteckningar="går bra")
    # And the meeting can still be justerat as a whole.
    assert isinstance(_attestera_alla(mote), Protokoll)


def test_the_justering_page_reads_in_a_fixed_number_of_queries(forbund, media, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for antal, start, day in [(2, 1, 2), (20, 10, 9)]:
        m = bygg_mote(antal=antal, start=start, datum=Sammantrade._meta.get_field("datum").to_python(f"2026-11-{day:02d}"))
        client = client_for(m["sekreterare"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("beslut:justering", args=[m["mote"].pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 30, counts


def test_an_attest_of_a_text_corrected_since_must_be_made_again(mote):
    ordf, hanna, ivar = mote["justeringar"]
    services.attestera(justering=hanna, by=mote["hanna"], nyckel=_nyckel(mote))
    # The sekreterare corrects § 1 after Hanna has justerat.
    Paragraf.objects.filter(pk=mote["paragrafer"][0].pk).update(anteckningar="Rättat efter justeringen.")
    services.attestera(justering=ivar, by=mote["ivar"], nyckel=_nyckel(mote))
    hanna.refresh_from_db()
    assert hanna.attesterad is None
    assert AuditEntry.objects.filter(handling="justering.inaktuell").count() == 1
    assert services.attestera(justering=ordf, by=mote["ordforande"], nyckel=_nyckel(mote)) is None  # Hanna's missing
    assert isinstance(services.attestera(justering=hanna, by=mote["hanna"], nyckel=_nyckel(mote)), Protokoll)


def test_a_justerat_protokoll_always_states_its_anslag(mote, forbund):
    """No anslag planned: the justering plans it (the justering day, the
    förbund's latest förvaringsplats, else its kansli) before the PDF is
    frozen, so the bevis is never empty."""
    from django.utils import timezone

    from samordning.models import Forbund

    Forbund.objects.update(adress="Box 1, 815 80 Tierp")
    Sammantrade.objects.filter(pk=mote["mote"].pk).update(anslaget=None, forvaringsplats="")
    protokoll = _attestera_alla(mote)
    m = Sammantrade.objects.get(pk=mote["mote"].pk)
    idag = timezone.localdate()
    assert (m.anslaget, m.forvaringsplats) == (idag, "Samordningsförbundets kansli, Box 1, 815 80 Tierp")
    text = " ".join(pdf_text(protokoll.pdf.read()).split())
    assert f"Datum då anslaget sätts upp {idag.isoformat()}" in text
    assert "Samordningsförbundets kansli, Box 1, 815 80 Tierp" in text
    assert AuditEntry.objects.filter(handling="protokoll.anslag_planerat", data__vid_justering=True).exists()


def test_the_next_protokoll_is_kept_where_the_last_was(forbund, media):
    from django.utils import timezone

    forsta = bygg_mote(antal=1, start=1)
    Sammantrade.objects.filter(pk=forsta["mote"].pk).update(forvaringsplats="Kansliet, Storgatan 1, Tierp")
    andra = bygg_mote(antal=1, start=10, datum=forsta["mote"].datum.replace(day=30))
    planerat = timezone.localdate()
    Sammantrade.objects.filter(pk=andra["mote"].pk).update(forvaringsplats="", anslaget=planerat)
    _attestera_alla(andra)
    m = Sammantrade.objects.get(pk=andra["mote"].pk)
    # What the sekreterare planned stands; only the missing place is filled in.
    assert (m.anslaget, m.forvaringsplats) == (planerat, "Kansliet, Storgatan 1, Tierp")


def test_an_unfinished_protokoll_says_so_first_and_takes_invandningar(mote, client_for):
    m = mote["mote"]
    Paragraf.objects.filter(pk__in=[p.pk for p in mote["paragrafer"][1:]]).update(beslut="")
    url = reverse("beslut:justering", args=[m.pk])
    hanna = client_for(mote["hanna"])
    html = hanna.get(url).content.decode()
    assert "Protokollet är inte klart att justera: beslut saknas i §\u00a02, §\u00a03." in html
    assert 'value="attestera"' not in html and "Justera protokollet</button>" not in html
    j = mote["justeringar"][1]
    response = hanna.post(url, {"justering": j.pk, "handling": "invandning", f"j{j.pk}-invandning": "§ 2 saknar beslut."})
    assert response.status_code == 302
    j.refresh_from_db()
    assert j.invandning == "§ 2 saknar beslut." and j.attesterad is None
    with pytest.raises(WorkflowError, match="inte klart att justera"):
        services.attestera(justering=j, by=j.person, nyckel=_nyckel(mote))


def test_a_protokollsutdrag_of_chosen_paragraphs_from_the_pages(mote, client_for):
    m = mote["mote"]
    _attestera_alla(mote)
    html = client_for(mote["hanna"]).get(reverse("beslut:justering", args=[m.pk])).content.decode()
    assert f'action="{reverse("beslut:protokollsutdrag_pdf", args=[m.pk])}"' in html
    assert 'name="p" value="1"' in html and 'name="p" value="3"' in html and "Protokollsutdrag (PDF)" in html
    sekr = client_for(mote["sekreterare"])
    assert 'name="p" value="2"' in sekr.get(reverse("beslut:protokoll_foring", args=[m.pk])).content.decode()
    pdf = sekr.get(reverse("beslut:protokollsutdrag_pdf", args=[m.pk]) + "?p=1&p=3")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_aterremiss_leaves_its_trace_on_the_proposal(mote, forslag, cecilia_forbundschef, client_for):
    from beslut import services as forslag_services
    from beslut.models import Arende

    version = forslag_services.faststall(forslag=forslag, by=cecilia_forbundschef)
    Arende.objects.filter(pk=mote["arenden"][0].pk).update(forslag_version=version)
    Paragraf.objects.filter(pk=mote["paragrafer"][0].pk).update(
        beslut=Paragraf.Beslut.ATERREMISS, beslutstext="", instruktion="Komplettera med en budget per år."
    )
    _attestera_alla(mote)
    entry = AuditEntry.objects.get(handling="forslag.aterremitterat")
    assert entry.objekt == forslag
    assert (entry.data["paragraf"], entry.data["instruktion"]) == (1, "Komplettera med en budget per år.")
    page = client_for(cecilia_forbundschef).get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "Återremitterat genom justerat protokoll" in page
