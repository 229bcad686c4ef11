"""Anslag (issue 10 item 8): the dates, and the public anslagstavla that
lists the anslagna protokoll with their PDFs to anyone, without a login,
and nothing else."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from beslut import protokoll_pdf
from beslut.models import Sammantrade
from beslut.services import anslag as services
from beslut.services import justering as justering_services
from samordning.errors import WorkflowError
from samordning.models import AuditEntry
from tests.justering_data import bygg_mote

pytestmark = pytest.mark.django_db


def justera(m):
    full = protokoll_pdf.mote_queryset().get(pk=m["mote"].pk)
    nyckel = justering_services.innehall_nyckel(full)
    protokoll = None
    for j in m["justeringar"]:
        protokoll = justering_services.attestera(justering=j, by=j.person, nyckel=nyckel)
    return protokoll


@pytest.fixture
def justerat(forbund, media):
    m = bygg_mote(antal=2, start=1)
    m["protokoll"] = justera(m)
    return m


def test_anslag_dates(justerat):
    idag = timezone.localdate()
    m = justerat["mote"]
    with pytest.raises(WorkflowError, match="före justeringen"):
        services.anslaa(mote=m, datum=idag - datetime.timedelta(days=1), forvaringsplats="Kansliet", by=None)
    with pytest.raises(WorkflowError, match="senast i dag"):
        services.anslaa(mote=m, datum=idag + datetime.timedelta(days=1), forvaringsplats="Kansliet", by=None)
    with pytest.raises(WorkflowError, match="förvaringsplatsen"):
        services.anslaa(mote=m, datum=idag, forvaringsplats="Någon annanstans", by=justerat["sekreterare"])
    m = services.anslaa(mote=m, datum=idag, forvaringsplats=m.forvaringsplats, by=justerat["sekreterare"])
    assert m.status == Sammantrade.Status.ANSLAGET
    assert m.anslaget == idag and m.nedtages == idag + datetime.timedelta(weeks=3)
    assert AuditEntry.objects.filter(handling="protokoll.anslaget").exists()
    with pytest.raises(WorkflowError, match="Bara ett justerat protokoll"):
        services.anslaa(mote=m, datum=idag, forvaringsplats=m.forvaringsplats, by=None)


def test_only_a_justerat_protokoll_is_anslaget(forbund, media):
    m = bygg_mote(antal=1, start=1)["mote"]
    with pytest.raises(WorkflowError):
        services.anslaa(mote=m, datum=timezone.localdate(), forvaringsplats="Kansliet", by=None)


def test_the_anslagstavla_is_public_and_lists_only_anslagna(justerat, client, django_assert_max_num_queries):
    ej_anslaget = bygg_mote(antal=1, start=20, datum=datetime.date(2026, 11, 30))
    justera(ej_anslaget)
    bygg_mote(antal=1, start=30, datum=datetime.date(2026, 12, 1))  # not even justerat
    m = justerat["mote"]
    pdf_url = reverse("anslagstavla_pdf", args=[m.pk])
    assert client.get(pdf_url).status_code == 404  # justerat, not anslaget yet
    m = services.anslaa(mote=m, datum=timezone.localdate(), forvaringsplats=m.forvaringsplats, by=None)

    client.logout()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("anslagstavla"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Förbundsstyrelsen" in html and "2026-11-23" in html and "§&nbsp;1–2" in html
    assert timezone.localdate().isoformat() in html and m.nedtages.isoformat() in html
    assert m.forvaringsplats in html and pdf_url in html
    assert reverse("anslagstavla_pdf", args=[ej_anslaget["mote"].pk]) not in html
    assert "2026-11-30" not in html and "2026-12-01" not in html

    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.getvalue()).hexdigest() == justerat["protokoll"].sha256
    assert client.get(reverse("anslagstavla_pdf", args=[ej_anslaget["mote"].pk])).status_code == 404
    # Nothing else opens without a login: the meeting's own protokoll URL does not.
    assert client.get(reverse("beslut:protokoll_pdf", args=[m.pk])).status_code == 302


def test_the_anslag_page(justerat, client_for, david_ledamot):
    m = justerat["mote"]
    url = reverse("beslut:anslag", args=[m.pk])
    sekr = client_for(justerat["sekreterare"])
    assert sekr.get(url).status_code == 200
    bad = sekr.post(url, {"datum": "inte ett datum", "forvaringsplats": ""})
    assert bad.status_code == 400 and "inte ett datum" in bad.content.decode()
    response = sekr.post(url, {"datum": timezone.localdate().isoformat(), "forvaringsplats": m.forvaringsplats})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == Sammantrade.Status.ANSLAGET
    assert client_for(david_ledamot).get(url).status_code == 403


def test_an_anslag_planned_before_the_justering_is_in_the_justerat_protokoll(forbund, media, client_for):
    from tests.helpers import pdf_text

    m = bygg_mote(antal=1, start=1)
    mote = m["mote"]
    idag = timezone.localdate()
    sekr = client_for(m["sekreterare"])
    url = reverse("beslut:anslag", args=[mote.pk])
    page = sekr.get(url)
    assert "Spara planerat anslag" in page.content.decode()
    response = sekr.post(url, {"version": mote.version, "datum": idag.isoformat(), "forvaringsplats": "Kansliet i Tierp"})
    assert response.status_code == 302
    stale = sekr.post(url, {"version": mote.version, "datum": idag.isoformat(), "forvaringsplats": "Annat"})
    assert stale.status_code == 409 and "Annat" in stale.content.decode()
    mote.refresh_from_db()
    assert (mote.anslaget, mote.forvaringsplats, mote.status) == (idag, "Kansliet i Tierp", Sammantrade.Status.GENOMFORT)

    protokoll = justera(m)
    text = " ".join(pdf_text(protokoll.pdf.read()).split())
    assert f"Datum då anslaget sätts upp {idag.isoformat()}" in text
    assert f"Datum då anslaget tidigast tas ned {(idag + datetime.timedelta(weeks=3)).isoformat()}" in text
    assert "Förvaringsplats för protokollet Kansliet i Tierp" in text
    # Planned for tomorrow (as if so when the protokoll was justerat): not today.
    Sammantrade.objects.filter(pk=mote.pk).update(anslaget=idag + datetime.timedelta(days=1))
    with pytest.raises(WorkflowError, match="anger att anslaget sätts upp"):
        services.anslaa(mote=mote, datum=idag, forvaringsplats="Kansliet i Tierp", by=None)
    Sammantrade.objects.filter(pk=mote.pk).update(anslaget=idag)
    assert services.anslaa(mote=mote, datum=idag, forvaringsplats="Kansliet i Tierp", by=None).anslaget == idag


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_anslagstavla_reads_in_a_fixed_number_of_queries(forbund, media, client):
    def anslagen(n, start, day):
        m = bygg_mote(antal=n, start=start, datum=datetime.date(2026, 11, day))
        justera(m)
        services.anslaa(mote=m["mote"], datum=timezone.localdate(), forvaringsplats=m["mote"].forvaringsplats, by=None)

    anslagen(1, 1, 2)
    one = _queries(client, reverse("anslagstavla"))
    anslagen(3, 10, 9)
    anslagen(2, 20, 16)
    assert _queries(client, reverse("anslagstavla")) == one <= 4


def test_the_anslag_is_made_as_the_justerat_protokoll_states_it(forbund, media, client_for):
    m = bygg_mote(antal=1, start=1)
    Sammantrade.objects.filter(pk=m["mote"].pk).update(forvaringsplats="")
    justera(m)
    mote = Sammantrade.objects.get(pk=m["mote"].pk)
    idag = timezone.localdate()
    assert mote.anslaget == idag and mote.forvaringsplats.startswith("Samordningsförbundets kansli")
    sekr = client_for(m["sekreterare"])
    url = reverse("beslut:anslag", args=[mote.pk])
    page = sekr.get(url).content.decode()
    # Prefilled with what the protokoll states, and required in the browser too.
    assert f'value="{mote.forvaringsplats}"' in page and f'value="{idag.isoformat()}"' in page
    assert page.count("required") >= 2
    other = sekr.post(url, {"datum": (idag - datetime.timedelta(days=1)).isoformat(), "forvaringsplats": mote.forvaringsplats})
    assert other.status_code == 400
    Sammantrade.objects.filter(pk=mote.pk).update(anslaget=idag - datetime.timedelta(days=1))
    with pytest.raises(WorkflowError, match=f"anger att anslaget sätts upp {(idag - datetime.timedelta(days=1)).isoformat()}"):
        services.anslaa(mote=mote, datum=idag, forvaringsplats=mote.forvaringsplats, by=None)
    Sammantrade.objects.filter(pk=mote.pk).update(anslaget=idag)
    assert sekr.post(url, {"datum": idag.isoformat(), "forvaringsplats": mote.forvaringsplats}).status_code == 302
