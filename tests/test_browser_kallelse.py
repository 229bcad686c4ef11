"""The kallelse and the packet in Chromium (issue 10, item 4): the
sekreterare sends the kallelse from the meeting page through its
confirmation dialog; a ledamot then finds the meeting, opens the kallelse
and the whole packet (one PDF with bookmarks) from its links; axe on the
page as the member sees it."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from beslut import services as beslut_services
from beslut.models import Sammantrade
from tests import mote_data
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sekreterare_sends_the_kallelse_and_a_ledamot_reads_the_packet(
    page, forslag, cecilia_forbundschef, orgs, david_ledamot, elsa_ersattare, fredrik_sekreterare, media, mailoutbox
):
    version = beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)
    organ = mote_data.organ_med_ledamoter(orgs, david_ledamot, elsa_ersattare)
    mote = mote_data.mote(organ, fredrik_sekreterare, version)
    pw = page.pw

    page.login("fredrik", PASSWORD)
    page.goto(f"/beslut/sammantraden/{mote.pk}/")
    page.bekrafta(pw.get_by_role("button", name="Skicka kallelse …"))
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.KALLAT
    kallade = sorted(m.to[0] for m in mailoutbox if m.subject.startswith("Kallelse"))
    assert kallade == ["david@test.example", "elsa@test.example"]
    page.logout()

    page.login("david", PASSWORD)
    page.goto(f"/beslut/sammantraden/{mote.pk}/")
    kallelse = pw.get_by_role("link", name="Kallelse (PDF)")
    paket = pw.get_by_role("link", name="Alla handlingar i en PDF")
    expect(kallelse).to_be_visible()
    violations = page.axe_violations()
    assert not violations, violations
    for link in (kallelse, paket):
        response = pw.request.get(page.base_url + link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["Innehåll", "Kallelse och föredragningslista"]
    assert f"Ärende 4 {version.innehall['titel']}" in titles
