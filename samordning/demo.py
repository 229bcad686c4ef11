"""Demo data from the seed documents: Samordningsförbundet Uppsala län.

The organisations are real public bodies; every person is fictional and
every e-mail address uses the reserved .example domain. Loading is
idempotent: rows are matched on natural keys and left alone when present.
"""

from django.db import transaction

from samordning.models import (
    Forbund,
    Lokusgrupp,
    LokusgruppRepresentant,
    Organisation,
    Roll,
    User,
)

DEMO_PASSWORD = "samordning-demo"

OVERENSKOMMELSE = """\
Lagar och förordningar
Insatsägarna är verksamhetsansvariga och har det fulla ansvaret för att gällande lagar, förordningar, föreskrifter och egna styrdokument, vilka på något sätt berör uppdraget enligt denna ansökan, följs. Åtagandet inkluderar att följa tillämpliga och gällande styrdokument inom förbundet.

Arbetsgivaransvar
Personal som arbetar i insatsen är fortsatt anställda av berörd medlemsorganisation som också har kvar det fullständiga arbetsgivaransvaret.

Information från insatsen
Vid ett beviljande av insatsen ska insatsen löpande lämna information om sin verksamhet enligt de sätt som Samordningsförbundet meddelar. Främst handlar detta om redovisning i Uppföljning Finsam samt om olika rapporter om läget i och utsikterna för insatsen enligt gällande rutiner för insatser. Viktiga förändringar i insatsen ska avvikelserapporteras i särskild ordning.

Kostnader
De i beslut beviljade medlen utgör ett maxbelopp, och grund för ersättning är faktisk upparbetade kostnader. Styrelsens beslut om finansiering av samverkansinsatser gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver.

Underskrifter
Inför behandling av Samordningsförbundets arbetsutskott/styrelse för beslut skall samtliga parters behöriga beslutsfattare ha skrivit under och ställt sig bakom ansökan. I och med nedanstående underskrifter och ett därpå följande positivt beslut från Samordningsförbundets styrelse så har ett åtagande från insatsägarna, både gentemot varandra och mot Samordningsförbundet, att uppfylla denna plan inom de beskrivna ramarna överenskommits."""

T = Organisation.Typ
STATLIGA_OCH_REGION = [
    ("Försäkringskassan", T.FORSAKRINGSKASSAN, "202100-5521"),
    ("Arbetsförmedlingen", T.ARBETSFORMEDLINGEN, "202100-2114"),
    ("Region Uppsala", T.REGION, "232100-0024"),
]
KOMMUNER = [
    ("Enköpings kommun", "Enköping"),
    ("Heby kommun", "Heby"),
    ("Håbo kommun", "Håbo"),
    ("Knivsta kommun", "Knivsta"),
    ("Tierps kommun", "Tierp"),
    ("Uppsala kommun", "Uppsala"),
    ("Älvkarleby kommun", "Älvkarleby"),
    ("Östhammars kommun", "Östhammar"),
]
ORGNR = {"Uppsala kommun": "212000-3005"}

# username, first, last, role, title, organisation, e-mail domain
PERSONER = [
    ("anna", "Anna", "Berglund", Roll.SOKANDE, "Arbetsmarknadschef", "Älvkarleby kommun", "alvkarleby"),
    ("karin", "Karin", "Dahl", Roll.SOKANDE, "Sektionschef", "Arbetsförmedlingen", "arbetsformedlingen"),
    ("lars", "Lars", "Ekholm", Roll.SOKANDE, "Verksamhetschef", "Region Uppsala", "regionuppsala"),
    ("maria", "Maria", "Falk", Roll.SOKANDE, "Enhetschef", "Försäkringskassan", "forsakringskassan"),
    ("erik", "Erik", "Gran", Roll.SOKANDE, "Arbetsmarknadssamordnare", "Knivsta kommun", "knivsta"),
    ("bertil", "Bertil", "Holm", Roll.HANDLAGGARE, "Verksamhetsutvecklare", None, "samordning-uppsala"),
    ("cecilia", "Cecilia", "Isaksson", Roll.FORBUNDSCHEF, "Förbundschef", None, "samordning-uppsala"),
    ("david", "David", "Jansson", Roll.LEDAMOT, "Ordförande", "Region Uppsala", "samordning-uppsala"),
    ("elsa", "Elsa", "Karlsson", Roll.ERSATTARE, "Ersättare", "Knivsta kommun", "samordning-uppsala"),
    ("fredrik", "Fredrik", "Lund", Roll.SEKRETERARE, "Sekreterare", None, "samordning-uppsala"),
    ("gunilla", "Gunilla", "Moberg", Roll.ADMINISTRATOR, "Administratör", None, "samordning-uppsala"),
]

# Lokusgrupp Älvkarleby: the four parties' representatives.
LOKUS_ALVKARLEBY = ["anna", "karin", "lars", "maria"]


def _forbund():
    if Forbund.objects.exists():
        return Forbund.objects.get()
    return Forbund.objects.create(
        namn="Samordningsförbundet Uppsala län",
        diarieprefix="SFU",
        adress="Box 1, 751 00 Uppsala",
        overenskommelse=OVERENSKOMMELSE,
        delegationsgrans=100_000,
    )


def _organisationer():
    orgs = {}
    for namn, typ, orgnr in STATLIGA_OCH_REGION:
        orgs[namn], _ = Organisation.objects.get_or_create(
            namn=namn, defaults={"typ": typ, "organisationsnummer": orgnr}
        )
    for namn, _ort in KOMMUNER:
        orgs[namn], _ = Organisation.objects.get_or_create(
            namn=namn, defaults={"typ": T.KOMMUN, "organisationsnummer": ORGNR.get(namn, "")}
        )
    return orgs


def _lokusgrupper(orgs):
    parter = [orgs[namn] for namn, _typ, _nr in STATLIGA_OCH_REGION]
    grupper = {}
    for namn, ort in KOMMUNER:
        grupp, created = Lokusgrupp.objects.get_or_create(
            kommun=orgs[namn], defaults={"namn": f"Lokus {ort}"}
        )
        if created:
            grupp.organisationer.set([orgs[namn], *parter])
        grupper[ort] = grupp
    return grupper


def _personer(orgs):
    users = {}
    for username, first, last, roll, titel, org, domain in PERSONER:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@{domain}.example".lower(),
                roll=roll,
                titel=titel,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if org:
                user.organisationer.add(orgs[org])
        # The demo's sökande are their organisations' behöriga företrädare,
        # so every demo party can sign (also in a database loaded before
        # behörighet was recorded).
        if roll == Roll.SOKANDE and org:
            user.behorig_for.add(orgs[org])
        users[username] = user
    return users


@transaction.atomic
def load():
    forbund = _forbund()
    orgs = _organisationer()
    grupper = _lokusgrupper(orgs)
    users = _personer(orgs)
    for username in LOKUS_ALVKARLEBY:
        user = users[username]
        LokusgruppRepresentant.objects.get_or_create(
            lokusgrupp=grupper["Älvkarleby"],
            anvandare=user,
            defaults={"organisation": user.organisationer.first()},
        )
    return {"forbund": forbund, "organisationer": orgs, "lokusgrupper": grupper, "users": users}


def inloggningar():
    """The demo logins this app adds, for load_demo to print."""
    return [
        (username, f"{first} {last}", f"{roll.label}, {org}" if org else roll.label)
        for username, first, last, roll, _titel, org, _domain in PERSONER
    ]
