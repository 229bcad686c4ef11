"""A held meeting with its protokoll ready for justering, built from the
models directly (the protokoll's own pages are tested elsewhere): for the
protokoll PDF, the justering and the anslag tests, and the bench.

Förbundsstyrelsen 2026-11-23 kl. 13.15–15.00: David Jansson (ordförande),
Hanna Ek and Ivar Lind justerar, Olof Berg leaves after the third §, Elsa
Karlsson serves for him from the fourth, Petra Sund is present as ersättare
and Cecilia Isaksson as förbundschef. § 2 has jäv and an omröstning.
"""

import datetime

from beslut.models import (
    Arende,
    Jav,
    Justering,
    Narvaro,
    Organ,
    Paragraf,
    Rost,
    Sammantrade,
    Uppdrag,
)
from samordning.models import Organisation, Roll
from tests.factories import UserFactory

DATUM = datetime.date(2026, 11, 23)


def _user(username, first, last, roll=Roll.LEDAMOT, titel=""):
    from samordning.models import User

    existing = User.objects.filter(username=username).first()
    return existing or UserFactory(username=username, first_name=first, last_name=last, roll=roll, titel=titel)


def bygg_mote(*, antal=3, organ=None, sekreterare=None, ordforande=None, datum=DATUM, start=1):
    """The meeting (GENOMFORT) with `antal` §§ numbered from `start`, its
    närvaro and the Justering rows of ordförande and two justerare. Returns
    a dict of what a test names."""
    org = Organisation.objects.get_or_create(namn="Region Uppsala", defaults={"typ": Organisation.Typ.REGION})[0]
    kommun = Organisation.objects.get_or_create(namn="Tierps kommun", defaults={"typ": Organisation.Typ.KOMMUN})[0]
    organ = organ or Organ.objects.get_or_create(namn="Förbundsstyrelsen", defaults={"typ": Organ.Typ.STYRELSE})[0]
    ordforande = ordforande or _user("david", "David", "Jansson")
    hanna = _user("hanna", "Hanna", "Ek")
    ivar = _user("ivar", "Ivar", "Lind")
    olof = _user("olof", "Olof", "Berg")
    elsa = _user("elsa", "Elsa", "Karlsson", Roll.ERSATTARE)
    petra = _user("petra", "Petra", "Sund", Roll.ERSATTARE)
    sekreterare = sekreterare or _user("fredrik", "Fredrik", "Lund", Roll.SEKRETERARE)
    fran = datetime.date(2023, 1, 1)

    def uppdrag(person, roll, org, funktion=""):
        return Uppdrag.objects.get_or_create(
            organ=organ, person=person, defaults={"roll": roll, "organisation": org, "fran": fran, "funktion": funktion}
        )[0]

    u_ordf = uppdrag(ordforande, Uppdrag.Roll.LEDAMOT, org, Uppdrag.Funktion.ORDFORANDE)
    u_hanna = uppdrag(hanna, Uppdrag.Roll.LEDAMOT, kommun)
    u_ivar = uppdrag(ivar, Uppdrag.Roll.LEDAMOT, org)
    u_olof = uppdrag(olof, Uppdrag.Roll.LEDAMOT, kommun)
    u_elsa = uppdrag(elsa, Uppdrag.Roll.ERSATTARE, kommun)
    u_petra = uppdrag(petra, Uppdrag.Roll.ERSATTARE, org)

    mote = Sammantrade.objects.create(
        organ=organ, datum=datum, starttid=datetime.time(13, 15), sluttid=datetime.time(15, 0),
        plats="Kommunhuset, Tierp", status=Sammantrade.Status.GENOMFORT, sekreterare=sekreterare,
        skapad_av=sekreterare, forvaringsplats="Samordningsförbundets kansli, Tierp",
    )  # fmt: skip
    arenden, paragrafer = [], []
    for i in range(antal):
        nummer = start + i
        beslut = i % 3 != 2
        arende = Arende.objects.create(
            sammantrade=mote, ordning=i, typ=Arende.Typ.BESLUT if beslut else Arende.Typ.INFORMATION,
            rubrik=f"Ärende nummer {nummer}" if i else "Insats Vägen till arbete",
            beskrivning=(
                "Älvkarleby kommun ansöker om finansiering av insatsen under 2027.\n\n"
                "- Målgrupp: unga vuxna 18–29 år\n- Period: 2027-01-01 till 2027-12-31"
            ),
        )  # fmt: skip
        par = Paragraf.objects.create(
            arende=arende, organ=organ, ar=datum.year, nummer=nummer,
            beslut=Paragraf.Beslut.BIFALL if beslut else Paragraf.Beslut.NOTERAT,
            beslutstext=(
                "bevilja finansiellt stöd till insatsen Vägen till arbete\n"
                "avsätta maximalt 450 000 kr som finansiering under perioden 2027-01-01 till 2027-12-31"
            ) if beslut else "",
        )  # fmt: skip
        arenden.append(arende)
        paragrafer.append(par)
    narvaro = [
        (u_ordf, Narvaro.Typ.BESLUTANDE, None, None, None),
        (u_hanna, Narvaro.Typ.BESLUTANDE, None, None, None),
        (u_ivar, Narvaro.Typ.BESLUTANDE, None, None, None),
        (u_olof, Narvaro.Typ.BESLUTANDE, None, arenden[min(2, antal - 1)], None),
        (u_elsa, Narvaro.Typ.TJANSTGORANDE, arenden[min(3, antal - 1)] if antal > 3 else None, None, u_olof),
        (u_petra, Narvaro.Typ.ERSATTARE, None, None, None),
    ]
    for i, (u, typ, fran_a, till_a, ersatter) in enumerate(narvaro):
        if typ == Narvaro.Typ.TJANSTGORANDE and fran_a is None:
            continue
        Narvaro.objects.create(
            sammantrade=mote, uppdrag=u, namn=u.person.get_full_name(), typ=typ, ersatter=ersatter,
            fran_arende=fran_a, till_arende=till_a, ordning=i,
        )  # fmt: skip
    Narvaro.objects.create(
        sammantrade=mote, namn="Cecilia Isaksson", titel="förbundschef", typ=Narvaro.Typ.OVRIG, ordning=9
    )
    if antal > 1:
        Jav.objects.create(paragraf=paragrafer[1], uppdrag=u_hanna)
        for u, svar in [(u_ordf, Rost.Svar.JA), (u_ivar, Rost.Svar.NEJ), (u_olof, Rost.Svar.JA)]:
            Rost.objects.create(paragraf=paragrafer[1], uppdrag=u, svar=svar)
        Paragraf.objects.filter(pk=paragrafer[1].pk).update(
            omrostning=True, reservationer="Ivar Lind reserverar sig mot beslutet.",
            anteckningar="Förbundschefen redogör för ärendet.",
        )  # fmt: skip
    justeringar = [
        Justering.objects.create(sammantrade=mote, person=ordforande, roll=Justering.Roll.ORDFORANDE),
        Justering.objects.create(sammantrade=mote, person=hanna, roll=Justering.Roll.JUSTERARE),
        Justering.objects.create(sammantrade=mote, person=ivar, roll=Justering.Roll.JUSTERARE),
    ]
    return {
        "mote": mote, "organ": organ, "arenden": arenden, "paragrafer": paragrafer, "justeringar": justeringar,
        "ordforande": ordforande, "hanna": hanna, "ivar": ivar, "olof": olof, "elsa": elsa,
        "sekreterare": sekreterare, "uppdrag": {"ordf": u_ordf, "hanna": u_hanna, "ivar": u_ivar, "olof": u_olof},
    }  # fmt: skip
