"""The year's funds as the förbundschef enters them: eget kapital and one
contribution per member, the shares shown as computed, a stale save refused
with what was typed kept, bad input told at its field, and an audit entry."""

import pytest
from django.urls import reverse

from insatser import arsbudget
from insatser.models import Arsbudget, Medlemsbidrag
from samordning.audit import AuditEntry
from samordning.errors import ConflictError

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def url(ar=2027):
    return reverse("insatser:arsbudget", args=[ar])


def post(orgs, version, eget_kapital="300 000", underlag="Medlemssamrådet 2026-11-20", **bidrag):
    data = {"version": str(version), "eget_kapital": eget_kapital, "underlag": underlag}
    for org in orgs.values():
        data[f"bidrag_{org.pk}"] = ""
    for key, kr in bidrag.items():
        data[f"bidrag_{orgs[key].pk}"] = kr
    return data


LAGLIGT = {"fk": "1 000 000", "region": "500 000", "alvkarleby": "300 000 kr", "knivsta": "200000"}


def test_a_new_years_funds_are_saved_and_audited(client, cecilia_forbundschef, orgs):
    client.force_login(cecilia_forbundschef)
    page = client.get(url()).content.decode()
    assert 'name="version" value="0"' in page
    # The state's member first, then the region, then the kommuner by name.
    order = [
        page.index(f'name="bidrag_{orgs[k].pk}"')
        for k in ("af", "fk", "region", "knivsta", "alvkarleby")
    ]
    assert order == sorted(order)
    response = client.post(url(), post(orgs, 0, **LAGLIGT))
    assert response.status_code == 302
    assert response["Location"] == reverse("insatser:ekonomi") + "?ar=2027"
    budget = Arsbudget.objects.get(ar=2027)
    assert (budget.eget_kapital, budget.underlag) == (300_000, "Medlemssamrådet 2026-11-20")
    assert {b.organisation.namn: b.belopp for b in budget.bidrag.all()} == {
        "Försäkringskassan": 1_000_000, "Region Uppsala": 500_000,
        "Älvkarleby kommun": 300_000, "Knivsta kommun": 200_000,
    }  # fmt: skip
    entry = AuditEntry.objects.get(handling="arsbudget.sparad")
    assert entry.anvandare == cecilia_forbundschef
    assert entry.data["efter"]["bidrag"][str(orgs["fk"].pk)] == 1_000_000
    # The page shows the shares as computed from what is saved.
    page = client.get(url()).content.decode().replace(NBSP, " ")
    assert (
        'Staten genom Försäkringskassan</th><td class="num">1 000 000 kr</td><td class="num">50 %</td>'
        in page
    )
    assert 'Kommunerna</th><td class="num">500 000 kr</td><td class="num">25 %</td>' in page


def test_an_emptied_contribution_is_removed_and_a_changed_one_kept(
    client, cecilia_forbundschef, orgs
):
    client.force_login(cecilia_forbundschef)
    client.post(url(), post(orgs, 0, **LAGLIGT))
    version = Arsbudget.objects.get(ar=2027).version
    changed = dict(LAGLIGT, knivsta="", region="480 000")
    assert client.post(url(), post(orgs, version, **changed)).status_code == 302
    budget = Arsbudget.objects.get(ar=2027)
    assert budget.version == version + 1
    assert {b.organisation.namn: b.belopp for b in budget.bidrag.all()} == {
        "Försäkringskassan": 1_000_000, "Region Uppsala": 480_000, "Älvkarleby kommun": 300_000,
    }  # fmt: skip


def test_a_stale_save_is_refused_and_what_was_typed_is_kept(client, cecilia_forbundschef, orgs):
    client.force_login(cecilia_forbundschef)
    client.post(url(), post(orgs, 0, **LAGLIGT))
    stale = Arsbudget.objects.get(ar=2027).version
    client.post(url(), post(orgs, stale, eget_kapital="350 000", **LAGLIGT))
    response = client.post(
        url(), post(orgs, stale, eget_kapital="999 999", **dict(LAGLIGT, fk="1 234 567"))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "har ändrats av någon annan sedan du öppnade sidan" in page
    assert 'value="999 999"' in page and 'value="1 234 567"' in page
    assert f'name="version" value="{stale}"' in page  # still stale: a retry is refused too
    assert Arsbudget.objects.get(ar=2027).eget_kapital == 350_000


def test_two_creating_the_same_year_the_second_is_told(cecilia_forbundschef, orgs):
    arsbudget.spara_arsbudget(
        ar=2027, eget_kapital=1, underlag="", bidrag={}, version=0, by=cecilia_forbundschef
    )
    with pytest.raises(ConflictError):
        arsbudget.spara_arsbudget(
            ar=2027, eget_kapital=2, underlag="", bidrag={}, version=0, by=cecilia_forbundschef
        )
    assert Arsbudget.objects.get(ar=2027).eget_kapital == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("eget_kapital", "12,50", "Ange beloppet i hela kronor, utan decimaler."),
        ("eget_kapital", "-5000", "Beloppet kan inte vara negativt."),
        ("fk", "mycket", "Ange beloppet i hela kronor med siffror, t.ex. 86 400."),
        ("region", "1" + "0" * 20, "Beloppet är orimligt stort. Stämmer antalet nollor?"),
    ],
)
def test_bad_input_is_told_at_its_field(client, cecilia_forbundschef, orgs, field, value, message):
    client.force_login(cecilia_forbundschef)
    data = post(orgs, 0, **LAGLIGT)
    data["eget_kapital" if field == "eget_kapital" else f"bidrag_{orgs[field].pk}"] = value
    response = client.post(url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    name = "eget_kapital" if field == "eget_kapital" else f"bidrag_{orgs[field].pk}"
    feedback = page.split(f'id="error_1_id_{name}"')[1][:400]
    assert message in feedback
    assert f'value="{value}"' in page
    assert not Arsbudget.objects.exists() and not Medlemsbidrag.objects.exists()


def test_the_board_and_the_handlaggare_may_not_edit(
    client, david_ledamot, bertil_handlaggare, orgs
):
    for user in (david_ledamot, bertil_handlaggare):
        client.force_login(user)
        assert client.get(url()).status_code == 403
        assert client.post(url(), post(orgs, 0, **LAGLIGT)).status_code == 403
    assert not Arsbudget.objects.exists()


def test_a_year_out_of_range_is_not_found(client, cecilia_forbundschef):
    client.force_login(cecilia_forbundschef)
    assert client.get(url(1999)).status_code == 404
