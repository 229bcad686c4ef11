"""A rekvisition as a PDF (issue 11 item 2): what it says, read back from
the file, and that it is archivable and tagged like every PDF of the app."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insatser import rekvisition_pdf
from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats, Rekvisition
from samordning import pdf as pdf_module
from tests.helpers import pdf_text
from tests.pdfcheck import archival_problems

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def betald(orgs, anna_sokande, bertil_handlaggare, cecilia_forbundschef, forbund, media):
    insats = Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])
    beslut = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 12, 10), organ=Beviljande.Organ.STYRELSE, paragraf=84,
        diarienummer="SFU 2025/9", period_fran=D(2026, 1, 1), period_till=D(2026, 12, 31), belopp=450_000,
    )  # fmt: skip
    forsta = rek.lamna_in(
        insats=insats, beviljande=beslut, period=(D(2026, 1, 1), D(2026, 3, 31)), rader={"lon": 100_000}, by=anna_sokande
    )
    rek.returnera(rekvisition=forsta, by=bertil_handlaggare, version=forsta.version, kommentar="Fel period.")
    tidigare = rek.lamna_in(
        insats=insats, beviljande=beslut, period=(D(2026, 1, 1), D(2026, 3, 31)), rader={"lon": 90_000}, by=anna_sokande
    )
    r = rek.lamna_in(
        insats=insats, beviljande=beslut, period=(D(2026, 4, 1), D(2026, 6, 30)),
        rader={"lon": 120_000, "lokal": 12_500, "ovrig": 3_000}, by=anna_sokande, kommentar="Andra kvartalet.",
    )  # fmt: skip
    r = rek.attestera(rekvisition=r, by=bertil_handlaggare, version=r.version)
    # Attested in July, as the case has it (the service stamps today); paid after it.
    r.attesterad = timezone.make_aware(datetime.datetime(2026, 7, 10, 9))
    Rekvisition.objects.filter(pk=r.pk).update(attesterad=r.attesterad)
    rek.markera_betald(rekvisition=r, by=cecilia_forbundschef, version=r.version, datum=D(2026, 7, 15))
    return tidigare, r


def test_the_pdf_says_what_the_claim_is_and_is_archivable(client, bertil_handlaggare, betald, forbund, monkeypatch):
    _tidigare, r = betald
    rendered = []
    real = pdf_module.write_pdf

    def spy(html, **kwargs):
        rendered.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_module, "write_pdf", spy)
    client.force_login(bertil_handlaggare)
    response = client.get(reverse("insatser:rekvisition_pdf", args=[r.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.getvalue()
    assert archival_problems(data, rendered[-1]) == []
    text = pdf_text(data)
    for expected in [
        "Rekvisition", "Steget vidare", "Älvkarleby kommun",
        "Förbundsstyrelsen 10 december 2025, § 84 (SFU 2025/9)",
        "2026-04-01 – 2026-06-30", "Lönekostnader 120 000 kr", "Lokalkostnader 12 500 kr",
        "Övriga kostnader 3 000 kr", "Summa 135 500 kr",
        # Granted 450 000; the returned 100 000 does not count; 90 000 before, none of it paid.
        "Beslutet 450 000 kr 90 000 kr 0 kr 224 500 kr",
        "Attesterad", "Bertil", "Utbetald 2026-07-15, registrerad av Cecilia", "Andra kvartalet.",
    ]:  # fmt: skip
        assert expected in text, (expected, text)
    # Each label stands apart from its value (a gutter between the columns,
    # read as the page lays it out), and the förbund is named once at the
    # top: the running header, not again above the title.
    layout = PdfReader(io.BytesIO(data)).pages[0].extract_text(extraction_mode="layout")
    for label, value in [
        ("Rekvisitionens period", "2026-04-01"), ("Beslutets period", "2026-01-01"),
        ("Insatsägarens kommentar", "Andra kvartalet."), ("Inlämnad", "20"),
    ]:  # fmt: skip
        assert re.search(rf"^\s*{label} {{3,}}{re.escape(value)}", layout, re.M), (label, layout)
    assert text.count(forbund.namn) == 1, text
    # The same state is read from the store, not rendered again.
    count = len(rendered)
    assert client.get(reverse("insatser:rekvisition_pdf", args=[r.pk])).getvalue() == data
    assert len(rendered) == count
    assert rekvisition_pdf.filnamn(r) in response["Content-Disposition"]
