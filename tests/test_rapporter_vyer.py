"""Rapporter's pages (insatser.views.rapporter): the report form keeps what
was typed and says what is wrong at the field, the handläggare's handling,
the plan page, who sees what and which links, and constant query counts."""

import datetime

import pytest
from django.urls import reverse

from ansokningar import services as ansokan_services
from ansokningar.models import Mal
from insatser import rapporter
from insatser.models import Beviljande, Insats, Rapport, Rapportplan

pytestmark = pytest.mark.django_db
D = datetime.date
S = Rapport.Status


@pytest.fixture
def insats(orgs, anna_sokande, bertil_handlaggare):
    insats = Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])
    ansokan = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=insats.insatsagare, namn=insats.namn)
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 12, 1), period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31),
        belopp=100_000, ansokan=ansokan,
    )  # fmt: skip
    Mal.objects.create(ansokan=ansokan, typ=Mal.Typ.EFFEKT, text="Fler i arbete", ordning=1)
    rapporter.satt_plan(
        insats=insats, by=bertil_handlaggare, version=0, lagesrapporter="kvartal", arsrapport=True,
        slutrapport=True, idag=D(2024, 12, 15),
    )  # fmt: skip
    return insats


@pytest.fixture
def q1(insats):
    return insats.rapporter.get(typ=Rapport.Typ.LAGESRAPPORT, period_fran=D(2025, 1, 1))


def post_data(rapport, **extra):
    data = dict.fromkeys(rapporter.ANTAL_FALT, "0") | {"version": str(rapport.version), "fritext": ""}
    mal = rapporter.mal_for(rapport.insats)
    data |= {f"mal_{m.pk}": "" for m in mal}
    return data | extra


def test_a_submission_with_wrong_counts_keeps_everything_and_says_why_at_the_field(client, anna_sokande, q1):
    client.force_login(anna_sokande)
    url = reverse("insatser:rapport", args=[q1.pk])
    page = client.get(url).content.decode()
    assert "Skriv inga personuppgifter om deltagare" in page and 'data-bekrafta="' in page
    data = post_data(q1, nya_kvinnor="2", avslutade_kvinnor="3", nya_man="-1", fritext="Mitt utkast", action="lamna_in")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Avslutade (kvinnor) kan inte vara fler än nya och pågående tillsammans (2)." in html
    assert "Antalet kan inte vara negativt." in html
    assert "Skriv hur arbetet mot målet har gått under perioden." in html
    assert "Mitt utkast" in html and 'id="id_avslutade_kvinnor_error"' in html
    q1.refresh_from_db()
    assert q1.status == S.EJ_INLAMNAD and q1.fritext == ""


def test_every_message_in_the_error_summary_names_its_field(client, anna_sokande, q1):
    """One count left empty and one goal unanswered: the summary names the
    count and the goal, not only "Ange antal (0 om inga)."."""
    from tests.test_tillganglighet import _summary, error_page_problems

    client.force_login(anna_sokande)
    mal = rapporter.mal_for(q1.insats)[0]
    data = post_data(q1, nya_kvinnor="", action="lamna_in")
    html = client.post(reverse("insatser:rapport", args=[q1.pk]), data).content.decode()
    assert not error_page_problems(html), error_page_problems(html)
    assert _summary(html) == [
        (f"id_mal_{mal.pk}", "Fler i arbete: Skriv hur arbetet mot målet har gått under perioden."),
        ("id_nya_kvinnor", "Nya under perioden – kvinnor: Ange antal (0 om inga)."),
    ]
    data = post_data(q1, nya_man="3", avslutade_man="3", arbete_man="2", studier_man="2", action="spara")
    html = client.post(reverse("insatser:rapport", args=[q1.pk]), data).content.decode()
    assert _summary(html) == [
        ("id_arbete_man", "Avslutade till arbete – män: Till arbete och till studier (män) kan tillsammans "
                          "inte vara fler än de avslutade (3)."),
    ]  # fmt: skip


def test_draft_then_submit_then_the_handlaggare_asks_for_more_and_accepts(
    client, anna_sokande, bertil_handlaggare, q1
):
    url = reverse("insatser:rapport", args=[q1.pk])
    mal = rapporter.mal_for(q1.insats)[0]
    client.force_login(anna_sokande)
    response = client.post(url, post_data(q1, nya_kvinnor="3", fritext="Utkast", action="spara"))
    assert response.status_code == 302
    q1.refresh_from_db()
    assert (q1.status, q1.nya_kvinnor, q1.fritext) == (S.EJ_INLAMNAD, 3, "Utkast")
    stale = post_data(q1, nya_kvinnor="4", fritext="Från en gammal flik", action="spara")
    client.post(url, post_data(q1, nya_kvinnor="3", **{f"mal_{mal.pk}": "Bra", "action": "lamna_in"}))
    q1.refresh_from_db()
    assert q1.status == S.INLAMNAD
    refused = client.post(url, stale, follow=True)  # submitted: no longer the insatsägare's to edit
    assert "Rapporten har redan lämnats in" in refused.content.decode()

    client.force_login(bertil_handlaggare)
    page = client.get(url).content.decode()
    assert reverse("insatser:rapport_godkann", args=[q1.pk]) in page
    response = client.post(reverse("insatser:rapport_komplettering", args=[q1.pk]), {"version": q1.version})
    assert response.status_code == 400 and "Skriv vad som behöver kompletteras." in response.content.decode()
    response = client.post(
        reverse("insatser:rapport_komplettering", args=[q1.pk]),
        {"version": q1.version, "komplettering-kommentar": "Mer om samverkan."},
    )
    q1.refresh_from_db()
    assert response.status_code == 302 and q1.status == S.KOMPLETTERING

    client.force_login(anna_sokande)
    page = client.get(url).content.decode()
    assert "Mer om samverkan." in page and "Bra" in page
    client.post(url, post_data(q1, nya_kvinnor="3", **{f"mal_{mal.pk}": "Bra, och samverkan", "action": "lamna_in"}))
    q1.refresh_from_db()
    assert q1.status == S.INLAMNAD

    client.force_login(bertil_handlaggare)
    stale_version = q1.version - 1
    response = client.post(reverse("insatser:rapport_godkann", args=[q1.pk]), {"version": stale_version})
    assert response.status_code == 400 and "har ändrats av någon annan" in response.content.decode()
    response = client.post(reverse("insatser:rapport_godkann", args=[q1.pk]), {"version": q1.version})
    q1.refresh_from_db()
    assert response.status_code == 302 and q1.status == S.GODKAND
    assert "rapport_godkann" not in client.get(url).content.decode()


def test_the_plan_page_sets_and_regenerates(client, bertil_handlaggare, orgs):
    insats = Insats.objects.create(namn="Framtiden", insatsagare=orgs["alvkarleby"])
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2029, 12, 1), period_fran=D(2030, 1, 1), period_till=D(2030, 12, 31),
        belopp=100_000,
    )  # fmt: skip
    client.force_login(bertil_handlaggare)
    url = reverse("insatser:rapportplan", args=[insats.pk])
    assert "30 dagar efter periodens slut" in client.get(url).content.decode()
    response = client.post(url, {"version": "0", "lagesrapporter": "kvartal", "arsrapport": "on", "slutrapport": "on"})
    assert response.status_code == 302 and insats.rapporter.count() == 4
    plan = Rapportplan.objects.get()
    response = client.post(url, {"version": plan.version, "lagesrapporter": "tertial", "slutrapport": "on"})
    assert response.status_code == 302
    # Nothing was due yet, so every report follows the new plan: two tertials and the slutrapport.
    assert sorted(insats.rapporter.values_list("typ", "period_till")) == [
        ("lagesrapport", D(2030, 4, 30)), ("lagesrapport", D(2030, 8, 31)), ("slutrapport", D(2030, 12, 31))
    ]
    response = client.post(url, {"version": plan.version, "lagesrapporter": "kvartal"})
    assert response.status_code == 400 and "har ändrats av någon annan" in response.content.decode()


def test_links_only_for_those_who_may(client, insats, q1, anna_sokande, bertil_handlaggare, erik_utomstaende,
                                      david_ledamot, cecilia_forbundschef):  # fmt: skip
    detalj = reverse("insatser:detalj", args=[insats.pk])
    plan_url = reverse("insatser:rapportplan", args=[insats.pk])
    lista = reverse("insatser:rapporter_forfallna")
    client.force_login(anna_sokande)
    page = client.get(detalj).content.decode()
    assert reverse("insatser:rapport", args=[q1.pk]) in page
    assert plan_url not in page and f'href="{lista}"' not in page
    client.force_login(bertil_handlaggare)
    page = client.get(detalj).content.decode()
    assert plan_url in page and f'href="{lista}"' in page
    client.force_login(erik_utomstaende)
    assert client.get(reverse("insatser:rapport", args=[q1.pk])).status_code == 404
    client.force_login(david_ledamot)
    assert client.get(reverse("insatser:rapport", args=[q1.pk])).status_code == 403


def _count(client, url, django_assert_max_num_queries):
    client.get(url)  # first: the per-process caches (content types, the förbund) fill here, not in the count
    with django_assert_max_num_queries(40) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_overdue_list_and_the_insats_section_keep_their_query_count(
    client, insats, bertil_handlaggare, orgs, django_assert_max_num_queries
):
    client.force_login(bertil_handlaggare)
    lista = reverse("insatser:rapporter_forfallna")
    detalj = reverse("insatser:detalj", args=[insats.pk])
    one, page = _count(client, lista, django_assert_max_num_queries)
    detalj_one, _page = _count(client, detalj, django_assert_max_num_queries)
    assert "Steget vidare" in page  # the real today is long after 2025: all four are overdue
    assert "dagar försenad" in _page
    for n in range(8):
        other = Insats.objects.create(namn=f"Insats {n}", insatsagare=orgs["knivsta"])
        Beviljande.objects.create(
            insats=other, beslutsdatum=D(2023, 1, 1), period_fran=D(2023, 1, 1), period_till=D(2024, 12, 31),
            belopp=10_000,
        )  # fmt: skip
        rapporter.satt_plan(insats=other, by=bertil_handlaggare, version=0, lagesrapporter="kvartal",
                            arsrapport=True, slutrapport=True, idag=D(2022, 1, 1))  # fmt: skip
    Rapport.objects.filter(insats__namn="Insats 0").update(status=S.INLAMNAD)
    many, page = _count(client, lista, django_assert_max_num_queries)
    assert many == one and "Insats 7" in page
    plan = Rapportplan.objects.get(insats=insats)
    rapporter.satt_plan(insats=insats, by=bertil_handlaggare, version=plan.version, lagesrapporter="kvartal",
                        arsrapport=False, slutrapport=False, idag=D(2024, 12, 15))  # fmt: skip
    Rapport.objects.bulk_create(
        Rapport(insats=insats, typ="arsrapport", period_fran=D(2000 + n, 1, 1), period_till=D(2000 + n, 12, 31),
                forfallodatum=D(2001 + n, 2, 15))
        for n in range(10)
    )  # fmt: skip
    assert _count(client, detalj, django_assert_max_num_queries)[0] == detalj_one


def test_the_report_page_keeps_its_query_count_with_many_goals(
    client, insats, q1, anna_sokande, bertil_handlaggare, django_assert_max_num_queries
):
    url = reverse("insatser:rapport", args=[q1.pk])
    client.force_login(anna_sokande)
    form_one = _count(client, url, django_assert_max_num_queries)[0]
    ansokan = insats.beviljanden.get().ansokan
    Mal.objects.bulk_create(
        Mal(ansokan=ansokan, typ=Mal.Typ.INSATS, text=f"Insatsmål {n}", ordning=n) for n in range(2, 12)
    )
    form_many, page = _count(client, url, django_assert_max_num_queries)
    assert form_many == form_one and "Insatsmål 11" in page
    client.force_login(bertil_handlaggare)
    read_one = _count(client, url, django_assert_max_num_queries)[0]
    maltexter = {m.pk: f"Svar {m.pk}" for m in rapporter.mal_for(insats)}
    rapporter.lamna_in(rapport=q1, by=anna_sokande, version=q1.version, antal=dict.fromkeys(rapporter.ANTAL_FALT, 0),
                       fritext="", maltexter=maltexter)  # fmt: skip
    read_many, page = _count(client, url, django_assert_max_num_queries)
    assert read_many == read_one and f"Svar {max(maltexter)}" in page and "Granska rapporten" in page


def test_a_samverkanspart_sees_the_insats_but_not_its_reports(client, insats, q1, karin_af, orgs):
    from ansokningar.models import Part

    ansokan = insats.beviljanden.get().ansokan
    ansokan.insats = insats
    ansokan.save(update_fields=["insats"])
    Part.objects.create(ansokan=ansokan, organisation=orgs["af"], ordning=1)
    client.force_login(karin_af)
    page = client.get(reverse("insatser:detalj", args=[insats.pk]))
    assert page.status_code == 200 and "i-rapporter" not in page.content.decode()
    assert client.get(reverse("insatser:rapport", args=[q1.pk])).status_code == 404
