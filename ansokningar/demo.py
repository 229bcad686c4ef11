"""Demo applications: the seed application (seed 004), signed by all four
parties, submitted and under beredning, and a draft so the demo shows one.

The seed application is a case of 2022, with the seed's own dates: drafted
before the lokusgrupp discussed it (26 April and 24 May 2022), signed by
Älvkarleby kommun on 13 June 2022 (the seed's date; the demo's other
parties the same day), submitted and diarieförd the day after with the next
number of the 2022 series. Its history (audit entries) carries those dates
too, so every page tells one story. The draft stays a current one.

Runs after samordning.demo (see load_demo) and uses its users and
organisations. Idempotent: an application that exists by name is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ansokningar import seed, services
from ansokningar.models import Ansokan, Budgetrad, Mal, Underskrift
from samordning import audit
from samordning.models import AuditEntry, Organisation, User

D = datetime.date

# The seed application's own dates (seed 004).
SEED_SKAPAD = datetime.datetime(2022, 4, 11, 9, 0)
SEED_SIGNERAD = datetime.datetime(2022, 6, 13, 14, 0)
SEED_INLAMNAD = datetime.datetime(2022, 6, 14, 10, 0)
SEED_BEREDNING = datetime.datetime(2022, 6, 15, 9, 0)

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


def tid(moment):
    """A naive local datetime of a demo case as an aware one."""
    return timezone.make_aware(moment)


def dateras_skapad_och_underskrifter(ansokan, skapad, signerad):
    """The case's creation time, and its signatures a minute apart from
    `signerad` (in the order they were made)."""
    Ansokan.objects.filter(pk=ansokan.pk).update(skapad=skapad)
    for i, pk in enumerate(Underskrift.objects.filter(ansokan=ansokan).order_by("id").values_list("pk", flat=True)):
        Underskrift.objects.filter(pk=pk).update(tidpunkt=signerad + datetime.timedelta(minutes=i))


def dateras(obj, tider):
    """Give the audit entries of `obj` a case's own times: `tider` maps an
    action ("ansokan.inlamnad") to when it happened; several entries of one
    action (the parties' signatures) follow each other a minute apart."""
    entries = audit.entries_for(obj).filter(handling__in=list(tider)).order_by("id")
    seen = {}
    for entry in entries:
        n = seen[entry.handling] = seen.get(entry.handling, -1) + 1
        entry.tidpunkt = tider[entry.handling] + datetime.timedelta(minutes=n)
    AuditEntry.objects.bulk_update(entries, ["tidpunkt"])


def lamna_in_historiskt(ansokan, by, inlamnad):
    """Submit an application of an earlier year as it was then: the
    diarienummer is taken from that year's series (lamna_in keeps a number
    the application already has), so the series stays without gaps for
    later numbers, and the submission time is the case's. `inlamnad` is
    aware."""
    year, nummer, diarienummer = services.nytt_diarienummer(timezone.localtime(inlamnad).year)
    Ansokan.objects.filter(pk=ansokan.pk).update(diarie_ar=year, diarie_lopnummer=nummer, diarienummer=diarienummer)
    ansokan = services.lamna_in(ansokan=ansokan, by=by)
    Ansokan.objects.filter(pk=ansokan.pk).update(inlamnad=inlamnad, andrad=inlamnad)
    ansokan.inlamnad = ansokan.andrad = inlamnad
    return ansokan


def _seed_application(users, orgs):
    """Seed 004 as the 2022 case it is: signed, submitted, under beredning."""
    anna = users["anna"]
    ansokan = seed.build_seed_application(by=anna, orgs=orgs)
    for part in ansokan.parter.select_related("organisation"):
        services.signera(ansokan=ansokan, part=part, by=users[SIGNERAR[part.organisation.namn]])
    ansokan = lamna_in_historiskt(ansokan, anna, tid(SEED_INLAMNAD))
    ansokan = services.paborja_beredning(ansokan=ansokan, by=users["bertil"])
    dateras_skapad_och_underskrifter(ansokan, tid(SEED_SKAPAD), tid(SEED_SIGNERAD))
    dateras(
        ansokan,
        {
            "ansokan.skapad": tid(SEED_SKAPAD),
            "ansokan.sparad": tid(SEED_SKAPAD),
            "ansokan.signerad": tid(SEED_SIGNERAD),
            "ansokan.inlamnad": tid(SEED_INLAMNAD),
            "ansokan.beredning_paborjad": tid(SEED_BEREDNING),
        },
    )
    ansokan.refresh_from_db()
    return ansokan


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
