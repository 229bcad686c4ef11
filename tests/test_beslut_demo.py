"""The demo's "Lokussamordnare Älvkarleby" (seed 001) is drafted by the
drafting code from its application and beredning, with dates that belong
to a 2021 case, and loads idempotently."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansokningar.models import Ansokan
from beslut import demo
from beslut.models import Beslutsforslag, Beslutssats

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date
SEED_SATS = (
    "bevilja finansiellt stöd enligt tilläggsansökan Lokussamordnare Älvkarleby, för perioden 1 april 2021 "
    f"till 31 mars 2023, maximalt 316{NBSP}000{NBSP}kronor"
)


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())
    return Beslutsforslag.objects.select_related("ansokan__insats", "ansokan__beredning").get(titel=demo.LOKUS)


def test_lokus_proposal_is_drafted_from_its_case(loaded):
    forslag = loaded
    satser = list(forslag.satser.select_related("klausul"))
    assert satser[0].text == SEED_SATS
    assert satser[0].klausul.namn == "Bevilja stöd för period och belopp"
    assert [s.klausul.typ for s in satser[1:]] == ["villkor", "villkor"]
    assert forslag.undertitel == "Tilläggsansökan"
    # Ärendet reads like the seed's: the application's own texts under "Ansökan".
    assert forslag.arendet.startswith("# Ansökan\n\nÄlvkarleby kommun har lämnat in en tilläggsansökan om fortsatt finansiering")
    assert "Inom ramen för Lokusgruppen i Älvkarleby finns sedan 2018 en lokussamordnare." in forslag.arendet
    assert "vilket kommer ge synergier." in forslag.arendet
    assert "Förbundet har finansierat insatsen sedan 1 april 2018:" in forslag.arendet
    assert forslag.bedomning.startswith("Denna insats är en strukturövergripande insats.")
    assert "genom operativt stöd i samverkansfrågor och administrationen kring detta" in forslag.bedomning


def test_lokus_dates_belong_to_2021(loaded):
    forslag = loaded
    ansokan = forslag.ansokan
    inlamnad = timezone.localdate(ansokan.inlamnad)
    assert ansokan.diarienummer.startswith("SFU 2021/") and forslag.diarienummer == ansokan.diarienummer
    assert inlamnad <= ansokan.beredning.rekommendation_datum <= forslag.datum < forslag.period_fran
    assert forslag.datum.year == 2021
    grants = list(ansokan.insats.beviljanden.order_by("period_fran"))
    assert ansokan.insats.startdatum == grants[0].period_fran == D(2018, 4, 1)
    assert grants[-1].period_till == D(2021, 3, 31)
    assert "Beredningsgruppen rekommenderade den 10 mars 2021 bifall till ansökan." in forslag.bedomning


def test_demo_application_recommendation_is_not_before_submission(loaded):
    seed = Ansokan.objects.select_related("beredning").get(namn="Förstärkt stöd till arbete & studier")
    assert seed.beredning.rekommendation_datum >= timezone.localdate(seed.inlamnad)


def test_demo_loads_twice(loaded):
    counts = (Beslutsforslag.objects.count(), Beslutssats.objects.count(), Ansokan.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Beslutsforslag.objects.count(), Beslutssats.objects.count(), Ansokan.objects.count())
    assert Ansokan.objects.filter(diarienummer__startswith="SFU 2021/").count() == 1
