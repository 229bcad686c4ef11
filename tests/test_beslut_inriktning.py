"""The förbundschef adds prioritised target groups on the inriktning page;
only active groups, and those the year already has, are offered."""

import pytest
from django.urls import reverse

from ansokningar import seed
from ansokningar.models import Insatskategori, PrioriteradMalgrupp
from beslut.models import Verksamhetsinriktning
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db


def post_data(**extra):
    kategorier = list(Insatskategori.objects.all())
    return {"ar": 2027, "mal": "", "ram": 1000, **{f"andel_{k.pk}": "" for k in kategorier}, **extra}


def test_new_groups_are_added_and_chosen(cecilia_forbundschef, client):
    _, malgrupper = seed.ensure_categories()
    befintlig = next(iter(malgrupper.values()))
    client.force_login(cecilia_forbundschef)
    data = post_data(
        prioriterade_malgrupper=[befintlig.pk],
        nya_malgrupper="Unga vuxna 18–29 år\n\n• Nyanlända kvinnor\nunga vuxna 18–29 år\n" + befintlig.namn.upper(),
    )
    assert client.post(reverse("beslut:inriktning_ny"), data).status_code == 302
    inriktning = Verksamhetsinriktning.objects.get(ar=2027)
    assert sorted(g.namn for g in inriktning.prioriterade_malgrupper.all()) == sorted(
        [befintlig.namn, "Unga vuxna 18–29 år", "Nyanlända kvinnor"]
    )
    assert PrioriteradMalgrupp.objects.count() == len(malgrupper) + 2
    entry = AuditEntry.objects.filter(handling="inriktning.skapad").get()
    assert entry.data["nya_malgrupper"] == ["Unga vuxna 18–29 år", "Nyanlända kvinnor"]


def test_only_active_groups_and_the_years_own_are_offered(cecilia_forbundschef, client):
    seed.ensure_categories()
    gammal = PrioriteradMalgrupp.objects.create(namn="Tidigare prioriterad grupp", aktiv=False)
    vald = PrioriteradMalgrupp.objects.create(namn="Vald men avslutad grupp", aktiv=False)
    inriktning = Verksamhetsinriktning.objects.create(ar=2026)
    inriktning.prioriterade_malgrupper.set([vald])
    client.force_login(cecilia_forbundschef)
    ny = client.get(reverse("beslut:inriktning_ny")).content.decode()
    assert gammal.namn not in ny and vald.namn not in ny
    page = client.get(reverse("beslut:inriktning", args=[2026])).content.decode()
    assert vald.namn in page and gammal.namn not in page
    assert "Nya prioriterade målgrupper, en per rad" in page
    # Naming a retired group again brings it back.
    client.post(reverse("beslut:inriktning", args=[2026]), post_data(ar=2026, prioriterade_malgrupper=[vald.pk], nya_malgrupper=gammal.namn, version=1))
    gammal.refresh_from_db()
    assert gammal.aktiv and gammal in inriktning.prioriterade_malgrupper.all()


def test_a_too_long_group_is_refused_next_to_the_field(cecilia_forbundschef, client):
    seed.ensure_categories()
    client.force_login(cecilia_forbundschef)
    page = client.post(reverse("beslut:inriktning_ny"), post_data(nya_malgrupper="x" * 201, mal="Mitt mål")).content.decode()
    assert "En målgrupp får vara högst 200 tecken" in page and "Mitt mål" in page
    assert not Verksamhetsinriktning.objects.filter(ar=2027).exists()


def test_saving_an_inriktning_audits_old_and_new(cecilia_forbundschef, client):
    seed.ensure_categories()
    client.force_login(cecilia_forbundschef)
    assert client.post(reverse("beslut:inriktning_ny"), post_data(mal="Gamla mål")).status_code == 302
    assert client.post(reverse("beslut:inriktning", args=[2027]), post_data(mal="Nya mål", version=1)).status_code == 302
    entry = AuditEntry.objects.filter(handling="inriktning.sparad").get()
    assert entry.data["andrat"] == {"mal": ["Gamla mål", "Nya mål"]}
