"""Demo data for beredning and beslutsförslag.

- The inriktning of 2018 from seed 002 and one for each year from 2021 to
  the current one, so the demo cases' beredning has frames and guidelines
  (the frames are demo figures, not the förbund's).
- The clause set as the seed's förbund writes its decisions: "Ett samlat
  beviljandebeslut", seed 001's single clause "bevilja finansiellt stöd
  enligt ansökan X, för perioden 1 april 2021 till 31 mars 2023, maximalt
  316 000 kronor" with the two conditions, is chosen in place of the
  installed "Beviljande och avsättning" (bevilja … till insatsen X; avsätta
  maximalt … under perioden A till B). Done once, through the choice's
  service, and only while nobody has chosen or changed a set.
- "Lokussamordnare Älvkarleby" as in seed 001: an insats funded since 2018
  with two earlier grants, its tilläggsansökan for 2021-04-01–2023-03-31
  (316 000 kr) submitted and diarieförd in 2021, beredd, and the
  beslutsförslag drafted from it by the drafting code with the chosen set:
  its clauses are seed 001's, word for word. The application's texts are
  the seed's, so Ärendet reads like it.
- A beredning and a drafted proposal of 2022 for the demo application
  "Förstärkt stöd till arbete & studier" (seed 004, a 2022 case; see
  ansokningar.demo), after the lokusgrupp's discussions in the spring.
Each case's history carries its own dates. Idempotent: each piece is
matched by its natural key and left alone if present.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ansokningar import seed
from ansokningar import services as ansokan_services
from ansokningar.demo import dateras, dateras_skapad_och_underskrifter, lamna_in_historiskt, tid
from ansokningar.models import Ansokan, Budgetrad, Mal
from beslut import klausuler, services
from beslut.models import (
    Beredning,
    Beslutsforslag,
    Klausul,
    KlausulUppsattning,
    Verksamhetsinriktning,
)
from insatser.models import Beviljande, Insats
from samordning.models import AuditEntry, Organisation, User

D = datetime.date

MAL_2018 = """\
Insatser på individnivå ska generera att minst lika många procent av inskrivna deltagare (individer) i förbundets insatser går ut i arbete/studier som rikssnittet.

Insatser på övergripande nivå ska generera åtgärder på strukturnivå riktat mot samverkan (t ex nya/reviderade styrdokument hos parterna såsom överenskommelser, policyer, riktlinjer eller rutiner, förändrade arbetssätt eller metoder, ökat samarbete med annan part såsom civilsamhället eller brukarorganisationer, ökad kunskap hos medarbetare inom områden betydelsefulla för samverkan).

Tillfälliga kompetenshöjande insatser ska generera ökad kunskap hos medarbetarna inom områden betydelsefulla för samverkan."""

LOKUS = "Lokussamordnare Älvkarleby"
# The application's texts are seed 001's Ärendet, split as the form asks.
LOKUS_BAKGRUND = (
    "Inom ramen för Lokusgruppen i Älvkarleby finns sedan 2018 en lokussamordnare. För att säkerställa "
    "fungerande samverkan i lokusgruppen har den befintliga lokussamordnaren fungerat som ett administrativt "
    "stöd och även varit ett operativt stöd gentemot de insatser som pågått i Älvkarleby under perioden "
    "2018–2020 och varit en sammanhållande länk mellan Lokusgruppen och insatserna."
)
LOKUS_SYFTE = (
    "Lokusgruppen i Älvkarleby ser att funktionen Lokussamordnare behöver finnas även fortsättningsvis "
    "och söker därför om fortsatt finansiering för en sådan funktion på 25 %. Lokussamordnaren ska förutom "
    "det administrativa arbetet kring att sammankalla till och föra minnesanteckningar för Lokusgruppen också "
    "fungera som ett övergripande stöd för Lokusgruppens samverkan och omvärldsbevaka kring området "
    "arbetslivsinriktad rehabilitering. Att stödja befintliga insatser samt bidra till utveckling av nya "
    "insatser i Älvkarleby kommer också ingå i uppdraget.\n\n"
    "Den nuvarande lokussamordnaren ska avsluta sitt uppdrag men det finns en tilltänkt person för rollen i "
    "det fall ansökan beviljas. Den tilltänkta personen kommer arbeta 25 % som lokussamordnare och resterande "
    "tid är tänkt som processtöd i insatsen Samverkan- implementering av flerpartsrutin. Det finns en klar "
    "fördel att dessa uppdrag kombineras, vilket kommer ge synergier."
)
# The beredning's note: what seed 001's Bedömning says beyond the checklist.
LOKUS_ANTECKNINGAR = (
    "Insatsen har som mål att underlätta parternas medverkan i Lokusgruppen genom operativt stöd i "
    "samverkansfrågor och administrationen kring detta. Uppföljning och utvärdering kommer att ske löpande."
)
# The insats since 2018: its earlier grants (as in the insats register's tests).
LOKUS_BEVILJANDEN = [
    {"beslutsdatum": D(2018, 3, 14), "organ": "styrelse", "paragraf": 14, "tjanstgoringsgrad": 25, "diarienummer": "SFU 2018/7", "period_fran": D(2018, 4, 1), "period_till": D(2019, 3, 31), "belopp": 135_000},
    {"beslutsdatum": D(2019, 3, 20), "organ": "styrelse", "paragraf": 21, "tjanstgoringsgrad": 25, "diarienummer": "SFU 2019/11", "period_fran": D(2019, 4, 1), "period_till": D(2021, 3, 31), "belopp": 270_000},
]  # fmt: skip
# The case's own dates: drafted, submitted, signed, recommended, proposed
# (before the period starts).
LOKUS_SKAPAD = datetime.datetime(2021, 1, 25, 9, 0)
LOKUS_INLAMNAD = datetime.datetime(2021, 2, 15, 10, 0)
LOKUS_SIGNERAD = datetime.datetime(2021, 2, 16, 9, 0)
LOKUS_BEREDNING = datetime.datetime(2021, 2, 17, 9, 0)
LOKUS_REKOMMENDATION = D(2021, 3, 10)
LOKUS_FORSLAG = D(2021, 3, 17)
# The demo application (seed 004, submitted 14 June 2022): the
# beredningsgrupp after the summer, the proposal for the board's autumn
# meeting, before the insats starts on 1 January 2023.
SEED_REKOMMENDATION = D(2022, 8, 31)
SEED_FORSLAG = D(2022, 9, 14)

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
    data = {**dict.fromkeys(Beredning.CHECKLIST, Beredning.Svar.JA), "rekommendation": "bifall", "anteckningar": "", **extra}
    return services.spara_beredning(ansokan=ansokan, by=by, data=data)


def _lokus_insats(orgs, kategorier):
    insats, _ = Insats.objects.get_or_create(
        namn=LOKUS,
        defaults={
            "insatsagare": orgs["Älvkarleby kommun"],
            "startdatum": D(2018, 4, 1),
            "kategori": kategorier["Strukturövergripande"],
        },
    )
    if not insats.beviljanden.exists():
        Beviljande.objects.bulk_create([Beviljande(insats=insats, **grant) for grant in LOKUS_BEVILJANDEN])
    return insats


def _seed_001_som_standard(by):
    """Seed 001's clause set as the förbund's choice, instead of the
    installed one: once, through the choice's service (audited), and only
    while nobody has chosen or changed a set."""
    if AuditEntry.objects.filter(handling__startswith="klausuluppsattning.").exists():
        return  # the förbund has chosen for itself
    samlat = KlausulUppsattning.objects.filter(namn=klausuler.SAMLAT, vald=False).first()
    if samlat is not None:
        services.valj_uppsattning(uppsattning=samlat, by=by)


def _lokus_tider(ansokan, forslag):
    """The 2021 case's history with its own dates."""
    dateras_skapad_och_underskrifter(ansokan, tid(LOKUS_SKAPAD), tid(LOKUS_SIGNERAD))
    rekommendation = tid(datetime.datetime.combine(LOKUS_REKOMMENDATION, datetime.time(15, 0)))
    dateras(
        ansokan,
        {
            "ansokan.skapad": tid(LOKUS_SKAPAD),
            "ansokan.inlamnad": tid(LOKUS_INLAMNAD),
            "ansokan.signerad": tid(LOKUS_SIGNERAD),
            "ansokan.beredning_paborjad": tid(LOKUS_BEREDNING),
            "beredning.sparad": rekommendation,
        },
    )
    _forslag_tider(forslag, LOKUS_FORSLAG)


def _forslag_tider(forslag, datum):
    """A demo proposal drafted and saved on its own date."""
    moment = tid(datetime.datetime.combine(datum, datetime.time(10, 0)))
    Beslutsforslag.objects.filter(pk=forslag.pk).update(skapad=moment, andrad=moment)
    dateras(forslag, {"forslag.skapat": moment, "forslag.sparat": moment + datetime.timedelta(minutes=30)})


def _lokus(users, orgs, kategorier):
    kommun = orgs["Älvkarleby kommun"]
    insats = _lokus_insats(orgs, kategorier)
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
        "diskuterad_hur": "Ansökan har diskuterats på lokusgruppens möten i januari och februari 2021.",
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
    ansokan = lamna_in_historiskt(ansokan, anna, tid(LOKUS_INLAMNAD))
    for part in ansokan.parter.select_related("organisation"):
        ansokan_services.signera(ansokan=ansokan, part=part, by=users[SIGNERAR[part.organisation.namn]])
    ansokan = ansokan_services.paborja_beredning(ansokan=ansokan, by=users["bertil"])
    # A structural insats: its target group is the parties' staff, so the
    # points on people of working age and the prioritised groups do not
    # apply. Assessed against the inriktning in force when the board decides
    # (2021).
    _beredning(
        ansokan,
        users["bertil"],
        rekommendation_datum=LOKUS_REKOMMENDATION,
        malgrupp_arbetsfor=Beredning.Svar.EJ_TILLAMPLIGT,
        malgrupp_prioriterad=Beredning.Svar.EJ_TILLAMPLIGT,
        planerat_beslutsdatum=LOKUS_FORSLAG,
        anteckningar=LOKUS_ANTECKNINGAR,
    )
    cecilia = users["cecilia"]
    forslag = services.skapa_forslag(by=cecilia, ansokan=ansokan)
    # Saved on the case's date; the clauses are the chosen set's, as drafted.
    services.spara_forslag(
        forslag=forslag,
        by=cecilia,
        version=forslag.version,
        falt={"datum": LOKUS_FORSLAG},
        satser=[klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()],
    )
    _lokus_tider(ansokan, forslag)


def _seed_forslag(ansokan, users):
    """The demo application's beredning and proposal, on their 2022 dates."""
    # 2023–2024, decided in the autumn of 2022: assessed against the
    # inriktning for 2022 for all its years.
    _beredning(ansokan, users["bertil"], rekommendation_datum=SEED_REKOMMENDATION, planerat_beslutsdatum=SEED_FORSLAG)
    dateras(ansokan, {"beredning.sparad": tid(datetime.datetime.combine(SEED_REKOMMENDATION, datetime.time(15, 0)))})
    forslag = services.skapa_forslag(by=users["cecilia"], ansokan=ansokan)
    forslag = services.spara_forslag(
        forslag=forslag,
        by=users["cecilia"],
        version=forslag.version,
        falt={"datum": SEED_FORSLAG},
        satser=[klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()],
    )
    _forslag_tider(forslag, SEED_FORSLAG)


@transaction.atomic
def load():
    klausuler.load_defaults(Klausul)
    kategorier, malgrupper = seed.ensure_categories()
    users = {u.username: u for u in User.objects.filter(username__in=["anna", "karin", "lars", "maria", "bertil", "cecilia"])}
    orgs = {o.namn: o for o in Organisation.objects.filter(namn__in=seed.PARTER)}
    _seed_001_som_standard(users["cecilia"])
    _inriktningar(kategorier, malgrupper)
    if not Ansokan.objects.filter(namn=LOKUS, typ=Ansokan.Typ.TILLAGG).exists():
        _lokus(users, orgs, kategorier)
    demo = Ansokan.objects.filter(namn=seed.SEED_NAMN).first()
    if demo and not Beslutsforslag.objects.filter(ansokan=demo).exists():
        _seed_forslag(demo, users)
    # The board's organs, people and meetings (issue 10), on these cases.
    from beslut import demo_moten

    demo_moten.load()


def inloggningar():
    """The board's fictional demo people (beslut.demo_moten), for load_demo to print."""
    from beslut import demo_moten

    return [
        (u, f"{first} {last}", f"{roll.label}, {titel.lower()}" if titel.lower() not in roll.label.lower() else roll.label)
        for u, first, last, roll, titel in demo_moten.PERSONER
    ]
