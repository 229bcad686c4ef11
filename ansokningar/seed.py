"""The seed application (seed 004) entered in full, for the demo data and
the tests: "Förstärkt stöd till arbete & studier" by Älvkarleby kommun with
Arbetsförmedlingen, Försäkringskassan and Region Uppsala.

Texts are the seed's own, with the PDF extraction's line wrapping undone;
lists are written one point per line starting with "• ", as the form shows
them. The budget columns follow the seed's order: Älvkarleby,
Arbetsförmedlingen, Försäkringskassan, Region Uppsala.
"""

import datetime

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

D = datetime.date
A = Budgetrad.Avsnitt

SEED_NAMN = "Förstärkt stöd till arbete & studier"

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

# Parties in budget-column order; the first is the huvudinsatsägare.
PARTER = ["Älvkarleby kommun", "Arbetsförmedlingen", "Försäkringskassan", "Region Uppsala"]

SYFTE = (
    "Syftet är att med ett motiverande och coachande arbetssätt tillhandahålla ett samordnat och "
    "förstärkt stöd till personer i arbetsför ålder som varken arbetar eller studerar för att dessa ska "
    "närma sig arbete eller studier. Funktionen har till uppdrag att bygga upp ett operativt "
    "samverkande arbetssätt mellan samverkansparterna kring individen och samtidigt nyttja "
    "upparbetade nätverk för att koordinera kontakter och samarbetsparter på individnivå."
)

MAL = {
    Mal.Typ.OVERGRIPANDE: [
        "Att ta fram rutiner för samverkan med alla parter för aktualisering av individer till insatsen.",
        "Att utifrån Samordningsförbundets inriktning ge individuellt anpassat och förstärkt stöd till "
        "de kommunmedborgare i arbetsför ålder som står utanför arbetsmarknaden och/eller "
        "riskerar att falla mellan parternas olika ansvar/stöd.",
        "Främja samverkan lokalt och implementera rutiner för det.",
    ],
    Mal.Typ.EFFEKT: [
        "Lokala rutiner för hållbar samverkan mellan förbundets parter och andra aktörer som är "
        "nödvändiga för att stötta individen ska tas fram.",
        "Att 70 procent av deltagarna efter avslut i insatsen upplever att de kommit närmare "
        "arbete, studier, alternativ sysselsättning och/eller hamnat rätt i samhällsystemet.",
    ],
    Mal.Typ.INSATS: [
        "Styrgruppen tar fram lokala rutiner för hållbar samverkan utifrån projektets mål. Dessa "
        "följs upp en gång i halvåret i samband med styrgruppsmöten.",
        "Att minst 15 individer deltar i insatsen per år.",
        "Att genomföra ett fysiskt möte med samtliga deltagare inom två veckor efter aktualisering "
        "i insatsen.",
        "Att upprätta en handlingsplan med samtliga deltagare efter fyra veckor från start i "
        "insatsen.",
        "Att genomföra självskattning enligt SMAIL med deltagarna i insatsen var 13:e vecka och att "
        "utifrån denna anpassa de aktiviteter och insatser som erbjuds.",
    ],
}

BAKGRUND = """\
I dagsläget saknar kommunen egna resurser för att bygga upp en adekvat samverkansprocess på individnivå kring de individer som bedöms ha behov en riktad insats med individuellt anpassat stöd. Målgruppen finns hos Samordningsförbundets alla fyra parter, är i arbetsför ålder från 20 år och uppåt och har varierande individuella behov av insatser.

Det finns goda exempel på fungerande samverkan i Älvkarleby kommun men den kan förbättras ytterligare. Det finns ett behov att fylla för de individer som ännu inte är redo för de befintliga insatserna och som behöver rustas för att kunna ta del av de insatser och det stöd som erbjuds av parterna. I samverkan kan vi alltid göra mer för att ha individen i centrum och öka möjligheten för denne att äga sin egen process och själv bedöma sin progression mot arbete eller studier och då krävs ett omfattande relations- och motivationsarbete.

Målgruppen når ofta inte upp till de krav som ställs inom de arbetslivsinriktade insatserna som finns inom parternas ordinarie verksamhet. Utan den insats som denna ansökan avser kommer målgruppen stå utan stöd för att närma sig eller komma ut i arbetslivet. Parterna finansierar de delar av insatsen där man har ett formellt ansvar."""

MALGRUPP = """\
Målgruppen är kommunmedborgare i arbetsför ålder från 20 år och uppåt som av olika orsaker står utanför arbetsmarknaden och har behov av samordnade arbetslivsinriktade insatser med förstärkt och individuellt anpassat stöd. Deltagarna förväntas ha behov av längre insatstider, där en betydande del av tiden krävs för att bygga relation och att väcka motivation inför deltagande.

I den inledande fasen behövs gott om tid och utrymme för flexibilitet och ett relationsskapande som därefter stegvis övergår till att vara mer vägledande med fokus på arbete eller studier.

De individer som i dagsläget inte har kontakt med samverkansparterna kan ha varit aktuella hos kommunens aktivitetsansvar, KAA. För att fånga upp dessa individer utgör KAA en viktig länk.

Varje samverkanspart ansvarar för att introducera insatsen för de individer som bedöms ha behov av det stöd som insatsen erbjuder och att motivera individen till en första kontakt med arbets- och studiecoachen.

Målgruppen behöver ett fortlöpande sammanhang och det är viktigt att påbörjade processer inte avbryts utan att det finns samordning kring individen och en tydlig mottagare efter avslut i insatsen."""

METOD = """\
Arbets- och studiecoachens huvudfokus kommer vara att samordna insatser kring individen och ansvara för att utifrån deltagarens behov koppla in de parter, insatser och aktiviteter som är nödvändiga för deltagarens fortsatta utveckling att närma sig arbete eller studier. Till exempel vården, Arbetsförmedlingen, Socialtjänsten, kommunens aktivitetsansvar, praktikplats och de personer som deltagaren vill ska medverka.

Funktionen kommer att tillvarata tidigare insatser och använda samverkansverktyget Rutin för flerpartsmöte. I alla möten ska deltagaren medverka.

Arbets- och studiecoachen kommer att bedriva uppsökande verksamhet och utgöra ett stöd för individen utifrån dennes individuella behov för att möjliggöra för den enskilde att komma vidare till arbete eller studier. Med ett relationsskapande och coachande arbetssätt kommer Arbets- och studiecoachen att handleda individen och stötta till genomförande av aktiviteter. Vid individuella avstämningar kommer deltagarna var trettonde vecka att skatta sin egen process enligt SMAIL."""

UPPFOLJNING = """\
• Lokusgruppen är styrgrupp för insatsen och följer därigenom upp insatsens resultat genom kvartalsrapportering till Samordningsförbundet.
• Insatsen redovisas i SUS.
• Deltagarnas egenupplevda stegförflyttning mot arbete/studier mäts genom självskattning enligt SMAIL."""

TILLVARATAS = """\
I Älvkarleby kommun kommer insatsen att utgöra grund för ett lärande till att utveckla processer i arbetet med långtidsarbetslösa med behov av förstärkt och individuellt anpassat stöd. Insatsen förväntas leda till ökad och bättre insikt om vilka processer som resulterar i självförsörjning alternativt meningsfull sysselsättning för långtidsarbetslösa.

Region Uppsala kommer att fortsätta använda samverkansverktygen SIP och Rutin för flerpartsmöte, samt ha uttalade ingångar till vården för samverkande parter.

Arbetsförmedlingen: Insatsen syftar till att säkerställa samarbetet mellan alla parter, gemensamt finna bra rutiner och processer för målgruppen att komma vidare till lämpligt nästa steg. Säkerställa att vi använder de redan upparbetade rutiner som finns så som till exempel flerpartsmöten.

Försäkringskassan bedömer att det finns ett behov av förberedande insatser för personer som står långt ifrån arbetsmarknaden. Förstärkt stöd mot arbete & studier erbjuder ett stöd som tillmötesgår unga personer med funktionsvariationer och deras individuella behov för inträde på arbetsmarknaden eller till studier. När Försäkringskassan möter människor och gör bedömningen att det finns ett matchande behov så anvisar vi till insatsen."""

DISKUTERAD_HUR = "Lokus har diskuterat ansökan på Lokusmöten 26 april och 24 maj 2022."

# Everything on the huvudinsatsägare's column, as in the seed.
LONERAD = ("Arbetsmarknadsstödjare", 100, D(2023, 1, 1), D(2024, 12, 31), 1_362_000)
STANDARDBELOPP = {
    (A.LOKAL, "Lokalhyra"): 86_400,
    (A.OVRIG, "Telefon-, IT-kostnader"): 4_000,
    (A.OVRIG, "Resor"): 20_000,
    (A.OVRIG, "Tolk"): 60_000,
    (A.OVRIG, "Informationsmaterial"): 8_000,
}


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
    kategorier, malgrupper = ensure_categories()
    ansokan = services.skapa_ansokan(by=by, insatsagare=orgs[PARTER[0]], namn=SEED_NAMN)
    huvud = ansokan.parter.get()
    add_parts(ansokan, [orgs[namn] for namn in PARTER[1:]])

    ansokan.syfte = SYFTE
    ansokan.bakgrund = BAKGRUND
    ansokan.startdatum = D(2023, 1, 1)
    ansokan.slutdatum = D(2024, 12, 31)
    ansokan.intag_slutdatum = D(2024, 9, 30)
    ansokan.malgrupp = MALGRUPP
    ansokan.antal_deltagare = 15
    ansokan.metod = METOD
    ansokan.uppfoljning = UPPFOLJNING
    ansokan.tillvaratas = TILLVARATAS
    ansokan.kategori = kategorier["Individinriktad"]
    ansokan.diskuterad = True
    ansokan.diskuterad_hur = DISKUTERAD_HUR
    ansokan.save()
    ansokan.prioriterade_malgrupper.set(malgrupper.values())
    add_goals(ansokan, MAL)

    benamning, procent, fran, till, belopp = LONERAD
    lon = Budgetrad.objects.create(
        ansokan=ansokan,
        avsnitt=A.LON,
        benamning=benamning,
        tjanst_procent=procent,
        fran=fran,
        till=till,
    )
    set_amount(lon, huvud, belopp)
    for rad in ansokan.budgetrader.filter(standard=True):
        belopp = STANDARDBELOPP.get((rad.avsnitt, rad.benamning))
        if belopp:
            set_amount(rad, huvud, belopp)

    services.update_totals(ansokan)
    return ansokan
