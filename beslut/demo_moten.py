"""Demo data for the board's half of the road (issue 10, item 10), built
through the same services the pages use:

- Förbundsstyrelsen: David Jansson (ordförande, Region Uppsala), Hanna Ek
  (vice ordförande, Älvkarleby kommun), Ivar Lind (Försäkringskassan) and
  Olof Berg (Arbetsförmedlingen) as ledamöter; Elsa Karlsson (Knivsta
  kommun) and Petra Sund (Älvkarleby kommun, for Hanna Ek) as ersättare.
  Arbetsutskottet: David Jansson (ordförande), Hanna Ek and Ivar Lind.
  The new people are fictional and log in with the demo password.
- A styrelse meeting held two weeks ago: kallelse sent, the demo
  application "Förstärkt stöd till arbete & studier" decided with a
  changed amount (1 400 000 kr instead of the proposed 1 540 400 kr),
  Hanna Ek jävig in that § (Älvkarleby kommun is the insatsägare), an
  informationsärende; justerat by the ordförande, Ivar Lind and Olof Berg,
  and anslaget today. The justering carried the decision out: the insats
  exists with the adopted amount and the decision reference.
- An arbetsutskott meeting held three weeks ago (kallat and genomfört).
- An upcoming styrelse meeting in four weeks with its kallelse sent: the
  tilläggsansökan "Lokussamordnare Älvkarleby" as beslutsärende (its
  proposal fastställd), an informationsärende and the delegationsbeslut
  report.

Dates follow today (moved off weekends and the Christmas and New Year
holidays), so the held meeting stays in the past and the next one in the
future. Idempotent: each meeting is made once (matched by organ and
state), people and seats by their names.
"""

import datetime

from django.utils import timezone

from ansokningar import seed
from ansokningar.demo import dateras, tid
from beslut import protokoll_pdf, services
from beslut.models import (
    Arende,
    Beslutsforslag,
    FaststalldVersion,
    Justering,
    Organ,
    Paragraf,
    Sammantrade,
    Uppdrag,
)
from beslut.services import anslag, justering, kallelse
from beslut.services import protokoll as protokoll_services
from beslut.services import sammantrade as mote_services
from samordning.demo import DEMO_PASSWORD
from samordning.formatting import belopp
from samordning.models import Organisation, Roll, User

# (username, first, last, roll, titel): fictional board members.
PERSONER = [
    ("hanna", "Hanna", "Ek", Roll.LEDAMOT, "Vice ordförande"),
    ("ivar", "Ivar", "Lind", Roll.LEDAMOT, "Ledamot"),
    ("olof", "Olof", "Berg", Roll.LEDAMOT, "Ledamot"),
    ("petra", "Petra", "Sund", Roll.ERSATTARE, "Ersättare"),
]
ANDRAT_BELOPP = 1_400_000
PLATS = "Samordningsförbundets kansli, Uppsala"
# What the standard points decide, as a protokoll says it.
STANDARDBESLUT = {
    Arende.Typ.OPPNANDE: "Ordföranden förklarar sammanträdet öppnat.",
    Arende.Typ.DAGORDNING: "Dagordningen fastställs.",
    Arende.Typ.JUSTERARE: "Ivar Lind och Olof Berg utses att jämte ordföranden justera protokollet.",
    Arende.Typ.FOREGAENDE: "Föregående protokoll läggs till handlingarna.",
    Arende.Typ.AVSLUTNING: "Ordföranden förklarar sammanträdet avslutat.",
}


# Days a förbund does not meet: the meetings move off them.
HELGDAGAR = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (1, 6)}


def _vardag(datum, steg):
    """`datum`, or the nearest working day from it in the direction of `steg` (±1)."""
    while datum.weekday() >= 5 or (datum.month, datum.day) in HELGDAGAR:
        datum += datetime.timedelta(days=steg)
    return datum


def _personer():
    users = {u.username: u for u in User.objects.filter(username__in=["david", "elsa", "fredrik", "cecilia"])}
    for username, first, last, roll, titel in PERSONER:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, first_name=first, last_name=last, roll=roll, titel=titel,
                email=f"{first}.{last}@samordning-uppsala.example".lower(),
            )  # fmt: skip
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


def _organ(namn, typ, ordning, platser, users):
    """The organ with its seats: (username, roll, funktion, organisation, for)."""
    organ = Organ.objects.get_or_create(namn=namn, defaults={"typ": typ, "ordning": ordning})[0]
    orgs = {o.namn: o for o in Organisation.objects.all()}
    uppdrag = {}
    for i, (username, roll, funktion, org, ersatter) in enumerate(platser):
        u = Uppdrag.objects.get_or_create(
            organ=organ, person=users[username],
            defaults={"roll": roll, "funktion": funktion, "organisation": orgs[org], "fran": datetime.date(2023, 1, 1),
                      "ordning": i},
        )[0]  # fmt: skip
        if ersatter:
            u.ersatter.add(uppdrag[ersatter])
        uppdrag[username] = u
    return organ, uppdrag


def _faststalld(titel_ansokan, by):
    """The latest fastställd version of the demo case's proposal; if none,
    fastställd now and dated, like the case's history, on its own date."""
    forslag = Beslutsforslag.objects.filter(ansokan__namn=titel_ansokan).order_by("-id").first()
    if forslag is None:
        return None
    version = forslag.versioner.order_by("-nummer").first()
    if version is None:
        version = services.faststall(forslag=forslag, by=by)
        moment = tid(datetime.datetime.combine(forslag.datum, datetime.time(11, 0)))
        FaststalldVersion.objects.filter(pk=version.pk).update(faststalld=moment)
        version.faststalld = moment
        dateras(forslag, {"forslag.faststallt": moment})
    return version


def _planera(organ, datum, by, klockan=datetime.time(13, 15)):
    return mote_services.planera(
        by=by, data={"organ": organ, "datum": datum, "starttid": klockan, "sluttid": datetime.time(15, 0),
                     "plats": PLATS, "sekreterare": by},
    )  # fmt: skip


def _halla(organ, datum, users, version, uppdrag):
    """The held styrelse meeting, through its protokoll, justering and anslag."""
    fredrik = users["fredrik"]
    mote = _planera(organ, datum, fredrik)
    beslutsarende = mote_services.lagg_till_arende(
        mote=mote, by=fredrik, version=None, typ=Arende.Typ.BESLUT, forslag_version=version
    )
    mote_services.lagg_till_arende(
        mote=mote, by=fredrik, version=None, typ=Arende.Typ.INFORMATION, rubrik="Ekonomisk uppföljning",
        beskrivning="Förbundschefen redogör för utfallet mot budget för årets första tre kvartal.",
    )  # fmt: skip
    kallelse.skicka_kallelse(mote=mote, by=fredrik)
    mote_services.genomfor(mote=mote, by=fredrik)
    protokoll_services.paborja_protokoll(mote=mote, by=fredrik)
    for paragraf in Paragraf.objects.filter(arende__sammantrade=mote).select_related("arende"):
        arende = paragraf.arende
        if arende.pk == beslutsarende.pk:
            # Hanna Ek (Älvkarleby kommun, the insatsägare) takes no part.
            protokoll_services.satt_jav(paragraf=paragraf, by=fredrik, version=None, uppdrag=[uppdrag["hanna"]])
            satser = protokoll_services.forslagets_satser(arende)
            text = "\n".join(s.replace(belopp(version.innehall["belopp"]), belopp(ANDRAT_BELOPP)) for s in satser)
            data = {"beslut": Paragraf.Beslut.ANDRAT, "beslutstext": text, "belopp": ANDRAT_BELOPP,
                    "anteckningar": "Styrelsen beviljar ett lägre belopp än det föreslagna: uppföljningen "
                                    "under det första året får visa om insatsen behöver utökas."}  # fmt: skip
        elif arende.typ in STANDARDBESLUT:
            data = {"beslut": Paragraf.Beslut.BESLUTAT, "beslutstext": STANDARDBESLUT[arende.typ]}
        else:
            data = {"beslut": Paragraf.Beslut.NOTERAT}
        protokoll_services.spara_beslut(paragraf=paragraf, by=fredrik, version=None, data=data)
    protokoll_services.valj_justerare(
        mote=mote, by=fredrik, version=None, ordforande=users["david"], justerare=[users["ivar"], users["olof"]]
    )
    # Planned before the justering, so the justerat protokoll's bevis states it.
    anslag.planera_anslag(mote=mote, datum=timezone.localdate(), forvaringsplats=PLATS, by=fredrik)
    for rad in Justering.objects.filter(sammantrade=mote, paragraf__isnull=True).select_related("person"):
        nyckel = justering.innehall_nyckel(protokoll_pdf.mote_queryset().get(pk=mote.pk))
        justering.attestera(justering=rad, by=rad.person, nyckel=nyckel)
    anslag.anslaa(mote=mote, datum=timezone.localdate(), forvaringsplats=PLATS, by=fredrik)
    return mote


def _au(organ, datum, users):
    fredrik = users["fredrik"]
    mote = _planera(organ, datum, fredrik, klockan=datetime.time(9, 0))
    mote_services.lagg_till_arende(
        mote=mote, by=fredrik, version=None, typ=Arende.Typ.INFORMATION,
        rubrik="Inför förbundsstyrelsens sammanträde",
        beskrivning="Arbetsutskottet går igenom ärendena inför styrelsens sammanträde.",
    )  # fmt: skip
    kallelse.skicka_kallelse(mote=mote, by=fredrik)
    mote_services.genomfor(mote=mote, by=fredrik)
    return mote


def _kommande(organ, datum, users, version):
    fredrik = users["fredrik"]
    mote = _planera(organ, datum, fredrik)
    if version is not None:
        mote_services.lagg_till_arende(
            mote=mote, by=fredrik, version=None, typ=Arende.Typ.BESLUT, forslag_version=version
        )
    mote_services.lagg_till_arende(
        mote=mote, by=fredrik, version=None, typ=Arende.Typ.INFORMATION, rubrik="Lägesrapport från lokusgrupperna",
    )
    mote_services.lagg_till_arende(mote=mote, by=fredrik, version=None, typ=Arende.Typ.DELEGATION)
    kallelse.skicka_kallelse(mote=mote, by=fredrik)
    return mote


def load():
    """Called from beslut.demo.load (one transaction)."""
    users = _personer()
    styrelsen, platser = _organ("Förbundsstyrelsen", Organ.Typ.STYRELSE, 1, [
        ("david", Uppdrag.Roll.LEDAMOT, Uppdrag.Funktion.ORDFORANDE, "Region Uppsala", None),
        ("hanna", Uppdrag.Roll.LEDAMOT, Uppdrag.Funktion.VICE, "Älvkarleby kommun", None),
        ("ivar", Uppdrag.Roll.LEDAMOT, "", "Försäkringskassan", None),
        ("olof", Uppdrag.Roll.LEDAMOT, "", "Arbetsförmedlingen", None),
        ("elsa", Uppdrag.Roll.ERSATTARE, "", "Knivsta kommun", "david"),
        ("petra", Uppdrag.Roll.ERSATTARE, "", "Älvkarleby kommun", "hanna"),
    ], users)  # fmt: skip
    au, _platser = _organ("Arbetsutskottet", Organ.Typ.AU, 2, [
        ("david", Uppdrag.Roll.LEDAMOT, Uppdrag.Funktion.ORDFORANDE, "Region Uppsala", None),
        ("hanna", Uppdrag.Roll.LEDAMOT, "", "Älvkarleby kommun", None),
        ("ivar", Uppdrag.Roll.LEDAMOT, "", "Försäkringskassan", None),
    ], users)  # fmt: skip
    idag = timezone.localdate()
    if not Sammantrade.objects.filter(organ=au).exists():
        _au(au, _vardag(idag - datetime.timedelta(days=21), -1), users)
    if not Sammantrade.objects.filter(organ=styrelsen, status=Sammantrade.Status.ANSLAGET).exists():
        version = _faststalld(seed.SEED_NAMN, users["cecilia"])
        if version is not None:
            _halla(styrelsen, _vardag(idag - datetime.timedelta(days=14), -1), users, version, platser)
    if not Sammantrade.objects.filter(organ=styrelsen, datum__gt=idag).exists():
        from beslut.demo import LOKUS

        _kommande(
            styrelsen, _vardag(idag + datetime.timedelta(days=28), 1), users, _faststalld(LOKUS, users["cecilia"])
        )
