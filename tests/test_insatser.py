"""The insatser register: registering an insats the förbund already funds
with its earlier grants, correcting it, who sees what, and the list and
detail pages. Bad input is in test_insatser_input.py, query counts in
test_insatser_queries.py."""

import datetime

import pytest
from django.urls import reverse

from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, Part
from insatser import access, services
from insatser.models import Beviljande, Insats
from samordning.models import AuditEntry
from tests.factories import LOKUS_GRANTS, make_insats

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"

def form_post(org, kategori, grants, /, *, namn="Lokussamordnare Älvkarleby", initial=0, **changes):
    """The register form as the browser posts it; grants are dicts of the
    posted strings (an "id" for an existing one, "DELETE": "on" to remove)."""
    data = {
        "namn": namn,
        "insatsagare": str(org.pk),
        "kategori": str(kategori.pk),
        "startdatum": "2018-04-01",
        "status": "pagar",
        "beviljande-TOTAL_FORMS": str(len(grants)),
        "beviljande-INITIAL_FORMS": str(initial),
        "beviljande-MIN_NUM_FORMS": "0",
        "beviljande-MAX_NUM_FORMS": "50",
    }
    for i, grant in enumerate(grants):
        for key, value in grant.items():
            data[f"beviljande-{i}-{key}"] = value
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def grant_post(
    beslut="2019-03-20",
    dnr="SFU 2019/11",
    fran="2019-04-01",
    till="2021-03-31",
    belopp="270000",
    **extra,
):
    return {
        "beslutsdatum": beslut,
        "diarienummer": dnr,
        "period_fran": fran,
        "period_till": till,
        "belopp": belopp,
        **extra,
    }


# --- services -------------------------------------------------------------------


def test_registrera_insats_with_grants_and_audit(bertil_handlaggare, orgs, kategorier):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    assert insats.status == Insats.Status.PAGAR
    assert [(g.period_fran, g.belopp) for g in insats.beviljanden.all()] == [
        (D(2018, 4, 1), 135_000),
        (D(2019, 4, 1), 270_000),
    ]
    entry = AuditEntry.objects.get(handling="insats.registrerad")
    assert entry.anvandare == bertil_handlaggare
    assert entry.data["insatsagare"] == "Älvkarleby kommun"
    assert entry.data["kategori"] == "Strukturövergripande"
    assert [g["belopp"] for g in entry.data["beviljanden"]] == [135_000, 270_000]
    assert entry.handling_text == "Pågående insats registrerad"


def test_registrera_refuses_no_grants_and_a_second_insats_with_the_same_name(
    bertil_handlaggare, orgs, kategorier
):
    with pytest.raises(services.InsatsError) as exc:
        make_insats(
            bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"], grants=[]
        )
    assert exc.value.field == "beviljanden"
    make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    with pytest.raises(services.InsatsError) as exc:
        make_insats(
            bertil_handlaggare,
            orgs["alvkarleby"],
            kategorier["Individinriktad"],
            namn="lokussamordnare älvkarleby",
        )
    assert exc.value.field == "namn"
    # The same name at another insatsägare is another insats.
    make_insats(bertil_handlaggare, orgs["knivsta"], kategorier["Individinriktad"])
    assert Insats.objects.count() == 2


def test_andra_insats_changes_fields_and_grants_in_one_audit_entry(
    cecilia_forbundschef, orgs, kategorier
):
    insats = make_insats(
        cecilia_forbundschef, orgs["alvkarleby"], kategorier["Strukturövergripande"]
    )
    first, second = insats.beviljanden.all()
    saved = services.andra_insats(
        insats=insats,
        by=cecilia_forbundschef,
        version=insats.version,
        namn="Lokussamordnare i Älvkarleby",
        insatsagare=orgs["alvkarleby"],
        kategori=kategorier["Strukturövergripande"],
        startdatum=D(2018, 4, 1),
        beviljanden=[
            {
                "id": second.pk,
                **{k: getattr(second, k) for k in services.BEVILJANDE_FALT},
                "belopp": 280_000,
            },
            {
                "beslutsdatum": D(2021, 3, 24),
                "diarienummer": "SFU 2021/5",
                "period_fran": D(2021, 4, 1),
                "period_till": D(2023, 3, 31),
                "belopp": 316_000,
            },
        ],
    )
    assert saved.version == insats.version + 1
    saved.refresh_from_db()
    assert (saved.namn, saved.status) == ("Lokussamordnare i Älvkarleby", "pagar")
    assert sorted(saved.beviljanden.values_list("belopp", flat=True)) == [280_000, 316_000]
    assert not Beviljande.objects.filter(pk=first.pk).exists()
    entry = AuditEntry.objects.get(handling="insats.andrad")
    assert entry.data["andrat"] == {
        "namn": ["Lokussamordnare Älvkarleby", "Lokussamordnare i Älvkarleby"],
    }
    assert entry.data["beviljanden"]["andrade"] == [{"id": second.pk, "belopp": [270_000, 280_000]}]
    assert [g["belopp"] for g in entry.data["beviljanden"]["tillagda"]] == [316_000]
    assert [g["belopp"] for g in entry.data["beviljanden"]["borttagna"]] == [135_000]


def _same(insats, **changes):
    values = {name: getattr(insats, name) for name in services.FALT}
    grants = [
        {"id": g.pk, **{k: getattr(g, k) for k in services.BEVILJANDE_FALT}}
        for g in insats.beviljanden.all()
    ]
    return {**values, "beviljanden": grants, **changes}


def test_andra_without_changes_writes_nothing(bertil_handlaggare, orgs, kategorier):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    saved = services.andra_insats(
        insats=insats, by=bertil_handlaggare, version=insats.version, **_same(insats)
    )
    assert saved.version == insats.version
    assert not AuditEntry.objects.filter(handling="insats.andrad").exists()


def test_andra_refuses_a_stale_version_and_foreign_grant_ids(bertil_handlaggare, orgs, kategorier):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    other = make_insats(
        bertil_handlaggare, orgs["knivsta"], kategorier["Individinriktad"], namn="Annan"
    )
    services.andra_insats(
        insats=insats, by=bertil_handlaggare, version=1, **_same(insats, namn="Ny flik")
    )
    with pytest.raises(services.ConflictError):
        services.andra_insats(
            insats=insats, by=bertil_handlaggare, version=1, **_same(insats, namn="Gammal flik")
        )
    foreign = _same(insats)
    foreign["beviljanden"][0]["id"] = other.beviljanden.first().pk
    with pytest.raises(services.ConflictError):
        services.andra_insats(insats=insats, by=bertil_handlaggare, version=2, **foreign)
    assert Insats.objects.get(pk=insats.pk).namn == "Ny flik"
    assert other.beviljanden.count() == 2


def test_kategori_is_fixed_once_an_application_refers_to_the_insats(
    bertil_handlaggare, anna_sokande, orgs, kategorier
):
    alv = orgs["alvkarleby"]
    insats = make_insats(bertil_handlaggare, alv, kategorier["Strukturövergripande"])
    assert not insats.kategori_fast()
    # Before any application: a mistake can be corrected.
    insats = services.andra_insats(
        insats=insats,
        by=bertil_handlaggare,
        version=1,
        **_same(insats, kategori=kategorier["Kompetenshöjande"]),
    )
    ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=alv, namn="Förlängning", typ=Ansokan.Typ.TILLAGG, insats=insats
    )
    assert insats.kategori_fast()
    with pytest.raises(services.InsatsError) as exc:
        services.andra_insats(
            insats=insats,
            by=bertil_handlaggare,
            version=2,
            **_same(insats, kategori=kategorier["Individinriktad"]),
        )
    assert exc.value.field == "kategori"
    # Without a category (e.g. made in the admin) it may be filled in.
    Insats.objects.filter(pk=insats.pk).update(kategori=None)
    insats.refresh_from_db()
    assert not insats.kategori_fast()
    services.andra_insats(
        insats=insats,
        by=bertil_handlaggare,
        version=2,
        **_same(insats, kategori=kategorier["Individinriktad"]),
    )


def test_kategori_field_is_read_only_with_an_explanation(
    client_for, bertil_handlaggare, anna_sokande, orgs, kategorier
):
    alv = orgs["alvkarleby"]
    insats = make_insats(bertil_handlaggare, alv, kategorier["Strukturövergripande"])
    ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=alv, namn="Förlängning", typ=Ansokan.Typ.TILLAGG, insats=insats
    )
    client = client_for(bertil_handlaggare)
    url = reverse("insatser:redigera", args=[insats.pk])
    page = client.get(url).content.decode()
    assert "Inriktningen kan inte ändras" in page
    assert (
        'name="kategori" disabled' in page
        or "disabled" in page.split('name="kategori"')[1].split(">")[0]
    )
    # A posted category is ignored: the stored one stays.
    grants = [
        grant_post(id=str(g.pk)) | {k: "" if getattr(g, k) is None else str(getattr(g, k)) for k in services.BEVILJANDE_FALT}
        for g in insats.beviljanden.all()
    ]
    data = form_post(
        alv,
        kategorier["Individinriktad"],
        grants,
        initial=len(grants),
        version="1",
        namn="Nytt namn",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    insats.refresh_from_db()
    assert (insats.kategori.namn, insats.namn) == ("Strukturövergripande", "Nytt namn")


# --- access ---------------------------------------------------------------------


def test_who_sees_which_insats(
    bertil_handlaggare, anna_sokande, karin_af, erik_utomstaende, david_ledamot, orgs, kategorier
):
    k = kategorier["Individinriktad"]
    own = make_insats(bertil_handlaggare, orgs["alvkarleby"], k, namn="Anna äger")
    region = make_insats(bertil_handlaggare, orgs["region"], k, namn="Regionens")
    knivsta = make_insats(bertil_handlaggare, orgs["knivsta"], k, namn="Knivstas")
    # Arbetsförmedlingen is a party of an application for the region's insats.
    a = ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Ans", typ="tillagg", insats=own
    )
    Part.objects.get_or_create(ansokan=a, organisation=orgs["af"], defaults={"ordning": 1})
    b = ansokan_services.skapa_ansokan(
        by=bertil_handlaggare,
        insatsagare=orgs["region"],
        namn="Regionens förlängning",
        typ="tillagg",
        insats=region,
    )
    Part.objects.get_or_create(ansokan=b, organisation=orgs["af"], defaults={"ordning": 1})

    def names(user):
        return sorted(access.visible_insatser(user).values_list("namn", flat=True))

    assert names(bertil_handlaggare) == ["Anna äger", "Knivstas", "Regionens"]
    assert names(anna_sokande) == ["Anna äger"]
    assert names(karin_af) == ["Anna äger", "Regionens"]
    assert names(erik_utomstaende) == ["Knivstas"]
    assert names(david_ledamot) == []
    assert knivsta.pk not in access.visible_insatser(anna_sokande).values_list("pk", flat=True)


def test_another_organisations_insats_is_404_and_the_board_403(
    client_for, bertil_handlaggare, erik_utomstaende, david_ledamot, orgs, kategorier
):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    url = reverse("insatser:detalj", args=[insats.pk])
    assert client_for(erik_utomstaende).get(url).status_code == 404
    assert (
        client_for(erik_utomstaende)
        .get(reverse("insatser:detalj", args=[insats.pk + 1000]))
        .status_code
        == 404
    )
    assert client_for(david_ledamot).get(url).status_code == 403
    assert client_for(david_ledamot).get(reverse("insatser:lista")).status_code == 403


# --- pages ----------------------------------------------------------------------


def test_list_shows_period_total_and_status_and_filters(
    client_for, bertil_handlaggare, orgs, kategorier
):
    make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    make_insats(
        bertil_handlaggare,
        orgs["region"],
        kategorier["Individinriktad"],
        namn="Förstärkt stöd",
        grants=[
            {
                "beslutsdatum": D(2022, 9, 20),
                "diarienummer": "",
                "period_fran": D(2023, 1, 1),
                "period_till": D(2024, 12, 31),
                "belopp": 1_540_400,
            }
        ],
        status=Insats.Status.AVSLUTAD,
    )
    client = client_for(bertil_handlaggare)
    url = reverse("insatser:lista")
    page = client.get(url).content.decode()
    assert "2 insatser" in page
    assert f"405{NBSP}000{NBSP}kr" in page  # 135 000 + 270 000
    assert f"1{NBSP}540{NBSP}400{NBSP}kr" in page
    assert "2018-04-01 – 2021-03-31" in page
    assert "Avslutad" in page and "Strukturövergripande" in page
    assert "Registrera pågående insats" in page

    def listed(**params):
        body = client.get(url, params).content.decode()
        return [n for n in ["Lokussamordnare Älvkarleby", "Förstärkt stöd"] if n in body]

    assert listed(status="avslutad") == ["Förstärkt stöd"]
    assert listed(insatsagare=orgs["alvkarleby"].pk) == ["Lokussamordnare Älvkarleby"]
    assert listed(kategori=kategorier["Individinriktad"].pk) == ["Förstärkt stöd"]
    assert listed(nationell="struktur") == ["Lokussamordnare Älvkarleby"]
    assert listed(q="LOKUS") == ["Lokussamordnare Älvkarleby"]
    assert listed(q="finns inte") == []


def test_list_for_a_sokande_has_no_register_button(
    client_for, bertil_handlaggare, anna_sokande, orgs, kategorier
):
    make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    make_insats(
        bertil_handlaggare, orgs["knivsta"], kategorier["Individinriktad"], namn="Knivstas insats"
    )
    page = client_for(anna_sokande).get(reverse("insatser:lista")).content.decode()
    assert "Lokussamordnare Älvkarleby" in page and "Knivstas insats" not in page
    assert "Registrera pågående insats" not in page


def test_list_is_paginated(client_for, bertil_handlaggare, orgs, kategorier):
    grant = [LOKUS_GRANTS[0]]
    for i in range(51):
        make_insats(
            bertil_handlaggare,
            orgs["alvkarleby"],
            kategorier["Individinriktad"],
            namn=f"Insats {i:02d}",
            grants=grant,
        )
    client = client_for(bertil_handlaggare)
    first = client.get(reverse("insatser:lista")).content.decode()
    assert "Sida 1 av 2" in first and "Insats 49" in first and "Insats 50" not in first
    second = client.get(
        reverse("insatser:lista"), {"sida": "2", "status": "pagar"}
    ).content.decode()
    assert "Insats 50" in second and "status=pagar&amp;sida=1" in second


def test_detail_shows_grants_applications_and_proposals(
    client_for,
    inlamnad,
    bertil_handlaggare,
    cecilia_forbundschef,
    anna_sokande,
    karin_af,
    orgs,
    kategorier,
):
    from beslut.models import Beslutsforslag

    alv = orgs["alvkarleby"]
    insats = make_insats(bertil_handlaggare, alv, kategorier["Strukturövergripande"])
    Ansokan.objects.filter(pk=inlamnad.pk).update(typ="tillagg", insats=insats)
    draft = ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=alv, namn="Annas utkast", typ="tillagg", insats=insats
    )
    forslag = Beslutsforslag.objects.create(
        ansokan=inlamnad,
        datum=D(2021, 3, 10),
        titel=insats.namn,
        undertitel="Tilläggsansökan",
        skapad_av=cecilia_forbundschef,
    )

    kansli = (
        client_for(bertil_handlaggare)
        .get(reverse("insatser:detalj", args=[insats.pk]))
        .content.decode()
    )
    assert "SFU 2018/7" in kansli and "2019-04-01 – 2021-03-31" in kansli
    assert f"405{NBSP}000{NBSP}kr" in kansli
    assert reverse("ansokningar:detalj", args=[inlamnad.pk]) in kansli
    assert "Annas utkast" not in kansli  # a draft is the applicant's own
    assert reverse("beslut:detalj", args=[forslag.pk]) in kansli
    assert "Pågående insats registrerad" in kansli
    assert reverse("insatser:redigera", args=[insats.pk]) in kansli

    anna = (
        client_for(anna_sokande).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    )
    assert reverse("ansokningar:detalj", args=[draft.pk]) in anna
    assert reverse("ansokningar:detalj", args=[inlamnad.pk]) in anna
    assert reverse("beslut:detalj", args=[forslag.pk]) not in anna and "Beslutsförslag" not in anna
    assert "Händelser" not in anna and reverse("insatser:redigera", args=[insats.pk]) not in anna
    assert "Ny tilläggsansökan" in anna


def test_a_party_sees_a_diariefort_application_it_may_not_open_without_link(
    client_for, bertil_handlaggare, anna_sokande, karin_af, orgs, kategorier, inlamnad
):
    """Karin (Arbetsförmedlingen) is a party of one application of the
    insats; the first one, without her, is a public diarieförd document:
    listed, not linked."""
    alv = orgs["alvkarleby"]
    insats = make_insats(bertil_handlaggare, alv, kategorier["Strukturövergripande"])
    first = ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=alv, namn="Första ansökan", insats=insats
    )
    Ansokan.objects.filter(pk=first.pk).update(
        inlamnad=inlamnad.inlamnad, diarienummer="SFU 2018/3", status="inlamnad"
    )
    Ansokan.objects.filter(pk=inlamnad.pk).update(typ="tillagg", insats=insats)
    page = client_for(karin_af).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "Första ansökan" in page and reverse("ansokningar:detalj", args=[first.pk]) not in page
    assert reverse("ansokningar:detalj", args=[inlamnad.pk]) in page
    assert "Ny tilläggsansökan" not in page  # only the insatsägare applies


def test_register_through_the_form(client_for, bertil_handlaggare, orgs, kategorier):
    client = client_for(bertil_handlaggare)
    page = client.get(reverse("insatser:ny")).content.decode()
    assert "Registrera pågående insats" in page and "beviljande-0-beslutsdatum" in page
    data = form_post(
        orgs["alvkarleby"],
        kategorier["Strukturövergripande"],
        [
            grant_post("2018-03-14", "SFU 2018/7", "2018-04-01", "2019-03-31", "135 000 kr"),
            grant_post(),
            grant_post("", "", "", "", ""),
        ],
    )
    response = client.post(reverse("insatser:ny"), data)
    insats = Insats.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "insatser:detalj", args=[insats.pk]
    )
    assert list(insats.beviljanden.values_list("belopp", flat=True)) == [135_000, 270_000]
    detail = client.get(response["Location"]).content.decode()
    assert "Insatsen Lokussamordnare Älvkarleby är registrerad." in detail


def test_edit_removes_adds_and_changes_grants(client_for, cecilia_forbundschef, orgs, kategorier):
    insats = make_insats(
        cecilia_forbundschef, orgs["alvkarleby"], kategorier["Strukturövergripande"]
    )
    first, second = insats.beviljanden.all()
    client = client_for(cecilia_forbundschef)
    url = reverse("insatser:redigera", args=[insats.pk])
    page = client.get(url).content.decode()
    assert (
        'value="SFU 2018/7"' in page and 'value="2018-04-01"' in page and 'value="135000"' in page
    )
    grants = [
        grant_post(
            "2018-03-14",
            "SFU 2018/7",
            "2018-04-01",
            "2019-03-31",
            "135000",
            id=str(first.pk),
            DELETE="on",
        ),
        grant_post(id=str(second.pk), belopp="275000"),
        grant_post("2021-03-24", "SFU 2021/5", "2021-04-01", "2023-03-31", "316000"),
    ]
    response = client.post(
        url,
        form_post(
            orgs["alvkarleby"], kategorier["Strukturövergripande"], grants, initial=2, version="1"
        ),
    )
    assert response.status_code == 302
    assert sorted(insats.beviljanden.values_list("belopp", flat=True)) == [275_000, 316_000]
    detail = client.get(response["Location"]).content.decode()
    assert "Ändringarna i Lokussamordnare Älvkarleby är sparade." in detail
    assert "Insats ändrad (beviljanden)" in detail


def test_edit_from_a_stale_page_keeps_the_typing_and_says_why(
    client_for, bertil_handlaggare, cecilia_forbundschef, orgs, kategorier
):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    services.andra_insats(
        insats=insats, by=cecilia_forbundschef, version=1, **_same(insats, namn="Cecilias namn")
    )
    grants = [
        grant_post(id=str(g.pk)) | {k: "" if getattr(g, k) is None else str(getattr(g, k)) for k in services.BEVILJANDE_FALT}
        for g in insats.beviljanden.all()
    ]
    data = form_post(
        orgs["alvkarleby"],
        kategorier["Strukturövergripande"],
        grants,
        initial=2,
        version="1",
        namn="Bertils nya namn",
    )
    response = client_for(bertil_handlaggare).post(
        reverse("insatser:redigera", args=[insats.pk]), data
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "har sparats av någon annan" in body and 'value="Bertils nya namn"' in body
    assert Insats.objects.get(pk=insats.pk).namn == "Cecilias namn"


def test_kansli_start_page_links_to_insatser(client_for, bertil_handlaggare):
    assert (
        reverse("insatser:lista")
        in client_for(bertil_handlaggare).get(reverse("start")).content.decode()
    )


def test_menu_lists_insatser_for_kansli_and_sokande_only(
    client_for, bertil_handlaggare, anna_sokande, david_ledamot
):
    url = reverse("insatser:lista")
    assert (
        f'href="{url}"'
        in client_for(bertil_handlaggare).get(reverse("ansokningar:lista")).content.decode()
    )
    assert (
        f'href="{url}"'
        in client_for(anna_sokande).get(reverse("ansokningar:lista")).content.decode()
    )
    assert f'href="{url}"' not in client_for(david_ledamot).get(reverse("start")).content.decode()


def test_only_handlaggare_and_forbundschef_register(
    client_for, anna_sokande, fredrik_sekreterare, gunilla_admin, orgs, kategorier
):
    data = form_post(orgs["alvkarleby"], kategorier["Individinriktad"], [grant_post()])
    for user in [anna_sokande, fredrik_sekreterare, gunilla_admin]:
        client = client_for(user)
        assert client.post(reverse("insatser:ny"), data).status_code == 403
        page = client.get(reverse("insatser:lista"))
        assert "Registrera pågående insats" not in page.content.decode()
    assert not Insats.objects.exists()


def test_a_change_in_the_admin_makes_an_open_edit_page_stale(
    client_for, gunilla_admin, bertil_handlaggare, orgs, kategorier
):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    admin = client_for(gunilla_admin)
    url = reverse("admin:insatser_insats_change", args=[insats.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "namn": "Ändrad i administrationen",
            "version": 1,  # the version the page was opened with
            "beviljanden-TOTAL_FORMS": "0",
            "beviljanden-INITIAL_FORMS": "0",
        }
    )
    assert admin.post(url, data).status_code == 302
    insats.refresh_from_db()
    assert (insats.namn, insats.version) == ("Ändrad i administrationen", 2)


def test_a_finished_insats_is_not_extended(client_for, bertil_handlaggare, anna_sokande, orgs, kategorier):
    """The button, the link's prefill and the form agree: only an ongoing
    insats takes a tilläggsansökan."""
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    client = client_for(anna_sokande)
    page = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "Ny tilläggsansökan" not in page
    form = client.get(reverse("ansokningar:ny") + f"?typ=tillagg&insats={insats.pk}").context["form"]
    assert "insats" not in form.initial and insats not in form.fields["insats"].queryset
    response = client.post(
        reverse("ansokningar:ny"),
        {"namn": insats.namn, "insatsagare": orgs["alvkarleby"].pk, "typ": "tillagg", "insats": insats.pk},
    )
    assert response.status_code == 200
    assert "Välj en pågående insats som din organisation äger." in response.content.decode()


def test_a_grant_records_organ_paragraf_and_tjanstgoringsgrad(client_for, bertil_handlaggare, orgs, kategorier):
    """What a tilläggsansökan's proposal recounts of each earlier decision
    (issue 9): who decided, under which §, and the post it paid for."""
    alv = orgs["alvkarleby"]
    insats = make_insats(bertil_handlaggare, alv, kategorier["Strukturövergripande"])
    client = client_for(bertil_handlaggare)
    url = reverse("insatser:redigera", args=[insats.pk])
    g, *others = insats.beviljanden.all()
    kept = [{"id": str(o.pk), **{k: "" if getattr(o, k) is None else str(getattr(o, k)) for k in services.BEVILJANDE_FALT}} for o in others]
    base = {k: "" if getattr(g, k) is None else str(getattr(g, k)) for k in services.BEVILJANDE_FALT}
    bad = base | {"id": str(g.pk), "organ": "kommunfullmäktige", "paragraf": "§ x", "tjanstgoringsgrad": "120"}
    n = 1 + len(kept)
    response = client.post(url, form_post(alv, kategorier["Strukturövergripande"], [bad, *kept], initial=n, version="1"))
    body = response.content.decode()
    assert response.status_code == 200
    for message in ("Välj ett av de beslutande organen", "Ange paragrafens nummer", "kan vara högst 100 procent"):
        assert message in body
    good = base | {"id": str(g.pk), "organ": "styrelse", "paragraf": "84", "tjanstgoringsgrad": "25,5"}
    response = client.post(url, form_post(alv, kategorier["Strukturövergripande"], [good, *kept], initial=n, version="1"))
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.organ, g.paragraf, str(g.tjanstgoringsgrad)) == ("styrelse", 84, "25.5")
    assert g.beslut_text.startswith("Förbundsstyrelsen ") and "§\u00a084" in g.beslut_text
    page = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "Förbundsstyrelsen" in page and "§&nbsp;84" in page.replace("\u00a0", "&nbsp;") and "25,5" in page


def test_a_registered_samverkanspart_sees_the_insats_as_a_party(
    client_for, bertil_handlaggare, anna_sokande, karin_af, erik_utomstaende, orgs, kategorier,
    django_assert_max_num_queries,
):
    """Arbetsförmedlingen is a samverkanspart of the insats (registered by
    hand, no application): karin sees it and its decisions, not the
    insatsägare's claims, reports or avvikelser."""
    from insatser import avvikelser

    k = kategorier["Individinriktad"]
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], k, samverkansparter=[orgs["af"], orgs["region"]])
    make_insats(bertil_handlaggare, orgs["alvkarleby"], k, namn="Utan AF")
    assert list(access.visible_insatser(karin_af).values_list("namn", flat=True)) == [insats.namn]
    # Also a party of an application: still one row.
    a = ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Ans", typ="tillagg", insats=insats
    )
    Part.objects.get_or_create(ansokan=a, organisation=orgs["af"], defaults={"ordning": 1})
    avvikelse = avvikelser.rapportera(
        insats=insats, by=anna_sokande, vad="Vakans.", sedan=D(2025, 9, 1), konsekvenser="-"
    )
    assert list(access.visible_insatser(karin_af).values_list("namn", flat=True)) == [insats.namn]
    assert not access.visible_insatser(erik_utomstaende).filter(pk=insats.pk).exists()

    karin = client_for(karin_af)
    url = reverse("insatser:detalj", args=[insats.pk])
    response = karin.get(url)
    assert response.status_code == 200
    ctx = response.context
    assert ctx["avvikelser"] is None and not ctx["may_report_avvikelse"] and not ctx["rekvisitioner_synliga"]
    page = response.content.decode()
    assert "SFU 2019/11" in page  # the decisions
    assert reverse("insatser:avvikelse", args=[insats.pk, avvikelse.pk]) not in page
    assert reverse("insatser:avvikelse_ny", args=[insats.pk]) not in page
    assert karin.get(reverse("insatser:avvikelse", args=[insats.pk, avvikelse.pk])).status_code == 404
    assert karin.get(reverse("insatser:avvikelse_ny", args=[insats.pk])).status_code == 404

    lista = karin.get(reverse("insatser:lista")).content.decode()
    assert lista.count(url + '"') == 1
    with django_assert_max_num_queries(20) as one:
        karin.get(reverse("insatser:lista"))
    for i in range(5):
        make_insats(bertil_handlaggare, orgs["region"], k, namn=f"Regionens {i}", samverkansparter=[orgs["af"]])
    with django_assert_max_num_queries(20) as many:
        lista = karin.get(reverse("insatser:lista")).content.decode()
    assert len(one.captured_queries) == len(many.captured_queries)
    assert "Regionens 4" in lista and "Utan AF" not in lista
    assert client_for(erik_utomstaende).get(url).status_code == 404  # the one client, now erik's
