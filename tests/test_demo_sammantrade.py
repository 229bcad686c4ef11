"""The board's demo (issue 10, item 10): organs with their people, a held
styrelse meeting with a justerat, anslaget protokoll that decided the demo
application with a changed amount and a jäv, an AU meeting, and an
upcoming styrelse meeting whose kallelse has gone out. Loaded twice, it
changes nothing."""

import io
import time

from django.core.management import call_command

from ansokningar.models import Ansokan
from ansokningar.seed import SEED_NAMN
from beslut.demo import LOKUS
from beslut.models import Arende, Beslutsverkan, Jav, Organ, Paragraf, Sammantrade
from insatser.models import Beviljande
from samordning.models import User


def _load():
    call_command("load_demo", stdout=io.StringIO())


def test_the_board_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    start = time.monotonic()
    _load()
    first = time.monotonic() - start
    counts = (Sammantrade.objects.count(), Arende.objects.count(), Paragraf.objects.count(), User.objects.count())
    start = time.monotonic()
    _load()
    again = time.monotonic() - start
    assert counts == (Sammantrade.objects.count(), Arende.objects.count(), Paragraf.objects.count(), User.objects.count())

    styrelsen = Organ.objects.get(namn="Förbundsstyrelsen")
    assert {u.person.username for u in styrelsen.uppdrag.all()} == {"david", "hanna", "ivar", "olof", "elsa", "petra"}
    assert User.objects.get(username="hanna").check_password("samordning-demo")
    hallet = Sammantrade.objects.get(organ=styrelsen, status=Sammantrade.Status.ANSLAGET)
    assert hallet.protokoll.sha256 and hallet.anslaget
    beslut = Paragraf.objects.get(arende__sammantrade=hallet, beslut=Paragraf.Beslut.ANDRAT)
    assert Jav.objects.filter(paragraf=beslut, uppdrag__person__username="hanna").exists()
    grant = Beviljande.objects.get(ansokan__namn=SEED_NAMN)
    assert (grant.belopp, grant.paragraf, grant.beslutsdatum) == (1_400_000, beslut.nummer, hallet.datum)
    assert Ansokan.objects.get(namn=SEED_NAMN).status == Ansokan.Status.BEVILJAD
    assert Beslutsverkan.objects.get(paragraf=beslut).utfall == Beslutsverkan.Utfall.BEVILJAD

    assert Sammantrade.objects.filter(organ__namn="Arbetsutskottet", status=Sammantrade.Status.GENOMFORT).exists()
    kommande = Sammantrade.objects.get(organ=styrelsen, status=Sammantrade.Status.KALLAT)
    assert kommande.datum > hallet.datum and kommande.utskick.count() == 1
    assert kommande.arenden.filter(typ=Arende.Typ.BESLUT, forslag_version__forslag__ansokan__namn=LOKUS).exists()
    print(f"load_demo: first {first:.2f} s, again {again:.2f} s")
    assert again < 1.0 and first < 15, (first, again)
