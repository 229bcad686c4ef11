"""Demo data for beredning and beslutsförslag.

- The inriktning of 2018 from seed 002 and one for each year from 2021 to
  the current one, so the demo cases' beredning has frames and guidelines
  (the frames are demo figures, not the förbund's).
- "Lokussamordnare Älvkarleby" as in seed 001: an insats funded since 2018
  with two earlier grants, its tilläggsansökan for 2021-04-01–2023-03-31
  (316 000 kr) submitted and diarieförd in 2021, beredd, and the
  beslutsförslag drafted from it by the drafting code, with the library's
  clause for period and amount chosen instead of the two standard ones.
  The application's texts are the seed's, so Ärendet reads like it.
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
from samordning.models import Forbund, Organisation, User

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
    {"beslutsdatum": D(2018, 3, 14), "diarienummer": "SFU 2018/7", "period_fran": D(2018, 4, 1), "period_till": D(2019, 3, 31), "belopp": 135_000},
    {"beslutsdatum": D(2019, 3, 20), "diarienummer": "SFU 2019/11", "period_fran": D(2019, 4, 1), "period_till": D(2021, 3, 31), "belopp": 270_000},
]  # fmt: skip
# The case's own dates: submitted, recommended, proposed (before the period starts).
LOKUS_INLAMNAD = datetime.datetime(2021, 2, 15, 10, 0)
LOKUS_REKOMMENDATION = D(2021, 3, 10)
LOKUS_FORSLAG = D(2021, 3, 17)
# The library's clause the förbundschef chose, as in seed 001.
LOKUS_KLAUSUL = "Bevilja stöd för period och belopp"

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
    data = {**dict.fromkeys(Beredning.CHECKLIST, True), "rekommendation": "bifall", "anteckningar": "", **extra}
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


def _lamna_in_2021(ansokan, by):
    """Submit with the case's own year: the diarienummer is taken from the
    2021 series (lamna_in keeps a number the application already has) and
    the submission time is the case's."""
    nummer = ansokan_services.next_diarienummer(2021)
    Ansokan.objects.filter(pk=ansokan.pk).update(
        diarie_ar=2021, diarie_lopnummer=nummer, diarienummer=f"{Forbund.get().diarieprefix} 2021/{nummer}"
    )
    ansokan.refresh_from_db()
    ansokan = ansokan_services.lamna_in(ansokan=ansokan, by=by)
    inlamnad = timezone.make_aware(LOKUS_INLAMNAD)
    Ansokan.objects.filter(pk=ansokan.pk).update(inlamnad=inlamnad)
    ansokan.inlamnad = inlamnad
    return ansokan


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
    ansokan = _lamna_in_2021(ansokan, anna)
    for part in ansokan.parter.select_related("organisation"):
        ansokan_services.signera(ansokan=ansokan, part=part, by=users[SIGNERAR[part.organisation.namn]])
    ansokan = ansokan_services.paborja_beredning(ansokan=ansokan, by=users["bertil"])
    # A structural insats: its target group is the parties' staff, not one of
    # the prioritised groups of individuals.
    _beredning(
        ansokan,
        users["bertil"],
        rekommendation_datum=LOKUS_REKOMMENDATION,
        malgrupp_prioriterad=False,
        anteckningar=LOKUS_ANTECKNINGAR,
    )
    cecilia = users["cecilia"]
    forslag = services.skapa_forslag(by=cecilia, ansokan=ansokan)
    # As the förbundschef does on the edit page: the library's clause for
    # period and amount in place of the two standard clauses, the
    # conditions kept, and the case's date.
    vald = Klausul.objects.get(namn=LOKUS_KLAUSUL)
    vals = klausuler.values(forslag, ansokan)
    villkor = [klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.select_related("klausul") if s.klausul and s.klausul.typ == Klausul.Typ.VILLKOR]
    services.spara_forslag(
        forslag=forslag,
        by=cecilia,
        version=forslag.version,
        falt={"datum": LOKUS_FORSLAG},
        satser=[klausuler.Sats(klausuler.fill(vald.text, vals), vald.pk), *villkor],
    )


def _seed_beredning(ansokan, by):
    """The demo application's beredning, recommended the day it came in."""
    _beredning(ansokan, by, rekommendation_datum=timezone.localdate(ansokan.inlamnad))


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
        _seed_beredning(demo, users["bertil"])
        services.skapa_forslag(by=users["cecilia"], ansokan=demo)
