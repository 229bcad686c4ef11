"""Demo applications: the seed application (seed 004), submitted, signed by
all four parties and under beredning, and a draft so the demo shows one.

Runs after samordning.demo (see load_demo) and uses its users and
organisations. Idempotent: an application that exists by name is left alone.
"""

import datetime

from django.db import transaction

from ansokningar import seed, services
from ansokningar.models import Ansokan, Budgetrad, Mal
from samordning.models import Organisation, User

D = datetime.date

# Who signs for which party in the demo (samordning.demo.PERSONER).
SIGNERAR = {
    "Älvkarleby kommun": "anna",
    "Arbetsförmedlingen": "karin",
    "Försäkringskassan": "maria",
    "Region Uppsala": "lars",
}

UTKAST_NAMN = "Studievägen Älvkarleby"
UTKAST_SYFTE = (
    "Syftet är att unga vuxna som varken arbetar eller studerar ska hitta en väg till studier "
    "genom ett samordnat stöd från kommunens vuxenutbildning, Arbetsförmedlingen och vården."
)
UTKAST_MAL = {
    Mal.Typ.OVERGRIPANDE: [
        "Att fler unga vuxna i Älvkarleby påbörjar och fullföljer studier.",
    ],
    Mal.Typ.EFFEKT: [
        "Att 60 procent av deltagarna har påbörjat studier sex månader efter avslut i insatsen.",
    ],
}


def _users():
    return {u.username: u for u in User.objects.filter(username__in=[*SIGNERAR.values(), "bertil"])}


def _orgs():
    return {o.namn: o for o in Organisation.objects.filter(namn__in=seed.PARTER)}


def _seed_application(users, orgs):
    anna = users["anna"]
    ansokan = seed.build_seed_application(by=anna, orgs=orgs)
    ansokan = services.lamna_in(ansokan=ansokan, by=anna)
    for part in ansokan.parter.select_related("organisation"):
        services.signera(ansokan=ansokan, part=part, by=users[SIGNERAR[part.organisation.namn]])
    return services.paborja_beredning(ansokan=ansokan, by=users["bertil"])


def _draft(users, orgs, kategorier):
    """Half-way through: purpose, some goals, period and the salary line."""
    ansokan = services.skapa_ansokan(
        by=users["anna"], insatsagare=orgs["Älvkarleby kommun"], namn=UTKAST_NAMN
    )
    huvud = ansokan.parter.get()
    seed.add_parts(
        ansokan, [orgs["Arbetsförmedlingen"], orgs["Försäkringskassan"], orgs["Region Uppsala"]]
    )
    ansokan.syfte = UTKAST_SYFTE
    ansokan.startdatum = D(2027, 1, 1)
    ansokan.slutdatum = D(2028, 6, 30)
    ansokan.kategori = kategorier["Individinriktad"]
    ansokan.save()
    seed.add_goals(ansokan, UTKAST_MAL)
    lon = Budgetrad.objects.create(
        ansokan=ansokan,
        avsnitt=Budgetrad.Avsnitt.LON,
        benamning="Studie- och yrkesvägledare",
        tjanst_procent=50,
        fran=ansokan.startdatum,
        till=ansokan.slutdatum,
    )
    seed.set_amount(lon, huvud, 480_000)
    services.update_totals(ansokan)
    return ansokan


@transaction.atomic
def load():
    kategorier, _ = seed.ensure_categories()
    users, orgs = _users(), _orgs()
    if not Ansokan.objects.filter(namn=seed.SEED_NAMN).exists():
        _seed_application(users, orgs)
    if not Ansokan.objects.filter(namn=UTKAST_NAMN).exists():
        _draft(users, orgs, kategorier)
