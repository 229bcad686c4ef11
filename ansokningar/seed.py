"""The seed application (seed 004) entered in full, for the demo data and
the tests: "Förstärkt stöd till arbete & studier" by Älvkarleby kommun with
Arbetsförmedlingen, Försäkringskassan and Region Uppsala.

The application's content is data, in fixtures/ansokan_forstarkt_stod.json
(texts, goals, budget lines); this module enters it through the same models
and services as the form. The budget columns follow the seed's order:
Älvkarleby, Arbetsförmedlingen, Försäkringskassan, Region Uppsala.
"""

import datetime
import json
from functools import cache

from django.conf import settings

from ansokningar import services
from ansokningar.models import (
    Budgetbelopp,
    Budgetrad,
    Inriktning,
    Insatskategori,
    Mal,
    Part,
    PrioriteradMalgrupp,
)

SEED_FILE = settings.BASE_DIR / "fixtures" / "ansokan_forstarkt_stod.json"


@cache
def seed_data():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


SEED_NAMN = seed_data()["namn"]
# Parties in budget-column order; the first is the huvudinsatsägare.
PARTER = seed_data()["parter"]

# The förbund's categories, each counted as one national inriktning (seed 002).
KATEGORIER = [
    ("Individinriktad", Inriktning.INDIVID),
    ("Strukturövergripande", Inriktning.STRUKTUR),
    ("Kompetenshöjande", Inriktning.STRUKTUR),
]
# The board's prioritised target groups (seed 002).
PRIORITERADE_MALGRUPPER = [
    "Unga med funktionsnedsättning och/eller aktivitetsersättning (16–29 år)",
    "Personer med långvarigt bidrags- och/eller ersättningsberoende",
]


def ensure_categories():
    """The Insatskategori and PrioriteradMalgrupp rows of seed 002."""
    kategorier = {}
    for ordning, (namn, inriktning) in enumerate(KATEGORIER):
        kategorier[namn], _ = Insatskategori.objects.get_or_create(
            namn=namn, defaults={"inriktning": inriktning, "ordning": ordning}
        )
    malgrupper = {}
    for ordning, namn in enumerate(PRIORITERADE_MALGRUPPER):
        malgrupper[namn], _ = PrioriteradMalgrupp.objects.get_or_create(
            namn=namn, defaults={"ordning": ordning}
        )
    return kategorier, malgrupper


def add_goals(ansokan, goals, del_av=None):
    Mal.objects.bulk_create(
        Mal(ansokan=ansokan, del_av=del_av, typ=typ, text=text, ordning=i)
        for typ, texts in goals.items()
        for i, text in enumerate(texts)
    )


def add_parts(ansokan, organisations):
    """The samverkansparter after the huvudinsatsägare (created by skapa_ansokan)."""
    return [
        Part.objects.create(ansokan=ansokan, organisation=org, ordning=i)
        for i, org in enumerate(organisations, start=1)
    ]


def set_amount(rad, part, belopp):
    Budgetbelopp.objects.update_or_create(rad=rad, part=part, defaults={"belopp": belopp})


def build_seed_application(*, by, orgs):
    """Enter seed 004 completely as a draft of `by`; `orgs` maps each party's
    name to its Organisation (the caller's own rows, e.g. test fixtures)."""
    data = seed_data()
    kategorier, malgrupper = ensure_categories()
    ansokan = services.skapa_ansokan(by=by, insatsagare=orgs[PARTER[0]], namn=SEED_NAMN)
    huvud = ansokan.parter.get()
    add_parts(ansokan, [orgs[namn] for namn in PARTER[1:]])

    for field in [
        "syfte",
        "bakgrund",
        "malgrupp",
        "metod",
        "uppfoljning",
        "tillvaratas",
        "diskuterad",
        "diskuterad_hur",
        "antal_deltagare",
    ]:
        setattr(ansokan, field, data[field])
    for field in ["startdatum", "slutdatum", "intag_slutdatum"]:
        setattr(ansokan, field, datetime.date.fromisoformat(data[field]))
    ansokan.kategori = kategorier[data["kategori"]]
    ansokan.save()
    ansokan.prioriterade_malgrupper.set(malgrupper.values())
    add_goals(ansokan, data["mal"])

    for i, rad in enumerate(data["lonekostnader"]):
        lon = Budgetrad.objects.create(
            ansokan=ansokan,
            avsnitt=Budgetrad.Avsnitt.LON,
            benamning=rad["benamning"],
            tjanst_procent=rad["tjanst_procent"],
            fran=datetime.date.fromisoformat(rad["fran"]),
            till=datetime.date.fromisoformat(rad["till"]),
            ordning=i,
        )
        set_amount(lon, huvud, rad["belopp"])
    belopp = {(r["avsnitt"], r["benamning"]): r["belopp"] for r in data["standardrader"]}
    for rad in ansokan.budgetrader.filter(standard=True):
        if (rad.avsnitt, rad.benamning) in belopp:
            set_amount(rad, huvud, belopp[(rad.avsnitt, rad.benamning)])

    services.update_totals(ansokan)
    return ansokan
