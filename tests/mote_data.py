"""A meeting to send a kallelse for and build a packet of (tests of issue
10, item 4): Förbundsstyrelsen with david (ledamot, ordförande), elsa
(ersättare) and a ledamot whose term has ended, and a meeting with the
opening items, one beslutsärende carrying a fastställd proposal of the seed
application and one informationsärende with an uploaded PDF."""

import datetime
import hashlib
import io

from django.core.files.base import ContentFile
from pypdf import PdfWriter

from beslut.models import Arende, Handling, Organ, Sammantrade, Uppdrag

DATUM = datetime.date(2026, 3, 18)


def blank_pdf(pages=2, width=595.28, height=841.89):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def handling(arende, by, data, filnamn="rapport.pdf"):
    return Handling.objects.create(
        arende=arende,
        fil=ContentFile(data, name=filnamn),
        filnamn=filnamn,
        sha256=hashlib.sha256(data).hexdigest(),
        storlek=len(data),
        uppladdad_av=by,
    )


def organ_med_ledamoter(orgs, david, elsa, gammal=None):
    organ = Organ.objects.get_or_create(namn="Förbundsstyrelsen", defaults={"typ": Organ.Typ.STYRELSE})[0]
    Uppdrag.objects.create(
        organ=organ, person=david, roll=Uppdrag.Roll.LEDAMOT, funktion=Uppdrag.Funktion.ORDFORANDE,
        organisation=orgs["region"], fran=datetime.date(2023, 1, 1),
    )  # fmt: skip
    Uppdrag.objects.create(
        organ=organ, person=elsa, roll=Uppdrag.Roll.ERSATTARE, organisation=orgs["knivsta"],
        fran=datetime.date(2023, 1, 1), till=datetime.date(2026, 12, 31),
    )  # fmt: skip
    if gammal is not None:  # a term that ended before the meeting: not called
        Uppdrag.objects.create(
            organ=organ, person=gammal, roll=Uppdrag.Roll.LEDAMOT, organisation=orgs["alvkarleby"],
            fran=datetime.date(2019, 1, 1), till=datetime.date(2022, 12, 31),
        )  # fmt: skip
    return organ


def mote(organ, sekreterare, version=None, handling_data=None):
    """A planned meeting with the opening items, the beslutsärende of
    `version` (if any) and an informationsärende with a handling."""
    m = Sammantrade.objects.create(
        organ=organ, datum=DATUM, starttid=datetime.time(13, 15), plats="Stadshuset, sal 2",
        sekreterare=sekreterare, skapad_av=sekreterare,
    )  # fmt: skip
    punkter = [
        (Arende.Typ.OPPNANDE, "Sammanträdets öppnande"),
        (Arende.Typ.DAGORDNING, "Fastställande av dagordning"),
        (Arende.Typ.JUSTERARE, "Val av justerare"),
    ]
    for ordning, (typ, rubrik) in enumerate(punkter, start=1):
        Arende.objects.create(sammantrade=m, ordning=ordning, typ=typ, rubrik=rubrik)
    if version is not None:
        Arende.objects.create(
            sammantrade=m, ordning=4, typ=Arende.Typ.BESLUT, rubrik=version.innehall["titel"], forslag_version=version
        )
    info = Arende.objects.create(sammantrade=m, ordning=5, typ=Arende.Typ.INFORMATION, rubrik="Lägesrapport")
    handling(info, sekreterare, handling_data or blank_pdf(2))
    Arende.objects.create(sammantrade=m, ordning=6, typ=Arende.Typ.AVSLUTNING, rubrik="Sammanträdets avslutande")
    return m
