import io

from django.core.management import call_command

from ansokningar.demo import UTKAST_NAMN
from ansokningar.models import Ansokan, Budgetbelopp, Underskrift
from ansokningar.seed import SEED_NAMN


def _load():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_applications_load_twice_without_duplicates(db):
    _load()
    _load()

    assert Ansokan.objects.filter(namn=SEED_NAMN).count() == 1
    assert Ansokan.objects.filter(namn=UTKAST_NAMN).count() == 1

    ansokan = Ansokan.objects.get(namn=SEED_NAMN)
    # Decided by the demo's held styrelse meeting (beslut.demo_moten).
    assert ansokan.status == Ansokan.Status.BEVILJAD
    assert ansokan.diarienummer.startswith("SFU ")
    assert Underskrift.objects.filter(ansokan=ansokan).count() == 4
    assert ansokan.parter.count() == 4
    assert ansokan.summa_forbund == 1_540_400
    assert list(ansokan.parter.values_list("organisation__namn", flat=True)) == [
        "Älvkarleby kommun",
        "Arbetsförmedlingen",
        "Försäkringskassan",
        "Region Uppsala",
    ]

    utkast = Ansokan.objects.get(namn=UTKAST_NAMN)
    assert utkast.status == Ansokan.Status.UTKAST
    assert not utkast.diarienummer
    assert utkast.summa_forbund > 0
    assert utkast.summa_forbund == sum(
        Budgetbelopp.objects.filter(rad__ansokan=utkast).values_list("belopp", flat=True)
    )


def test_the_detail_page_has_the_summary_per_insatsagare(client, db):
    """The form's summary tables are not only in the PDF."""
    from samordning.models import User

    _load()
    ansokan = Ansokan.objects.get(namn=SEED_NAMN)
    client.force_login(User.objects.get(username="bertil"))
    text = client.get(f"/ansokningar/{ansokan.pk}/").content.decode()
    summary = text.split("Finansiering per insatsägare")[1].split("</table>")[0]
    assert "Insatsägare: Älvkarleby kommun" in summary and "Samverkanspart: Region Uppsala" in summary
    assert summary.count("1\u00a0540\u00a0400") == 4  # the owner's row and the sum: förbund and total
