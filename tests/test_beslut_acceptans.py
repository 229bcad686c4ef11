"""What an acceptance tester found in beredning and beslutsförslag, each
pinned: two tabs on one beredning, a matter without an application and its
diarienummer, delegation for an avslag, the clause library's example, the
drafted Ärendet, a proposal period outside the application's, and the
shares of the year's frame."""

import datetime
import re

import pytest
from django.urls import reverse

from beslut import services
from beslut.models import Beredning

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date


def beredning_post(version, **changes):
    data = dict.fromkeys(Beredning.CHECKLIST, "on")
    data.update(version=version, anteckningar="", rekommendation="bifall", rekommendation_datum="2022-09-01")
    data.update(changes)
    return data


def page_version(page):
    return int(re.search(r'name="version" value="(\d+)"', page)[1])


@pytest.mark.parametrize("forst_sparad", [False, True], ids=["ny beredning", "sparad beredning"])
def test_a_second_tab_cannot_overwrite_the_beredning(inlamnad, bertil_handlaggare, client, forst_sparad):
    if forst_sparad:
        services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "Först"})
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    flik1 = page_version(client.get(url).content.decode())
    flik2 = page_version(client.get(url).content.decode())
    assert client.post(url, beredning_post(flik1, anteckningar="Från flik 1")).status_code == 302

    response = client.post(url, beredning_post(flik2, anteckningar="Från flik 2", rekommendation="avslag"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beredningen har sparats av någon annan sedan du öppnade den." in page
    assert "Från flik 2" in page  # what was typed stays on the page
    beredning = Beredning.objects.get(ansokan=inlamnad)
    assert (beredning.anteckningar, beredning.rekommendation) == ("Från flik 1", "bifall")

    # Reloaded, the page carries the new version and saves.
    aktuell = page_version(client.get(url).content.decode())
    assert client.post(url, beredning_post(aktuell, anteckningar="Från flik 2")).status_code == 302
    assert Beredning.objects.get(ansokan=inlamnad).anteckningar == "Från flik 2"


def test_beredning_service_refuses_a_stale_version(inlamnad, bertil_handlaggare):
    b = services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "A"}, version=0)
    services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "B"}, version=b.version)
    with pytest.raises(services.ConflictError):
        services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "C"}, version=b.version)
    with pytest.raises(services.ConflictError):  # a page opened before there was one
        services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "C"}, version=0)
    assert Beredning.objects.get(ansokan=inlamnad).anteckningar == "B"
