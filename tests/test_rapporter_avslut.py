"""A closed insats takes no more reports, and a report is submitted only
after its period (second tester of issue 11): rapporter.vid_avslut removes
the reports nobody started when insatser.services.avsluta_insats closes the
insats, a started draft stays but its form refuses; lamna_in waits for
the day after the period's last day, a draft can be saved any time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from insatser import rapporter, services
from insatser.models import Beviljande, Insats, Rapport
from samordning.errors import WorkflowError
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
T = Rapport.Typ
S = Rapport.Status
ANTAL = dict.fromkeys(rapporter.ANTAL_FALT, 0)


@pytest.fixture
def insats(orgs, bertil_handlaggare):
    insats = Insats.objects.create(
        namn="Steget vidare", insatsagare=orgs["alvkarleby"], startdatum=D(2025, 1, 1)
    )
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 12, 1), period_fran=D(2025, 1, 1), period_till=D(2027, 12, 31),
        belopp=100_000,
    )  # fmt: skip
    rapporter.satt_plan(
        insats=insats, by=bertil_handlaggare, version=0, lagesrapporter="inga", arsrapport=True,
        slutrapport=True, idag=D(2024, 12, 15),
    )  # fmt: skip
    return insats


def ars(insats, ar):
    return insats.rapporter.get(typ=T.ARSRAPPORT, period_fran__year=ar)


def post_data(rapport, **extra):
    return (
        dict.fromkeys(rapporter.ANTAL_FALT, "0")
        | {"version": str(rapport.version), "fritext": ""}
        | extra
    )


def test_closing_removes_the_reports_not_started_and_a_started_draft_refuses(
    client, insats, anna_sokande, bertil_handlaggare
):
    utkast = ars(insats, 2025)  # overdue since 2026-02-15
    rapporter.spara(
        rapport=utkast,
        by=anna_sokande,
        version=utkast.version,
        antal=ANTAL,
        fritext="Påbörjad",
        maltexter={},
    )
    insats.rapporter.filter(typ=T.SLUTRAPPORT).update(status=S.GODKAND)
    # Owed and not started: the årsrapport 2026 (2027's is the slutrapport's).
    assert insats.rapporter.filter(status=S.EJ_INLAMNAD).count() == 2
    client.force_login(anna_sokande)
    assert (
        "dagar försenad"
        in client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    )
    insats.refresh_from_db()
    services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version)

    assert sorted(insats.rapporter.values_list("typ", "period_fran__year", "status")) == [
        (T.ARSRAPPORT, 2025, S.EJ_INLAMNAD), (T.SLUTRAPPORT, 2025, S.GODKAND),
    ]  # fmt: skip
    entry = AuditEntry.objects.get(handling="rapporter.borttagna_vid_avslut")
    assert len(entry.data["borttagna"]) == 1 and "2026-12-31" in entry.data["borttagna"][0]

    utkast.refresh_from_db()
    for service in (rapporter.spara, rapporter.lamna_in):
        with pytest.raises(WorkflowError, match="Insatsen är avslutad"):
            service(
                rapport=utkast,
                by=anna_sokande,
                version=utkast.version,
                antal=ANTAL,
                fritext="x",
                maltexter={},
            )

    url = reverse("insatser:rapport", args=[utkast.pk])
    page = client.get(url).content.decode()
    assert "Rapporten kan inte längre sparas eller lämnas in." in page
    assert 'name="action"' not in page and "Påbörjad" in page
    response = client.post(url, post_data(utkast, fritext="Nytt", action="spara"), follow=True)
    assert "Rapporten kan inte längre sparas eller lämnas in." in response.content.decode()
    utkast.refresh_from_db()
    assert utkast.fritext == "Påbörjad"
    # The insats page: the kept draft is not "försenad" any more.
    detalj = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "försenad" not in detalj


def test_closing_with_nothing_owed_writes_no_report_entry(insats, bertil_handlaggare):
    insats.rapporter.all().update(status=S.GODKAND)
    insats.refresh_from_db()
    services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version)
    assert insats.rapporter.count() == 3
    assert not AuditEntry.objects.filter(handling="rapporter.borttagna_vid_avslut").exists()


def test_a_report_is_submitted_only_after_its_period_a_draft_any_time(insats, anna_sokande):
    r = ars(insats, 2026)  # 2026-01-01–2026-12-31
    rapporter.spara(
        rapport=r, by=anna_sokande, version=r.version, antal=ANTAL, fritext="Tidigt", maltexter={}
    )
    r.refresh_from_db()
    with pytest.raises(rapporter.RapportError) as fel:
        rapporter.lamna_in(
            rapport=r, by=anna_sokande, version=r.version, antal=ANTAL, fritext="", maltexter={}, idag=D(2026, 12, 31)
        )  # fmt: skip
    assert (
        fel.value.errors[None]
        == "Rapporten kan lämnas in från och med 2027-01-01, när perioden är slut."
    )
    r.refresh_from_db()
    assert r.status == S.EJ_INLAMNAD and r.fritext == "Tidigt"
    r = rapporter.lamna_in(
        rapport=r,
        by=anna_sokande,
        version=r.version,
        antal=ANTAL,
        fritext="",
        maltexter={},
        idag=D(2027, 1, 1),
    )
    assert r.status == S.INLAMNAD


def test_the_form_offers_no_submit_before_the_period_ends_and_says_from_when(
    client, insats, anna_sokande
):
    idag = timezone.localdate()
    r = insats.rapporter.filter(period_till__gte=idag).order_by("period_till").first()
    fran = (r.period_till + datetime.timedelta(days=1)).isoformat()
    client.force_login(anna_sokande)
    url = reverse("insatser:rapport", args=[r.pk])
    page = client.get(url).content.decode()
    assert f"Rapporten kan lämnas in från och med {fran}, när perioden är slut." in page
    assert 'value="spara"' in page and 'value="lamna_in"' not in page
    response = client.post(url, post_data(r, fritext="Mitt utkast", action="lamna_in"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Rapporten kan lämnas in från och med {fran}" in html and "Mitt utkast" in html
    r.refresh_from_db()
    assert r.status == S.EJ_INLAMNAD
    response = client.post(url, post_data(r, fritext="Mitt utkast", action="spara"))
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.fritext == "Mitt utkast"
    # A report whose period is over offers the submit button.
    over = ars(insats, 2025)
    assert (
        'value="lamna_in"'
        in client.get(reverse("insatser:rapport", args=[over.pk])).content.decode()
    )


def test_an_insats_extended_after_its_slutrapport_owes_one_for_the_time_after(orgs, bertil_handlaggare, anna_sokande):
    """A one-year insats with every report accepted (its slutrapport stood in
    for Q4 and the årsrapport) is closed, then a tillägg extends it by three
    years: Q4 and the årsrapport of the old year are not asked for again
    (the slutrapport answered for them), a slutrapport is owed for the new
    time, and the insats cannot close again until it is accepted."""
    from ansokningar import services as ansokan_services
    from insatser import selectors

    D = datetime.date
    ins = services.registrera_insats(
        by=bertil_handlaggare, namn="Kort insats", insatsagare=orgs["alvkarleby"], kategori=None,
        startdatum=D(2024, 1, 1),
        beviljanden=[{"beslutsdatum": D(2023, 12, 1), "period_fran": D(2024, 1, 1), "period_till": D(2024, 12, 31), "belopp": 100_000}],
    )  # fmt: skip
    rapporter.satt_plan(
        insats=ins, by=bertil_handlaggare, version=0, lagesrapporter="kvartal", arsrapport=True, slutrapport=True,
        idag=D(2023, 12, 1),
    )  # fmt: skip
    Rapport.objects.filter(insats=ins).update(status=Rapport.Status.GODKAND, hanterad=timezone.now())
    fore = set(ins.rapporter.values_list("typ", "period_fran", "period_till"))
    ins.refresh_from_db()
    services.avsluta_insats(insats=ins, by=bertil_handlaggare, version=ins.version)
    tillagg = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Tillägg")
    ins, _grant = services.bevilja_insats(
        by=bertil_handlaggare, insats=ins, ansokan=tillagg,
        beviljande={"beslutsdatum": D(2025, 3, 1), "diarienummer": "", "period_fran": D(2025, 1, 1), "period_till": D(2027, 12, 31), "belopp": 300_000},
    )  # fmt: skip
    nya = set(ins.rapporter.values_list("typ", "period_fran", "period_till")) - fore
    assert all(fran >= D(2025, 1, 1) for _typ, fran, _till in nya)  # nothing of 2024 comes back
    assert (Rapport.Typ.SLUTRAPPORT, D(2025, 1, 1), D(2027, 12, 31)) in nya
    godkand = next(k for k in selectors.avslut(ins).kontroller if k.text == "Slutrapporten är godkänd")
    assert not godkand.uppfylld
