"""Objects the permission matrix's URLs point at, owned by Älvkarleby kommun
(anna_sokande's organisation) with Arbetsförmedlingen as co-party, so
erik_utomstaende (Knivsta) must get 404."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from ansokningar import services
from ansokningar.models import Bilaga, Part


def build(personas, url_name=""):
    anna = personas["sokande"]
    org = anna.organisationer.get()
    from samordning.models import Organisation

    af = Organisation.objects.get(namn="Arbetsförmedlingen")
    utkast = services.skapa_ansokan(by=anna, insatsagare=org, namn="Utkast i matrisen")
    inlamnad = services.skapa_ansokan(by=anna, insatsagare=org, namn="Inlämnad i matrisen")
    Part.objects.create(ansokan=inlamnad, organisation=af, ordning=1)
    # A real submission has its period (a proposal can't be fastställd without it).
    inlamnad.startdatum, inlamnad.slutdatum = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    inlamnad.status = inlamnad.Status.INLAMNAD
    inlamnad.diarienummer = "SFU 2026/1"
    inlamnad.inlamnad = timezone.now()
    inlamnad.save()
    bilaga = Bilaga.objects.create(
        ansokan=inlamnad,
        fil=ContentFile(b"%PDF-1.4 test", name="bilaga.pdf"),
        filnamn="bilaga.pdf",
        typ="pdf",
        storlek=13,
        uppladdad_av=anna,
    )
    bilaga_utkast = Bilaga.objects.create(
        ansokan=utkast,
        fil=ContentFile(b"%PDF-1.4 fel fil", name="fel.pdf"),
        filnamn="fel.pdf",
        typ="pdf",
        storlek=16,
        uppladdad_av=anna,
    )
    from beslut import services as beslut_services
    from beslut.models import Klausul, KlausulUppsattning, Verksamhetsinriktning

    cecilia = personas["forbundschef"]
    from beslut import klausuler

    klausuler.load_defaults(Klausul)
    forslag = None
    if url_name.startswith("beslut:"):  # rendering a PDF per row would slow the matrix down
        forslag = beslut_services.skapa_forslag(by=cecilia, ansokan=inlamnad)
        beslut_services.faststall(forslag=forslag, by=cecilia)
    inriktning = Verksamhetsinriktning.objects.create(ar=2026, ram=5_000_000)
    from tests.factories import make_insats

    insats = make_insats(personas["handlaggare"], org, None, namn="Insats i matrisen")
    rekvisition = _rekvisition(insats, anna)
    from beslut.models import Organ, Uppdrag

    organ = Organ.objects.create(namn="Förbundsstyrelsen", typ=Organ.Typ.STYRELSE)
    Uppdrag.objects.create(
        organ=organ, person=personas["ledamot"], roll=Uppdrag.Roll.LEDAMOT, organisation=org,
        fran=datetime.date(2026, 1, 1),
    )  # fmt: skip
    moten = _moten(organ, personas) if not url_name or url_name.startswith("beslut:") else {}
    moten.update(_arenden(moten, forslag, personas) if moten else {})
    moten.update(_protokoll(forslag, personas) if moten else {})
    moten.update(_justering(personas, url_name))
    return {
        **moten,
        "organ": organ,
        "insats": insats,
        "avvikelse": _avvikelse(insats, anna),
        "rapport": _rapport(insats),
        "rekvisition": rekvisition,
        "utkast": utkast,
        "inlamnad": inlamnad,
        "bilaga": bilaga,
        "bilaga_utkast": bilaga_utkast,
        "forslag": forslag,
        "klausul": Klausul.objects.first(),
        "uppsattning": KlausulUppsattning.objects.first(),
        "inriktning": inriktning,
    }


# The meeting papers' URLs (beslut.views.handlingar): a called meeting whose
# papers the organ's ledamot reads, and a planned one to send.
MOTESHANDLINGAR = {"beslut:kallelse_pdf", "beslut:motespaket_pdf", "beslut:skicka_kallelse", "beslut:revidera_kallelse"}


def _moten(organ, personas):
    from beslut.models import Arende, Sammantrade

    fredrik = personas["sekreterare"]
    moten = {}
    for key, status in [("mote_kallat", Sammantrade.Status.KALLAT), ("mote_planerat", Sammantrade.Status.PLANERAT)]:
        mote = Sammantrade.objects.create(
            organ=organ, datum=datetime.date(2026, 3, 18), starttid=datetime.time(13, 15), status=status,
            sekreterare=fredrik, skapad_av=fredrik,
        )  # fmt: skip
        for nr, typ in enumerate([Arende.Typ.OPPNANDE, Arende.Typ.DAGORDNING, Arende.Typ.JUSTERARE], start=1):
            Arende.objects.create(sammantrade=mote, ordning=nr, typ=typ, rubrik=str(typ.label))
        moten[key] = mote
    return moten


def _arenden(moten, forslag, personas):
    """The meetings' ärenden (beslut.views.sammantrade): on the called one a
    beslutsärende with the fastställd version (when built), an
    informationsärende with a handling (a real one-page PDF: the packet
    merges it) and meddelanden; on the planned one two ärenden to move."""
    import io

    import pypdf

    from beslut.models import Arende, Handling

    fredrik = personas["sekreterare"]
    kallat, planerat = moten["mote_kallat"], moten["mote_planerat"]
    objs = {}
    if forslag is not None:
        objs["arende_beslut"] = Arende.objects.create(
            sammantrade=kallat, ordning=4, typ=Arende.Typ.BESLUT, rubrik=forslag.titel,
            forslag_version=forslag.versioner.get(),
        )  # fmt: skip
    info = Arende.objects.create(sammantrade=kallat, ordning=5, typ=Arende.Typ.INFORMATION, rubrik="Information")
    Arende.objects.create(sammantrade=kallat, ordning=6, typ=Arende.Typ.MEDDELANDEN, rubrik="Meddelanden")
    writer, data = pypdf.PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(data)
    objs["handling"] = Handling.objects.create(
        arende=info, fil=ContentFile(data.getvalue(), name="rapport.pdf"), filnamn="rapport.pdf", sha256="0" * 64,
        storlek=len(data.getvalue()), uppladdad_av=fredrik,
    )  # fmt: skip
    objs["arende"] = info
    for nr, typ in enumerate([Arende.Typ.INFORMATION, Arende.Typ.OVRIGA], start=4):
        objs.setdefault("arende_planerat", Arende.objects.create(
            sammantrade=planerat, ordning=nr, typ=typ, rubrik=str(typ.label)
        ))  # fmt: skip
    return objs


def _protokoll(forslag, personas):
    """A genomfört meeting whose protokoll is being kept (beslut.views.
    protokoll): its §§ numbered, närvaro prefilled, ordförande and a
    justerare chosen. An organ of its own with people of its own, so no
    persona's meetings change."""
    from beslut.models import Arende, Organ, Sammantrade, Uppdrag
    from beslut.services import protokoll as prot
    from samordning.models import Organisation, Roll
    from tests.factories import UserFactory

    fredrik = personas["sekreterare"]
    organ = Organ.objects.create(namn="Arbetsutskottet i matrisen", typ=Organ.Typ.AU)
    org = Organisation.objects.get(namn="Region Uppsala")
    personer = [UserFactory(first_name=namn, last_name="Matris", roll=Roll.LEDAMOT) for namn in ("Ordf", "Just")]
    for i, person in enumerate(personer):
        Uppdrag.objects.create(
            organ=organ, person=person, roll=Uppdrag.Roll.LEDAMOT, organisation=org, fran=datetime.date(2026, 1, 1),
            ordning=i, funktion=Uppdrag.Funktion.ORDFORANDE if i == 0 else "",
        )  # fmt: skip
    mote = Sammantrade.objects.create(
        organ=organ, datum=datetime.date(2026, 3, 4), starttid=datetime.time(9, 0), status=Sammantrade.Status.GENOMFORT,
        sekreterare=fredrik, skapad_av=fredrik,
    )  # fmt: skip
    if forslag is not None:
        Arende.objects.create(
            sammantrade=mote, ordning=1, typ=Arende.Typ.BESLUT, rubrik=forslag.titel, forslag_version=forslag.versioner.get()
        )  # fmt: skip
    arende = Arende.objects.create(sammantrade=mote, ordning=2, typ=Arende.Typ.INFORMATION, rubrik="Information")
    prot.paborja_protokoll(mote=mote, by=fredrik)
    mote.refresh_from_db()
    prot.valj_justerare(mote=mote, by=fredrik, version=mote.version, ordforande=personer[0], justerare=[personer[1]])
    mote.refresh_from_db()
    return {"mote_genomfort": mote, "paragraf": arende.paragraf}


JUSTERING_URLS = ("beslut:protokoll", "beslut:justering", "beslut:omedelbar", "beslut:anslag", "anslagstavla")


def _justering(personas, url_name):
    """For the protokoll PDF, justering and anslag (beslut.views.justering,
    beslut.views.anslag): a held meeting of an organ of its own, ready for
    justering with david_ledamot as its ordförande and elsa_ersattare
    serving in it; and, for the anslagstavla, an earlier one of the same
    organ justerat (its PDF rendered and stored) and anslaget."""
    if url_name not in ("", "beslut:") and not url_name.startswith(JUSTERING_URLS):
        return {}
    from django.utils import timezone

    from beslut import protokoll_pdf
    from beslut.models import Organ
    from beslut.services import anslag, justering
    from tests.justering_data import bygg_mote

    organ = Organ.objects.create(namn="Beredningsgruppen i matrisen", typ=Organ.Typ.BEREDNINGSGRUPP)
    who = {"organ": organ, "ordforande": personas["ledamot"], "sekreterare": personas["sekreterare"]}
    objs = {"mote_justering": bygg_mote(antal=2, start=1, datum=datetime.date(2026, 11, 23), **who)["mote"]}
    if not url_name.startswith(("beslut:protokoll", "beslut:justering", "beslut:omedelbar")):
        m = bygg_mote(antal=1, start=10, datum=datetime.date(2026, 10, 5), **who)
        nyckel = justering.innehall_nyckel(protokoll_pdf.mote_queryset().get(pk=m["mote"].pk))
        for j in m["justeringar"]:
            justering.attestera(justering=j, by=j.person, nyckel=nyckel)
        objs["mote_anslaget"] = anslag.anslaa(
            mote=m["mote"], datum=timezone.localdate(), forvaringsplats=m["mote"].forvaringsplats, by=None
        )
    return objs


def _rekvisition(insats, anna):
    """A claim filed by the insatsägare on the insats's first grant, with a
    verifying attachment (insatser.views.rekvisitioner)."""
    from insatser import rekvisitioner

    return rekvisitioner.lamna_in(
        insats=insats, beviljande=insats.beviljanden.order_by("period_fran").first(),
        period=(datetime.date(2018, 4, 1), datetime.date(2018, 6, 30)), rader={"lon": 30_000, "lokal": 5_000},
        by=anna, bilaga=ContentFile(b"%PDF-1.4 kvitto", name="kvitto.pdf"), kommentar="Första kvartalet.",
    )  # fmt: skip


def _rapport(insats):
    """A quarterly report the insats owes (insatser.views.rapporter), not yet submitted."""
    from insatser.models import Rapport

    return Rapport.objects.create(
        insats=insats, typ=Rapport.Typ.LAGESRAPPORT, period_fran=datetime.date(2026, 1, 1),
        period_till=datetime.date(2026, 3, 31), forfallodatum=datetime.date(2026, 4, 30),
    )  # fmt: skip


def _avvikelse(insats, anna):
    """An avvikelserapport the insatsägare filed, not yet handled (insatser.views.avvikelser)."""
    from insatser import avvikelser

    return avvikelser.rapportera(
        insats=insats, by=anna, vad="En tjänst är vakant.", sedan=datetime.date(2026, 1, 1),
        konsekvenser="Färre deltagare än planerat.",
    )  # fmt: skip
