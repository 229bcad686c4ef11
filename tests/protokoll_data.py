"""A held meeting for the protokoll tests, the matrix and the browser
journey: Förbundsstyrelsen with three ledamöter (David Jansson ordförande,
Lena Nord, Olof Berg) and two ersättare (Elsa Karlsson, ersättare for
Lena; Per Ek, for Olof), a genomfört meeting with the opening items, a
beslutsärende carrying a fastställd proposal, an informationsärende and
övriga frågor.

The proposal's version is stored without rendering its PDF (the protokoll
reads only its innehall), which keeps these tests fast."""

import datetime

from beslut.models import Arende, Beslutsforslag, FaststalldVersion, Organ, Sammantrade, Uppdrag
from samordning.models import Organisation, Roll
from tests.factories import UserFactory

DATUM = datetime.date(2026, 3, 12)
SATSER = [
    "bevilja finansiellt stöd till insatsen Vägen till arbete",
    "avsätta maximalt 450\u00a0000 kr som finansiering under perioden 2026-04-01 till 2027-03-31",
    "finansieringen gäller under förutsättning att förbundet får medel från medlemmarna",
]


def faststalld_version(by, titel="Vägen till arbete", belopp=450_000, satser=SATSER):
    from beslut import services

    forslag = services.skapa_forslag(by=by, titel=titel)
    forslag.belopp = belopp
    forslag.period_fran, forslag.period_till = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)
    forslag.save()
    services.spara_forslag(forslag=forslag, by=by, version=forslag.version, falt={}, satser=list(satser))
    forslag = Beslutsforslag.objects.get(pk=forslag.pk)
    return FaststalldVersion.objects.create(
        forslag=forslag, nummer=1, faststalld_av=by, innehall=services.innehall(forslag), pdf="test.pdf",
        sha256="0" * 64,
    )  # fmt: skip


def _person(username, first, last, roll):
    return UserFactory(username=username, first_name=first, last_name=last, roll=roll)


def organ_med_ledamoter(david, elsa, organ_namn="Förbundsstyrelsen"):
    """(organ, {name: Uppdrag}) of a styrelse; david and elsa are the personas."""
    region = Organisation.objects.get(namn="Region Uppsala")
    kommun = Organisation.objects.get(namn="Älvkarleby kommun")
    af = Organisation.objects.get(namn="Arbetsförmedlingen")
    organ = Organ.objects.create(namn=organ_namn, typ=Organ.Typ.STYRELSE)
    lena = _person("lena", "Lena", "Nord", Roll.LEDAMOT)
    olof = _person("olof", "Olof", "Berg", Roll.LEDAMOT)
    per = _person("per", "Per", "Ek", Roll.ERSATTARE)
    start = datetime.date(2026, 1, 1)

    def seat(person, roll, org, ordning, funktion=""):
        return Uppdrag.objects.create(
            organ=organ, person=person, roll=roll, organisation=org, fran=start, ordning=ordning, funktion=funktion
        )

    u = {
        "david": seat(david, Uppdrag.Roll.LEDAMOT, region, 0, Uppdrag.Funktion.ORDFORANDE),
        "lena": seat(lena, Uppdrag.Roll.LEDAMOT, kommun, 1),
        "olof": seat(olof, Uppdrag.Roll.LEDAMOT, af, 2),
        "elsa": seat(elsa, Uppdrag.Roll.ERSATTARE, region, 0),
        "per": seat(per, Uppdrag.Roll.ERSATTARE, af, 1),
    }
    u["elsa"].ersatter.set([u["lena"]])  # named: Elsa stands in for Lena only
    # Per names nobody: he stands in for the ledamot his organisation appointed (Olof).
    return organ, u


def genomfort_mote(organ, by, version=None, extra_beslut=0, datum=DATUM):
    """A genomfört meeting: öppnande, val av justerare, the beslutsärende
    (with `version`), `extra_beslut` more beslutsärenden with their own
    version, an informationsärende and övriga frågor."""
    mote = Sammantrade.objects.create(
        organ=organ, datum=datum, starttid=datetime.time(13, 15), plats="Förbundets kansli",
        status=Sammantrade.Status.GENOMFORT, skapad_av=by, sekreterare=by,
    )  # fmt: skip
    T = Arende.Typ
    rader = [(T.OPPNANDE, "Sammanträdets öppnande", None), (T.JUSTERARE, "Val av justerare", None)]
    if version is not None:
        rader.append((T.BESLUT, version.forslag.titel, version))
    for i in range(extra_beslut):
        rader.append((T.BESLUT, f"Insats {i + 2}", faststalld_version(by, titel=f"Insats {i + 2}")))
    rader += [(T.INFORMATION, "Förbundschefen informerar", None), (T.OVRIGA, "Övriga frågor", None)]
    for i, (typ, rubrik, v) in enumerate(rader):
        Arende.objects.create(sammantrade=mote, ordning=i, typ=typ, rubrik=rubrik, forslag_version=v)
    return mote
