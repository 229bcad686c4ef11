"""State changes of beredning, beslutsförslag, the clause library and the
year's inriktning: each checks state, runs in a transaction and is audited."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ansokningar.models import Ansokan
from beslut import drafting
from beslut.models import (
    Beredning,
    Beslutsforslag,
    Beslutssats,
    FaststalldVersion,
    Fordelning,
)
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.models import Forbund

BEREDBAR = {Ansokan.Status.INLAMNAD, Ansokan.Status.UNDER_BEREDNING}


__all__ = ["ConflictError", "WorkflowError"]


@transaction.atomic
def spara_beredning(*, ansokan, by, data):
    ansokan = Ansokan.objects.select_for_update().get(pk=ansokan.pk)
    if ansokan.status not in BEREDBAR:
        raise WorkflowError(
            _("Beredning görs av inlämnade ansökningar; denna har status ”%(status)s”.")
            % {"status": ansokan.get_status_display()}
        )
    beredning = Beredning.objects.filter(ansokan=ansokan).first() or Beredning(ansokan=ansokan, handlaggare=by)
    before = audit.snapshot(beredning, list(data))
    for name, value in data.items():
        setattr(beredning, name, value)
    beredning.handlaggare = by
    beredning.save()
    audit.record(
        actor=by,
        action="beredning.sparad",
        obj=ansokan,
        data={"andrat": audit.changes(before, audit.snapshot(beredning, list(data)))},
    )
    return beredning


def _bump(forslag, version):
    bump_version(
        forslag,
        version,
        _("Förslaget har sparats av någon annan sedan du öppnade det. Dina ändringar är inte sparade."),
    )


def _set_satser(forslag, texts):
    Beslutssats.objects.filter(forslag=forslag).delete()
    Beslutssats.objects.bulk_create(
        [Beslutssats(forslag=forslag, ordning=i, text=t.strip()) for i, t in enumerate(texts) if t.strip()]
    )


@transaction.atomic
def skapa_forslag(*, by, ansokan=None, titel=""):
    """Draft a proposal: from an application (clauses, Ärendet and Bedömning
    filled in from the case) or, without one, an empty internal matter."""
    forbund = Forbund.get()
    if ansokan is not None:
        ansokan = Ansokan.objects.select_related("insatsagare", "kategori", "insats").get(pk=ansokan.pk)
        if ansokan.status not in BEREDBAR:
            raise WorkflowError(_("Beslutsförslag skrivs för inlämnade ansökningar."))
        beredning = Beredning.objects.filter(ansokan=ansokan).first()
        avslag = beredning and beredning.rekommendation == Beredning.Rekommendation.AVSLAG
        forslag = Beslutsforslag(
            ansokan=ansokan,
            diarienummer=ansokan.diarienummer,
            titel=ansokan.namn,
            undertitel="Tilläggsansökan" if ansokan.typ == Ansokan.Typ.TILLAGG else "Ansökan",
            utfall=Beslutsforslag.Utfall.AVSLAG if avslag else Beslutsforslag.Utfall.BIFALL,
            belopp=ansokan.summa_forbund,
            period_fran=ansokan.startdatum,
            period_till=ansokan.slutdatum,
            handlaggare=beredning.handlaggare if beredning else None,
        )
        if (
            forbund.delegationsgrans is not None
            and ansokan.summa_forbund
            and ansokan.summa_forbund <= forbund.delegationsgrans
        ):
            forslag.instans = Beslutsforslag.Instans.DELEGATION
        from ansokningar import selectors

        full = selectors.load(ansokan.pk)
        forslag.arendet = drafting.arendet(full)
        forslag.bedomning = drafting.bedomning(full, beredning)
    else:
        forslag = Beslutsforslag(titel=titel or _("Nytt ärende"), utfall=Beslutsforslag.Utfall.OVRIGT)
    forslag.datum = timezone.localdate()
    forslag.skapad_av = by
    forslag.undertecknare = by.get_full_name()
    forslag.undertecknare_titel = by.titel
    forslag.save()
    _set_satser(forslag, drafting.standard_satser(forslag, ansokan))
    audit.record(actor=by, action="forslag.skapat", obj=forslag, data={"ansokan": ansokan.pk if ansokan else None})
    return forslag


FORSLAG_FIELDS = [
    "diarienummer", "datum", "handlaggare_id", "titel", "undertitel", "instans", "utfall", "belopp",
    "period_fran", "period_till", "arendet", "bedomning", "undertecknare", "undertecknare_titel", "foredragande",
]  # fmt: skip


@transaction.atomic
def spara_forslag(*, forslag, by, version, falt, satser):
    forslag = Beslutsforslag.objects.select_for_update().get(pk=forslag.pk)
    _bump(forslag, version)
    before = audit.snapshot(forslag, FORSLAG_FIELDS)
    before["satser"] = list(forslag.satser.values_list("text", flat=True))
    for name, value in falt.items():
        setattr(forslag, name, value)
    forslag.save()
    _set_satser(forslag, satser)
    after = audit.snapshot(forslag, FORSLAG_FIELDS)
    after["satser"] = [t.strip() for t in satser if t.strip()]
    audit.record(actor=by, action="forslag.sparat", obj=forslag, data={"andrat": audit.changes(before, after)})
    return forslag


@transaction.atomic
def hamta_standardsatser(*, forslag, by):
    """Replace the clauses with the library's standard ones for the outcome."""
    forslag = Beslutsforslag.objects.select_for_update(of=("self",)).select_related("ansokan").get(pk=forslag.pk)
    texts = drafting.standard_satser(forslag, forslag.ansokan)
    _set_satser(forslag, texts)
    Beslutsforslag.objects.filter(pk=forslag.pk).update(version=F("version") + 1)
    audit.record(actor=by, action="forslag.standardsatser", obj=forslag, data={"satser": texts})
    return forslag


def innehall(forslag):
    """The proposal's content as a plain dict: what a frozen version keeps."""
    return {
        "titel": forslag.titel,
        "undertitel": forslag.undertitel,
        "diarienummer": forslag.diarienummer,
        "datum": forslag.datum.isoformat(),
        "handlaggare": forslag.handlaggare.get_full_name() if forslag.handlaggare else "",
        "inledning": drafting.inledning(forslag),
        "satser": [s.text for s in forslag.satser.all()],
        "arendet": forslag.arendet,
        "bedomning": forslag.bedomning,
        "underskrift": f"{forslag.undertecknare}, {forslag.undertecknare_titel}".strip(", "),
        "foredragande": forslag.foredragande,
        "stil": Forbund.get().beslutsstil,
        "belopp": forslag.belopp,
        "period": [str(forslag.period_fran or ""), str(forslag.period_till or "")],
    }


@transaction.atomic
def faststall(*, forslag, by):
    """Freeze the current content: the PDF is rendered once, stored with its
    SHA-256 and never changes; later edits lead to a new version."""
    from beslut.pdf import render_forslag_pdf

    forslag = Beslutsforslag.objects.select_for_update(of=("self",)).select_related("ansokan").get(pk=forslag.pk)
    if forslag.ansokan and forslag.ansokan.status == Ansokan.Status.ATERKALLAD:
        raise WorkflowError(_("Ansökan är återkallad; förslaget kan inte fastställas."))
    if not forslag.satser.exists():
        raise WorkflowError(_("Ett beslutsförslag behöver minst en beslutssats."))
    content = innehall(forslag)
    latest = forslag.versioner.order_by("-nummer").first()
    if latest and latest.innehall == content:
        raise WorkflowError(_("Inget har ändrats sedan version %(n)d fastställdes.") % {"n": latest.nummer})
    nummer = (latest.nummer if latest else 0) + 1
    data = render_forslag_pdf(forslag, version=nummer)
    digest = hashlib.sha256(data).hexdigest()
    version = FaststalldVersion(forslag=forslag, nummer=nummer, faststalld_av=by, innehall=content, sha256=digest)
    version.pdf.save(f"forslag-{forslag.pk}-v{nummer}.pdf", ContentFile(data), save=False)
    version.save()
    audit.record(actor=by, action="forslag.faststallt", obj=forslag, data={"version": nummer, "sha256": digest})
    return version


@transaction.atomic
def spara_klausul(*, klausul, by, data):
    is_new = klausul.pk is None
    before = {} if is_new else audit.snapshot(klausul, list(data))
    for name, value in data.items():
        setattr(klausul, name, value)
    klausul.save()
    audit.record(
        actor=by,
        action="klausul.skapad" if is_new else "klausul.andrad",
        obj=klausul,
        data={"andrat": audit.changes(before, audit.snapshot(klausul, list(data))) if before else data},
    )
    return klausul


@transaction.atomic
def spara_inriktning(*, inriktning, by, data, prioriterade, fordelning):
    """Save the year's inriktning; `fordelning` maps Insatskategori -> percent."""
    if sum(v for v in fordelning.values() if v) > 100:
        raise WorkflowError(_("Fördelningen får inte överstiga 100 %."))
    is_new = inriktning.pk is None
    for name, value in data.items():
        setattr(inriktning, name, value)
    inriktning.save()
    inriktning.prioriterade_malgrupper.set(prioriterade)
    Fordelning.objects.filter(inriktning=inriktning).delete()
    Fordelning.objects.bulk_create(
        [Fordelning(inriktning=inriktning, kategori=k, procent=p) for k, p in fordelning.items() if p]
    )
    audit.record(
        actor=by,
        action="inriktning.skapad" if is_new else "inriktning.sparad",
        obj=inriktning,
        data={**data, "fordelning": {k.namn: p for k, p in fordelning.items()}},
    )
    return inriktning




@transaction.atomic
def spara_beslutsstil(*, by, stil):
    """The förbund's choice: att-satser or numbered sentences."""
    forbund = Forbund.objects.select_for_update().filter(pk=1).first() or Forbund.get()
    if stil not in Forbund.Beslutsstil.values:
        raise WorkflowError(_("Okänd stil."))
    before = forbund.beslutsstil
    forbund.beslutsstil = stil
    forbund.save()
    audit.record(actor=by, action="forbund.beslutsstil", obj=forbund, data={"andrat": {"beslutsstil": [before, stil]}})
    return forbund
