"""Demo data for beredning and beslutsförslag.

- The inriktning of 2018 from seed 002 and one for each year from 2021 to
  the current one, so the demo cases' beredning has frames and guidelines
  (the frames are demo figures, not the förbund's).
- "Lokussamordnare Älvkarleby": an ongoing insats with an earlier grant and
  its tilläggsansökan for 2021-04-01–2023-03-31 (316 000 kr), beredd, and the
  beslutsförslag of seed 001 drafted from it.
- A beredning and a drafted proposal for the demo application
  "Förstärkt stöd till arbete & studier".
Idempotent: each piece is matched by its natural key and left alone if present.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ansokningar import seed
from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, Budgetrad, Mal
from beslut import klausuler, services
from beslut.models import Beredning, Beslutsforslag, Klausul, Verksamhetsinriktning
from insatser.models import Beviljande, Insats
from samordning.models import Organisation, User

D = datetime.date

MAL_2018 = """\
Insatser på individnivå ska generera att minst lika många procent av inskrivna deltagare (individer) i förbundets insatser går ut i arbete/studier som rikssnittet.

Insatser på övergripande nivå ska generera åtgärder på strukturnivå riktat mot samverkan (t ex nya/reviderade styrdokument hos parterna såsom överenskommelser, policyer, riktlinjer eller rutiner, förändrade arbetssätt eller metoder, ökat samarbete med annan part såsom civilsamhället eller brukarorganisationer, ökad kunskap hos medarbetare inom områden betydelsefulla för samverkan).

Tillfälliga kompetenshöjande insatser ska generera ökad kunskap hos medarbetarna inom områden betydelsefulla för samverkan."""

LOKUS = "Lokussamordnare Älvkarleby"
LOKUS_SYFTE = (
    "Lokusgruppen i Älvkarleby ser att funktionen Lokussamordnare behöver finnas även fortsättningsvis "
    "och söker därför om fortsatt finansiering för en sådan funktion på 25 %. Lokussamordnaren ska förutom "
    "det administrativa arbetet kring att sammankalla till och föra minnesanteckningar för Lokusgruppen också "
    "fungera som ett övergripande stöd för Lokusgruppens samverkan och omvärldsbevaka kring området "
    "arbetslivsinriktad rehabilitering."
)
LOKUS_BAKGRUND = (
    "Inom ramen för Lokusgruppen i Älvkarleby finns sedan 2018 en lokussamordnare. För att säkerställa "
    "fungerande samverkan i lokusgruppen har den befintliga lokussamordnaren fungerat som ett administrativt "
    "stöd och även varit ett operativt stöd gentemot de insatser som pågått i Älvkarleby under perioden "
    "2018–2020 och varit en sammanhållande länk mellan Lokusgruppen och insatserna."
)

# Seed 001 as the förbundschef finished it (the signature is a demo person).
SEED_SATSER = [
    "bevilja finansiellt stöd enligt ansökan Lokussamordnare Älvkarleby, för perioden 1 april 2021 till "
    "31 mars 2023, maximalt 316\u00a0000 kronor",
    klausuler.DEFAULTS[3][2],
    klausuler.DEFAULTS[4][2],
]
SEED_ARENDET = """\
Ansökan

Inom ramen för Lokusgruppen i Älvkarleby finns sedan 2018 en lokussamordnare. För att säkerställa fungerande samverkan i lokusgruppen har den befintliga lokussamordnaren fungerat som ett administrativt stöd och även varit ett operativt stöd gentemot de insatser som pågått i Älvkarleby under perioden 2018–2020 och varit en sammanhållande länk mellan Lokusgruppen och insatserna. Lokusgruppen i Älvkarleby ser att funktionen Lokussamordnare behöver finnas även fortsättningsvis och söker därför om fortsatt finansiering för en sådan funktion på 25 %. Lokussamordnaren ska förutom det administrativa arbetet kring att sammankalla till och föra minnesanteckningar för Lokusgruppen också fungera som ett övergripande stöd för Lokusgruppens samverkan och omvärldsbevaka kring området arbetslivsinriktad rehabilitering. Att stödja befintliga insatser samt bidra till utveckling av nya insatser i Älvkarleby kommer också ingå i uppdraget.

Den nuvarande lokussamordnaren ska avsluta sitt uppdrag men det finns en tilltänkt person för rollen i det fall ansökan beviljas. Den tilltänkta personen kommer arbeta 25 % som lokussamordnare och resterande tid är tänkt som processtöd i insatsen Samverkan- implementering av flerpartsrutin. Det finns en klar fördel att dessa uppdrag kombineras, vilket kommer ge synergier."""
SEED_BEDOMNING = """\
Denna insats är en strukturövergripande insats med mål att underlätta parternas medverkan i Lokusgruppen genom operativt stöd i samverkansfrågor och administrationen kring detta.

I ansökan anges resultat och mätbara mål som ligger i linje med förbundets inriktning. Uppföljning och utvärdering kommer att ske löpande. Ansökan har diskuterats av parterna och alla parter i Lokusgruppen har ställt sig bakom ansökan."""

SIGNERAR = {"Älvkarleby kommun": "anna", "Arbetsförmedlingen": "karin", "Försäkringskassan": "maria", "Region Uppsala": "lars"}


def _inriktningar(kategorier, malgrupper):
    # 2018 as in seed 002; then every year from the demo cases' start to now.
    years = [(2018, 9_000_000)] + [(ar, 10_000_000 + (ar - 2021) * 400_000) for ar in range(2021, timezone.localdate().year + 1)]
    for ar, ram in years:
        mal = MAL_2018
        if Verksamhetsinriktning.objects.filter(ar=ar).exists():
            continue
        inriktning = Verksamhetsinriktning.objects.create(ar=ar, ram=ram, mal=mal)
        inriktning.prioriterade_malgrupper.set(malgrupper.values())
        for namn, procent in [("Individinriktad", 60), ("Strukturövergripande", 30), ("Kompetenshöjande", 10)]:
            inriktning.fordelning.create(kategori=kategorier[namn], procent=procent)


def _beredning(ansokan, by, **extra):
    data = dict.fromkeys(Beredning.CHECKLIST, True)
    data.update(rekommendation="bifall", anteckningar="", **extra)
    return services.spara_beredning(ansokan=ansokan, by=by, data=data)


def _lokus(users, orgs, kategorier):
    kommun = orgs["Älvkarleby kommun"]
    insats, _ = Insats.objects.get_or_create(
        namn=LOKUS, defaults={"insatsagare": kommun, "startdatum": D(2018, 4, 1), "kategori": kategorier["Strukturövergripande"]}
    )
    if not insats.beviljanden.exists():
        Beviljande.objects.create(
            insats=insats, beslutsdatum=D(2019, 3, 20), period_fran=D(2019, 4, 1), period_till=D(2021, 3, 31), belopp=270_000
        )
    anna = users["anna"]
    ansokan = ansokan_services.skapa_ansokan(
        by=anna, insatsagare=kommun, namn=LOKUS, typ=Ansokan.Typ.TILLAGG, insats=insats
    )
    huvud = ansokan.parter.get()
    seed.add_parts(ansokan, [orgs["Arbetsförmedlingen"], orgs["Försäkringskassan"], orgs["Region Uppsala"]])
    for name, value in {
        "syfte": LOKUS_SYFTE,
        "bakgrund": LOKUS_BAKGRUND,
        "startdatum": D(2021, 4, 1),
        "slutdatum": D(2023, 3, 31),
        "malgrupp": "Parternas medarbetare i Lokusgruppen och de insatser som pågår i Älvkarleby.",
        "metod": "Lokussamordnaren sammankallar och dokumenterar lokusgruppens möten, stödjer pågående insatser och omvärldsbevakar.",
        "uppfoljning": "Lokusgruppen följer upp uppdraget vid varje möte och i årsrapporten till förbundet.",
        "tillvaratas": "Erfarenheterna används i lokusgruppens fortsatta arbete och i nya insatser i Älvkarleby.",
        "kategori": kategorier["Strukturövergripande"],
        "diskuterad": True,
        "diskuterad_hur": "Ansökan har diskuterats på lokusgruppens möten under våren 2021.",
    }.items():
        setattr(ansokan, name, value)
    ansokan.save()
    seed.add_goals(
        ansokan,
        {
            Mal.Typ.OVERGRIPANDE: ["Fungerande samverkan i Lokusgruppen i Älvkarleby."],
            Mal.Typ.EFFEKT: ["Parterna upplever att samverkan i lokusgruppen har blivit bättre."],
            Mal.Typ.INSATS: ["Lokusgruppen träffas minst sex gånger per år med dokumenterade minnesanteckningar."],
        },
    )
    lon = Budgetrad.objects.create(
        ansokan=ansokan, avsnitt=Budgetrad.Avsnitt.LON, benamning="Lokussamordnare", tjanst_procent=25,
        fran=ansokan.startdatum, till=ansokan.slutdatum,
    )
    seed.set_amount(lon, huvud, 316_000)
    ansokan_services.update_totals(ansokan)
    ansokan = ansokan_services.lamna_in(ansokan=ansokan, by=anna)
    for part in ansokan.parter.select_related("organisation"):
        ansokan_services.signera(ansokan=ansokan, part=part, by=users[SIGNERAR[part.organisation.namn]])
    ansokan = ansokan_services.paborja_beredning(ansokan=ansokan, by=users["bertil"])
    _beredning(ansokan, users["bertil"], rekommendation_datum=D(2021, 3, 10))
    forslag = services.skapa_forslag(by=users["cecilia"], ansokan=ansokan)
    services.spara_forslag(
        forslag=forslag,
        by=users["cecilia"],
        version=forslag.version,
        falt={"undertitel": "Ansökan", "arendet": SEED_ARENDET, "bedomning": SEED_BEDOMNING},
        satser=SEED_SATSER,
    )


@transaction.atomic
def load():
    klausuler.load_defaults(Klausul)
    kategorier, malgrupper = seed.ensure_categories()
    users = {u.username: u for u in User.objects.filter(username__in=["anna", "karin", "lars", "maria", "bertil", "cecilia"])}
    orgs = {o.namn: o for o in Organisation.objects.filter(namn__in=seed.PARTER)}
    _inriktningar(kategorier, malgrupper)
    if not Ansokan.objects.filter(namn=LOKUS, typ=Ansokan.Typ.TILLAGG).exists():
        _lokus(users, orgs, kategorier)
    demo = Ansokan.objects.filter(namn=seed.SEED_NAMN).first()
    if demo and not Beslutsforslag.objects.filter(ansokan=demo).exists():
        _beredning(demo, users["bertil"], rekommendation_datum=D(2022, 9, 1))
        services.skapa_forslag(by=users["cecilia"], ansokan=demo)
