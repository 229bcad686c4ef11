"""Issue 9 item 3 on the edit page: a line of the förbund's money that
spans calendar years can be split per year by the sökande, prefilled by
whole months of its period; a split that does not add up to the line is
refused at the field, with everything typed kept; blank fields (or the
proposal as shown) follow the months again."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ansokningar import selectors, services
from ansokningar.models import Budgetbelopp, Budgetrad, Budgetradsar, Part
from ansokningar.presentation import innehall
from tests.formparser import parse_forms

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"


@pytest.fixture
def ansokan(anna_sokande, orgs):
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Vägar till arbete")
    a.startdatum, a.slutdatum = D(2021, 4, 1), D(2023, 3, 31)
    a.save()
    rad = Budgetrad.objects.create(
        ansokan=a, avsnitt="lon", benamning="Processledare", fran=D(2021, 4, 1), till=D(2023, 3, 31), ordning=0
    )
    Budgetbelopp.objects.create(rad=rad, part=Part.objects.get(ansokan=a), belopp=24_000)
    services.update_totals(a)
    return a


def edit_form(client, ansokan):
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    page = client.get(url).content.decode()
    (form,) = [f for f in parse_forms(page, url) if f.action == url and f.method == "post"]
    return url, page, form


def post(client, url, form, **changes):
    """The page's form as a browser posts it, with `changes` by name."""
    data = form.data()
    for name, value in changes.items():
        data[name] = [value]
    data["action"] = ["spara"]
    return client.post(url, data)


def per_ar(ansokan):
    return dict(innehall(selectors.load(ansokan.pk)).budget.per_ar)


def test_the_split_is_proposed_by_months_and_follows_the_line(client, anna_sokande, ansokan):
    client.force_login(anna_sokande)
    url, page, form = edit_form(client, ansokan)
    # Processledare is the first line (rad-0): 9, 12 and 3 of 24 months.
    assert form.values("rad-0-ar_2021") == ["9 000"]
    assert form.values("rad-0-ar_2022") == ["12 000"]
    assert form.values("rad-0-ar_2023") == ["3 000"]
    assert "Sökt belopp per år" in page
    assert per_ar(ansokan) == {2021: 9_000, 2022: 12_000, 2023: 3_000}

    # The proposal posted as shown is no own split: a new amount is split by months again.
    alv = Part.objects.get(ansokan=ansokan).organisation_id
    response = post(client, url, form, **{f"rad-0-org{alv}": "48 000"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Budgetradsar.objects.exists()
    assert per_ar(ansokan) == {2021: 18_000, 2022: 24_000, 2023: 6_000}


def test_an_own_split_is_kept_and_must_add_up(client, anna_sokande, ansokan):
    client.force_login(anna_sokande)
    url, _page, form = edit_form(client, ansokan)
    response = post(client, url, form, **{"rad-0-ar_2021": "10 000", "rad-0-ar_2022": "11 000"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dict(Budgetradsar.objects.values_list("ar", "belopp")) == {2021: 10_000, 2022: 11_000, 2023: 3_000}
    assert per_ar(ansokan) == {2021: 10_000, 2022: 11_000, 2023: 3_000}
    detail = client.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "Fördelat per år:" in detail
    from ansokningar.pdf import render_ansokan_pdf

    pdf = render_ansokan_pdf(ansokan, use_cache=False)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(NBSP, " "))
    assert "själv: Processledare 2021: 10 000 kr, 2022: 11 000 kr, 2023: 3 000 kr." in text

    # Saved again as shown: still the own split.
    ansokan.refresh_from_db()
    url, _page, form = edit_form(client, ansokan)
    assert form.values("rad-0-ar_2021") == ["10 000"]
    assert post(client, url, form).status_code == 302
    assert per_ar(ansokan) == {2021: 10_000, 2022: 11_000, 2023: 3_000}

    # The line's amount changes but not the split: refused at the field, all kept.
    ansokan.refresh_from_db()
    version = ansokan.version
    url, _page, form = edit_form(client, ansokan)
    alv = Part.objects.get(ansokan=ansokan).organisation_id
    response = post(client, url, form, **{f"rad-0-org{alv}": "30 000", "rad-0-ar_2022": "11 500"})
    assert response.status_code == 200
    html = response.content.decode()
    message = f"Beloppen per år blir 24{NBSP}500{NBSP}kr men raden är 30{NBSP}000{NBSP}kr."
    assert message in html
    row = html.split('name="rad-0-avsnitt"')[1].split("</tr>")[0]
    assert 'value="11 500"' in row and 'value="30 000"' in row
    error_id = re.search(r'id="(id_rad-0-ar_2021_error)"', row).group(1)
    for year in (2021, 2022, 2023):
        field = re.search(rf'<input[^>]*name="rad-0-ar_{year}"[^>]*>', row).group(0)
        assert f'aria-describedby="{error_id} rad-0-ar-hjalp"' in field and 'aria-invalid="true"' in field
    ansokan.refresh_from_db()
    assert ansokan.version == version
    assert dict(Budgetradsar.objects.values_list("ar", "belopp")) == {2021: 10_000, 2022: 11_000, 2023: 3_000}

    # Emptied: the months decide again.
    url, _page, form = edit_form(client, ansokan)
    response = post(client, url, form, **{"rad-0-ar_2021": "", "rad-0-ar_2022": "", "rad-0-ar_2023": ""})
    assert response.status_code == 302
    assert not Budgetradsar.objects.exists()
    assert per_ar(ansokan) == {2021: 9_000, 2022: 12_000, 2023: 3_000}


def test_a_split_names_only_the_lines_years(client, anna_sokande, ansokan):
    client.force_login(anna_sokande)
    url, _page, form = edit_form(client, ansokan)
    # The line now ends in 2022: 2023's money has no year left to fall on.
    response = post(client, url, form, **{"rad-0-till": "2022-12-31", "rad-0-ar_2021": "10 000", "rad-0-ar_2022": "11 000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Raden gäller inte 2023 (perioden är 2021-04-01 – 2022-12-31)." in html
    assert 'value="2022-12-31"' in html


def test_each_year_with_a_message_points_at_its_own(client, anna_sokande, ansokan):
    """Two years typed wrong: each input names its own message (the error
    summary links each to its field), and the others the first one."""
    client.force_login(anna_sokande)
    url, _page, form = edit_form(client, ansokan)
    response = post(client, url, form, **{"rad-0-ar_2021": "tio", "rad-0-ar_2022": "12,5"})
    assert response.status_code == 200
    row = response.content.decode().split('name="rad-0-avsnitt"')[1].split("</tr>")[0]
    for year, described in ((2021, "id_rad-0-ar_2021_error"), (2022, "id_rad-0-ar_2022_error"), (2023, "id_rad-0-ar_2021_error")):
        field = re.search(rf'<input[^>]*name="rad-0-ar_{year}"[^>]*>', row).group(0)
        assert f'aria-describedby="{described} rad-0-ar-hjalp"' in field, year
    assert 'id="id_rad-0-ar_2021_error"' in row and 'id="id_rad-0-ar_2022_error"' in row
    assert "Ange beloppet för 2021 i hela kronor, t.ex. 86 400." in row


def test_lines_shown_without_years_get_none_after_an_error(client, anna_sokande, ansokan):
    """The fixed lines without money have no year fields; a refused save
    elsewhere on the page does not give them any."""
    client.force_login(anna_sokande)
    url, page, form = edit_form(client, ansokan)
    assert page.count("Sökt belopp per år</legend>") == 1
    response = post(client, url, form, **{"rad-0-ar_2021": "10 000"})  # 25 000 kr over the years: refused
    assert response.status_code == 200
    assert response.content.decode().count("Sökt belopp per år</legend>") == 1
