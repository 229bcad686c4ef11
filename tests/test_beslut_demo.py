"""The demo's "Lokussamordnare Älvkarleby" (seed 001) is drafted by the
drafting code from its application and beredning, with dates that belong
to a 2021 case; the demo application (seed 004) is the 2022 case it is;
the demo förbund grants with seed 001's clause; loading is idempotent."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansokningar.models import Ansokan, Diarieserie
from beslut import demo, klausuler, services
from beslut.models import (
    Beslutsforslag,
    Beslutssats,
    Klausul,
    KlausulUppsattning,
    Verksamhetsinriktning,
)
from samordning import audit
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date
SEED_SATS = (
    "bevilja finansiellt stöd enligt ansökan Lokussamordnare Älvkarleby, för perioden 1 april 2021 "
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
    assert forslag.arendet.startswith(
        "# Ansökan\n\nÄlvkarleby kommun, Arbetsförmedlingen, Försäkringskassan och Region Uppsala ansöker gemensamt "
        "om fortsatt finansiering av insatsen Lokussamordnare Älvkarleby. Älvkarleby kommun är insatsägare"
    )
    assert "Inom ramen för Lokusgruppen i Älvkarleby finns sedan 2018 en lokussamordnare." in forslag.arendet
    assert "vilket kommer ge synergier." in forslag.arendet
    assert "Förbundet har finansierat insatsen sedan 1 april 2018 genom följande beslut:" in forslag.arendet
    assert f"- Förbundsstyrelsen 14 mars 2018, §{NBSP}14 (SFU 2018/7): 135{NBSP}000{NBSP}kr" in forslag.arendet
    assert f"Tjänstgöringsgraden är oförändrad, 25{NBSP}%." in forslag.arendet
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


def test_demo_application_is_the_2022_case_of_seed_004(loaded):
    seed = Ansokan.objects.select_related("beredning").get(namn="Förstärkt stöd till arbete & studier")
    forslag = Beslutsforslag.objects.get(ansokan=seed)
    # Signed on the seed's date, submitted the day after with the 2022 series' number.
    assert seed.diarienummer == "SFU 2022/1" and forslag.diarienummer == seed.diarienummer
    assert Diarieserie.objects.get(ar=2022).senaste == 1
    assert timezone.localdate(seed.inlamnad) == D(2022, 6, 14)
    assert {timezone.localdate(u.tidpunkt) for u in seed.underskrifter.all()} == {D(2022, 6, 13)}
    assert timezone.localdate(seed.skapad) < D(2022, 4, 26)  # drafted before the lokusgrupp discussed it
    # Recommended and proposed in 2022, before the insats starts on 1 January 2023.
    assert timezone.localdate(seed.inlamnad) <= seed.beredning.rekommendation_datum <= forslag.datum < forslag.period_fran
    assert seed.beredning.rekommendation_datum.year == forslag.datum.year == 2022
    assert "Beredningsgruppen rekommenderade den 31 augusti 2022 bifall till ansökan." in forslag.bedomning
    # The history tells the same story.
    dagar = {e.handling: timezone.localdate(e.tidpunkt) for e in audit.entries_for(seed)}
    assert dagar["ansokan.inlamnad"] == D(2022, 6, 14) and dagar["ansokan.signerad"] == D(2022, 6, 13)
    assert dagar["beredning.sparad"] == D(2022, 8, 31)
    assert {timezone.localdate(e.tidpunkt) for e in audit.entries_for(forslag)} == {forslag.datum}
    # The frames and guidelines its facts need, years 2022–2024.
    assert set(Verksamhetsinriktning.objects.filter(ar__in=[2022, 2023, 2024]).values_list("ar", flat=True)) == {2022, 2023, 2024}
    assert all(i.ram and i.fordelning.count() == 3 for i in Verksamhetsinriktning.objects.filter(ar__in=[2022, 2023, 2024]))


def test_the_demo_forbund_grants_with_seed_001s_clause(loaded):
    """The demo förbund is the seed's: its clause set is seed 001's (one
    grant clause), so the demo application's proposal has it too."""
    assert KlausulUppsattning.objects.get(vald=True).namn == klausuler.SAMLAT
    seed = Beslutsforslag.objects.get(ansokan__namn="Förstärkt stöd till arbete & studier")
    assert seed.satser.first().text == (
        "bevilja finansiellt stöd enligt ansökan Förstärkt stöd till arbete & studier, för perioden 1 januari 2023 "
        f"till 31 december 2024, maximalt 1{NBSP}540{NBSP}400{NBSP}kronor"
    )
    assert seed.satser.count() == 3
    assert AuditEntry.objects.filter(handling="klausuluppsattning.vald").count() == 1  # through the service


def test_a_choice_the_forbund_has_made_is_left_alone(db, cecilia_forbundschef):
    klausuler.load_defaults(Klausul)  # as installed (a transactional test may have flushed it)
    vald = KlausulUppsattning.objects.get(vald=True)
    services.valj_uppsattning(uppsattning=vald, by=cecilia_forbundschef)
    call_command("load_demo", stdout=io.StringIO())
    assert KlausulUppsattning.objects.get(vald=True).namn == klausuler.AVSATTNING


def test_lokus_history_carries_its_2021_dates(loaded):
    ansokan = loaded.ansokan
    assert {timezone.localdate(u.tidpunkt).year for u in ansokan.underskrifter.all()} == {2021}
    assert {e.tidpunkt.year for e in audit.entries_for(ansokan)} == {2021}
    assert {timezone.localdate(e.tidpunkt) for e in audit.entries_for(loaded)} == {loaded.datum}


def test_demo_loads_twice(loaded):
    counts = (Beslutsforslag.objects.count(), Beslutssats.objects.count(), Ansokan.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Beslutsforslag.objects.count(), Beslutssats.objects.count(), Ansokan.objects.count())
    assert Ansokan.objects.filter(diarienummer__startswith="SFU 2021/").count() == 1
    assert Ansokan.objects.filter(diarienummer__startswith="SFU 2022/").count() == 1
    assert not Ansokan.objects.filter(diarienummer__startswith=f"SFU {timezone.localdate().year}/").exists()
