"""State changes of beredning, beslutsförslag, the clause library and the
year's inriktning: each checks state, runs in a transaction and is audited."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, PrioriteradMalgrupp
from beslut import arendet, bedomning, drafting, facts, klausuler
from beslut.klausuler import Sats, som_sats
from beslut.models import (
    Beredning,
    Beslutsforslag,
    Beslutssats,
    FaststalldVersion,
    Fordelning,
    Klausul,
    KlausulUppsattning,
)
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.formatting import kr
from samordning.models import Forbund

BEREDBAR = {Ansokan.Status.INLAMNAD, Ansokan.Status.UNDER_BEREDNING}


@transaction.atomic
def spara_beredning(*, ansokan, by, data, version=None):
    """Save the beredning of `ansokan`. `version` is the one the page was
    opened with (0: there was no beredning yet); if anyone has saved since,
    ConflictError and nothing is written. None (the demo, which has no
    page open) skips the check.

    The inriktning the case is assessed against is always stored: when
    `data` names none, the one in force on the planned decision date
    (today when none is planned), so the facts and the drafted Bedömning
    keep to it even when the board adopts the next year's."""
    ansokan = Ansokan.objects.select_for_update().get(pk=ansokan.pk)
    if ansokan.status not in BEREDBAR:
        raise WorkflowError(
            _("Beredning görs av inlämnade ansökningar; denna har status ”%(status)s”.")
            % {"status": ansokan.get_status_display()}
        )
    beredning = Beredning.objects.filter(ansokan=ansokan).first()
    if beredning is None:
        beredning = Beredning(ansokan=ansokan, handlaggare=by)
    elif version is not None:
        bump_version(
            beredning,
            version,
            _("Beredningen har sparats av någon annan sedan du öppnade den. Dina ändringar är inte sparade."),
        )
    # A foreign key is logged by its id (the audit data is JSON).
    fields = ["inriktning_id" if name == "inriktning" else name for name in data]
    before = audit.snapshot(beredning, fields)
    for name, value in data.items():
        setattr(beredning, name, value)
    if beredning.inriktning_id is None:
        beredning.inriktning = facts.inriktning(beredning)
    beredning.handlaggare = by
    beredning.save()
    audit.record(
        actor=by,
        action="beredning.sparad",
        obj=ansokan,
        data={"andrat": audit.changes(before, audit.snapshot(beredning, fields))},
    )
    return beredning


def _bump(forslag, version):
    bump_version(
        forslag,
        version,
        _("Förslaget har sparats av någon annan sedan du öppnade det. Dina ändringar är inte sparade."),
    )


def _set_satser(forslag, satser):
    """Replace the clauses with `satser` (Sats or plain text), in order."""
    satser = [s for s in map(som_sats, satser) if s.text.strip()]
    Beslutssats.objects.filter(forslag=forslag).delete()
    Beslutssats.objects.bulk_create(
        [
            Beslutssats(forslag=forslag, ordning=i, text=s.text.strip(), klausul_id=s.klausul_id)
            for i, s in enumerate(satser)
        ]
    )
    return satser


def _standard(forslag, ansokan):
    return [Sats(text, k.pk) for text, k in drafting.standard_satser(forslag, ansokan)]


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
        belopp = ansokan.summa_forbund
        if belopp and forbund.delegationsgrans is not None and not forbund.over_delegationsgrans(belopp):
            forslag.instans = Beslutsforslag.Instans.DELEGATION
        from ansokningar import selectors

        full = selectors.load(ansokan.pk)
        forslag.arendet = arendet.arendet(full)
        forslag.bedomning = bedomning.bedomning(full, beredning, facts.inriktning(beredning))
    else:
        # A matter of its own is registered like an application: the next
        # number of the year's series, so its decision carries a Dnr.
        _ar, _nr, diarienummer = ansokan_services.nytt_diarienummer()
        forslag = Beslutsforslag(
            titel=titel or _("Nytt ärende"), utfall=Beslutsforslag.Utfall.OVRIGT, diarienummer=diarienummer
        )
    forslag.datum = timezone.localdate()
    forslag.skapad_av = by
    forslag.undertecknare = by.get_full_name()
    forslag.undertecknare_titel = by.titel
    forslag.save()
    _set_satser(forslag, _standard(forslag, ansokan))
    audit.record(actor=by, action="forslag.skapat", obj=forslag, data={"ansokan": ansokan.pk if ansokan else None})
    return forslag


FORSLAG_FIELDS = [
    "diarienummer", "datum", "handlaggare_id", "titel", "undertitel", "instans", "utfall", "belopp",
    "period_fran", "period_till", "arendet", "bedomning", "undertecknare", "undertecknare_titel", "foredragande",
]  # fmt: skip


def _orort(sats, library, vals):
    """The library clause `sats` was filled from, if its text is still
    exactly what the library made of `vals` (nobody has edited it)."""
    k = library.get(sats.klausul_id)
    return k if klausuler.orord(sats.text, k, vals) else None


def library_for(satser, known=()):
    """{pk: Klausul} for the library clauses `satser` were drafted from.
    `known`: clauses the caller already has (a proposal's prefetched
    satser__klausul); only the others are fetched."""
    ids = {s.klausul_id for s in satser if s.klausul_id}
    library = {k.pk: k for k in known if k is not None and k.pk in ids}
    if ids - set(library):
        library.update(Klausul.objects.in_bulk(ids - set(library)))
    return library


def _byt_utfall(forslag, satser, library, gamla, tidigare_utfall):
    """The outcome changed: the untouched library clauses of the old outcome
    give way to the new outcome's standard clauses, in their place; clauses
    written or edited by hand stay where they are."""
    gamla_typer = drafting.utfallets_typer(tidigare_utfall)
    kvar, plats = [], None
    for sats in satser:
        k = _orort(sats, library, gamla)
        if k is not None and k.typ in gamla_typer:
            plats = len(kvar) if plats is None else plats
            continue
        kvar.append(sats)
    if plats is None:
        return satser
    return kvar[:plats] + _standard(forslag, forslag.ansokan) + kvar[plats:]


@transaction.atomic
def spara_forslag(*, forslag, by, version, falt, satser):
    """Save the edit page. Clauses drafted from the library and not edited
    by hand follow the proposal: a new amount or period is filled into them,
    a new outcome swaps them for that outcome's standard clauses. `satser`
    are Sats (text and library link) or plain texts."""
    forslag = (
        Beslutsforslag.objects.select_for_update(of=("self",)).select_related("ansokan__insatsagare").get(pk=forslag.pk)
    )
    _bump(forslag, version)
    before = audit.snapshot(forslag, FORSLAG_FIELDS)
    before["satser"] = list(forslag.satser.values_list("text", flat=True))
    gamla, tidigare_utfall = klausuler.values(forslag, forslag.ansokan), forslag.utfall
    for name, value in falt.items():
        setattr(forslag, name, value)
    forslag.save()
    nya = klausuler.values(forslag, forslag.ansokan)
    satser = [s for s in map(som_sats, satser) if s.text.strip()]
    library = library_for(satser)
    if forslag.utfall != tidigare_utfall:
        satser = _byt_utfall(forslag, satser, library, gamla, tidigare_utfall)
    omfyllda = []
    for i, sats in enumerate(satser):
        k = _orort(sats, library, gamla)
        if k is not None and gamla != nya:
            satser[i] = Sats(klausuler.fill(k.text, nya), k.pk)
            omfyllda.append(i + 1)
    satser = _set_satser(forslag, satser)
    after = audit.snapshot(forslag, FORSLAG_FIELDS)
    after["satser"] = [s.text.strip() for s in satser]
    data = {"andrat": audit.changes(before, after)}
    if omfyllda:
        data["omfyllda_satser"] = omfyllda
    audit.record(actor=by, action="forslag.sparat", obj=forslag, data=data)
    return forslag


def egna_satser(forslag, standard_satser=None):
    """The clauses the standard clauses would not bring back: written or
    edited by hand, or chosen from the library besides the standard ones.
    Replacing the clauses drops them unless they are kept.
    `standard_satser`: drafting.standard_satser's result when the caller
    has it (the confirmation page shows them too)."""
    satser = [Sats(s.text, s.klausul_id) for s in forslag.satser.all()]
    vals = klausuler.values(forslag, forslag.ansokan)
    library = library_for(satser)
    if standard_satser is None:
        standard_satser = drafting.standard_satser(forslag, forslag.ansokan)
    standard = {k.pk for _, k in standard_satser}
    return [s for s in satser if _orort(s, library, vals) is None or s.klausul_id not in standard]


@transaction.atomic
def hamta_standardsatser(*, forslag, by, version, behall_egna=False):
    """Replace the clauses with the library's standard ones for the outcome;
    with `behall_egna` the hand-written and hand-edited ones stay, after
    them. `version` is the one the förbundschef confirmed."""
    forslag = (
        Beslutsforslag.objects.select_for_update(of=("self",)).select_related("ansokan__insatsagare").get(pk=forslag.pk)
    )
    _bump(forslag, version)
    tidigare = list(forslag.satser.values_list("text", flat=True))
    satser = _standard(forslag, forslag.ansokan)
    if behall_egna:
        satser += egna_satser(forslag)
    _set_satser(forslag, satser)
    audit.record(
        actor=by,
        action="forslag.standardsatser",
        obj=forslag,
        data={"andrat": {"satser": [tidigare, [s.text for s in satser]]}, "behall_egna": behall_egna},
    )
    return forslag


def delegationsfel(forslag, forbund):
    """Why the förbundschef may not decide this on delegation, or ""."""
    if forslag.instans != Beslutsforslag.Instans.DELEGATION or not forslag.over_delegationsgrans(forbund):
        return ""
    grans = forbund.delegationsgrans
    return _(
        "Beloppet %(belopp)s är över delegationsgränsen %(grans)s. Välj förbundsstyrelsen eller "
        "arbetsutskottet som beslutande."
    ) % {"belopp": kr(forslag.belopp), "grans": kr(grans)}


def signaturvarning(forslag):
    """A warning when not every party has signed the current version of the
    proposal's application (seed 004: every party's behöriga beslutsfattare
    signs before the board decides), naming them; or ""."""
    a = forslag.ansokan
    if a is None:
        return ""
    parter = a.parter.select_related("organisation", "underskrift")
    saknas = [p.organisation.namn for p in parter if not (p.signerad and p.underskrift.version >= a.version)]
    if not saknas:
        return ""
    namn = saknas[0] if len(saknas) == 1 else ", ".join(saknas[:-1]) + " och " + saknas[-1]
    return _(
        "%(parter)s har inte skrivit under den aktuella versionen av ansökan. Alla parters behöriga "
        "företrädare ska ha skrivit under innan ärendet går till beslut."
    ) % {"parter": namn}


def periodvarning(forslag):
    """A warning when the proposal's period runs outside its application's
    own (funding for time the application did not ask for), or ""."""
    a = forslag.ansokan
    if a is None:
        return ""
    fore = forslag.period_fran and a.startdatum and forslag.period_fran < a.startdatum
    efter = forslag.period_till and a.slutdatum and forslag.period_till > a.slutdatum
    if not (fore or efter):
        return ""
    return _("Förslagets period, %(forslag)s, går utanför ansökans period, %(ansokan)s.") % {
        "forslag": drafting.period(forslag.period_fran, forslag.period_till),
        "ansokan": drafting.period(a.startdatum, a.slutdatum),
    }


def innehall(forslag, forbund=None):
    """The proposal's content as a plain dict: what a frozen version keeps."""
    forbund = forbund or Forbund.get()
    return {
        "titel": forslag.titel,
        "undertitel": forslag.undertitel,
        "diarienummer": forslag.diarienummer,
        "datum": forslag.datum.isoformat(),
        "handlaggare": forslag.handlaggare.get_full_name() if forslag.handlaggare else "",
        "inledning": drafting.inledning(forslag),
        "delegation": drafting.delegation(forslag, forbund),
        "satser": [s.text for s in forslag.satser.all()],
        "arendet": forslag.arendet,
        "bedomning": forslag.bedomning,
        "underskrift": f"{forslag.undertecknare}, {forslag.undertecknare_titel}".strip(", "),
        "foredragande": forslag.foredragande,
        "stil": forbund.beslutsstil,
        "belopp": forslag.belopp,
        "period": [str(forslag.period_fran or ""), str(forslag.period_till or "")],
    }


def senaste_version(forslag, versioner=None, forbund=None, utkast=None):
    """(the latest fastställd version or None, whether the draft has changed
    since it). `versioner` in number order and `utkast` (the draft's
    innehall) when the caller has them."""
    if versioner is None:
        senaste = forslag.versioner.order_by("-nummer").first()
    else:
        senaste = versioner[-1] if versioner else None
    if senaste is None:
        return None, True
    return senaste, senaste.innehall != (innehall(forslag, forbund) if utkast is None else utkast)


@transaction.atomic
def faststall(*, forslag, by):
    """Freeze the current content: the PDF is rendered once, stored with its
    SHA-256 and never changes; later edits lead to a new version."""
    from beslut.pdf import render_forslag_pdf

    forslag = Beslutsforslag.objects.select_for_update(of=("self",)).select_related("ansokan").get(pk=forslag.pk)
    if forslag.ansokan and forslag.ansokan.status == Ansokan.Status.ATERKALLAD:
        raise WorkflowError(_("Ansökan är återkallad; förslaget kan inte fastställas."))
    if not forslag.diarienummer.strip():
        raise WorkflowError(_("Förslaget saknar diarienummer. Ange det i förslaget innan du fastställer."))
    satser = list(forslag.satser.all())
    if not satser:
        raise WorkflowError(_("Ett beslutsförslag behöver minst en beslutssats."))
    for nr, sats in enumerate(satser, start=1):
        ofyllda = klausuler.fyllda(sats.text)
        if ofyllda:
            raise WorkflowError(
                _(
                    "Sats %(nr)d innehåller %(platshallare)s, som inte är ifyllt. Ange belopp och period i "
                    "förslaget eller skriv om satsen innan du fastställer."
                )
                % {"nr": nr, "platshallare": ", ".join(ofyllda)}
            )
    forbund = Forbund.get()
    fel = delegationsfel(forslag, forbund)
    if fel:
        raise WorkflowError(fel)
    content = innehall(forslag, forbund)
    latest, andrad = senaste_version(forslag, utkast=content)
    if not andrad:
        raise WorkflowError(_("Inget har ändrats sedan version %(n)d fastställdes.") % {"n": latest.nummer})
    nummer = (latest.nummer if latest else 0) + 1
    data = render_forslag_pdf(forslag, version=nummer, forbund=forbund)
    digest = hashlib.sha256(data).hexdigest()
    version = FaststalldVersion(forslag=forslag, nummer=nummer, faststalld_av=by, innehall=content, sha256=digest)
    version.pdf.save(f"forslag-{forslag.pk}-v{nummer}.pdf", ContentFile(data), save=False)
    version.save()
    audit.record(actor=by, action="forslag.faststallt", obj=forslag, data={"version": nummer, "sha256": digest})
    if forslag.instans == Beslutsforslag.Instans.DELEGATION:
        # On delegation the fastställd version is the decision: it drives the case now.
        from beslut.services.verkstallighet import besluta_pa_delegation

        besluta_pa_delegation(forslag=forslag, by=by, version=version)
    return version


def _last_och_kontrollerad(obj, version, meddelande):
    """The stored row of `obj`, locked, its version raised when `version`
    (the page's) is still current, else ConflictError. Read from the
    database: a ModelForm has already put the new values on `obj`. None
    (the demo, a script) skips the check."""
    stored = type(obj).objects.select_for_update().get(pk=obj.pk)
    if version is not None:
        bump_version(stored, version, meddelande)
    return stored


@transaction.atomic
def spara_klausul(*, klausul, by, data, version=None):
    """Add a clause to the library or change one. `version` is the one the
    page was opened with: if anyone has saved the clause since, ConflictError
    and nothing is written. None (the demo, a script) skips the check."""
    is_new = klausul.pk is None
    if not is_new:
        klausul = _last_och_kontrollerad(
            klausul, version, _("Satsen har sparats av någon annan sedan du öppnade den. Dina ändringar är inte sparade.")
        )
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


def _inriktningens_lage(inriktning):
    """What the audit compares: the fields, the guideline and the groups."""
    if inriktning.pk is None:
        return {"ar": None, "mal": "", "ram": None, "fordelning": {}, "prioriterade_malgrupper": []}
    return {
        **audit.snapshot(inriktning, ["ar", "mal", "ram"]),
        "fordelning": {f.kategori.namn: f.procent for f in inriktning.fordelning.select_related("kategori")},
        "prioriterade_malgrupper": sorted(g.namn for g in inriktning.prioriterade_malgrupper.all()),
    }


@transaction.atomic
def spara_inriktning(*, inriktning, by, data, prioriterade, fordelning, nya_malgrupper=(), version=None):
    """Save the year's inriktning; `fordelning` maps Insatskategori -> percent,
    a whole (100 %) or nothing. `nya_malgrupper` are names of prioritised
    target groups to add: a name the förbund already has (in any case) is
    reused, and made active again. `version` is the one the page was opened
    with: if anyone has saved since, ConflictError and nothing is written
    (None skips the check). A new year that someone else has just created
    is a ConflictError too, not a server error."""
    if sum(v for v in fordelning.values() if v) not in (0, 100):
        raise WorkflowError(_("Andelarna i riktlinjen ska tillsammans bli 100 %."))
    is_new = inriktning.pk is None
    if is_new:
        before = _inriktningens_lage(inriktning)
        # The year's row first, so that two creating the same year meet here (unique `ar`).
        try:
            with transaction.atomic():
                inriktning.ar = data["ar"]
                inriktning.save()
        except IntegrityError as exc:
            inriktning.pk = None
            raise ConflictError(
                _(
                    "Någon annan har just skapat inriktningen för %(ar)s. Din inriktning är inte sparad; "
                    "öppna den i listan och för in dina ändringar där."
                )
                % {"ar": data["ar"]}
            ) from exc
    else:
        # From the database, locked: a ModelForm has already put the new values on `inriktning`.
        stored = type(inriktning).objects.select_for_update().get(pk=inriktning.pk)
        if version is not None:
            bump_version(
                stored,
                version,
                _("Inriktningen har sparats av någon annan sedan du öppnade den. Dina ändringar är inte sparade."),
            )
        before = _inriktningens_lage(stored)
        inriktning.version = stored.version
    for name, value in data.items():
        setattr(inriktning, name, value)
    inriktning.save()
    valda = list(prioriterade)
    skapade = []
    if nya_malgrupper:
        befintliga = {g.namn.casefold(): g for g in PrioriteradMalgrupp.objects.select_for_update()}
        ordning = max((g.ordning for g in befintliga.values()), default=-1)
        for namn in nya_malgrupper:
            grupp = befintliga.get(namn.casefold())
            if grupp is None:
                ordning += 1
                # Another inriktning saved this moment may add the same name
                # (unique): get_or_create takes theirs instead of a 500.
                grupp, skapad = PrioriteradMalgrupp.objects.get_or_create(namn=namn, defaults={"ordning": ordning})
                befintliga[namn.casefold()] = grupp
                if skapad:
                    skapade.append(namn)
            elif not grupp.aktiv:
                grupp.aktiv = True
                grupp.version += 1  # locked above; an admin page open on the group is now stale
                grupp.save(update_fields=["aktiv", "version"])
            if grupp not in valda:
                valda.append(grupp)
    inriktning.prioriterade_malgrupper.set(valda)
    Fordelning.objects.filter(inriktning=inriktning).delete()
    Fordelning.objects.bulk_create(
        [Fordelning(inriktning=inriktning, kategori=k, procent=p) for k, p in fordelning.items() if p]
    )
    audit.record(
        actor=by,
        action="inriktning.skapad" if is_new else "inriktning.sparad",
        obj=inriktning,
        data={"andrat": audit.changes(before, _inriktningens_lage(inriktning)), "nya_malgrupper": skapade},
    )
    return inriktning


@transaction.atomic
def spara_beslutsstil(*, by, stil, version=None):
    """The förbund's choice: att-satser or numbered sentences. `version`: the
    förbund's, as the page was opened (None skips the check)."""
    forbund = Forbund.objects.select_for_update().filter(pk=1).first() or Forbund.get()
    if stil not in Forbund.Beslutsstil.values:
        raise WorkflowError(_("Okänd stil."))
    if version is not None and not forbund._state.adding:
        bump_version(
            forbund,
            version,
            _("Förbundets inställningar har sparats av någon annan sedan du öppnade sidan. Stilen är inte sparad."),
        )
    before = forbund.beslutsstil
    forbund.beslutsstil = stil
    forbund.save()
    audit.record(actor=by, action="forbund.beslutsstil", obj=forbund, data={"andrat": {"beslutsstil": [before, stil]}})
    return forbund


@transaction.atomic
def valj_uppsattning(*, uppsattning, by, version=None):
    """The förbund's choice of the clause set a new proposal gets, a setting
    of the förbund as its style is: `version` is the förbund's as the page
    was opened (None skips the check). Proposals already drafted keep their
    clauses."""
    forbund = Forbund.objects.select_for_update().filter(pk=1).first()
    if version is not None and forbund is not None:
        bump_version(
            forbund,
            version,
            _("Förbundets inställningar har sparats av någon annan sedan du öppnade sidan. Valet är inte sparat."),
        )
    sets = {u.pk: u for u in KlausulUppsattning.objects.select_for_update().order_by("pk")}
    if uppsattning is None or uppsattning.pk not in sets:
        raise WorkflowError(_("Välj en av uppsättningarna."))
    before = next((u.namn for u in sets.values() if u.vald), None)
    # Others first: the constraint allows one chosen set at a time.
    KlausulUppsattning.objects.exclude(pk=uppsattning.pk).filter(vald=True).update(vald=False)
    KlausulUppsattning.objects.filter(pk=uppsattning.pk).update(vald=True)
    uppsattning = sets[uppsattning.pk]
    uppsattning.vald = True
    audit.record(
        actor=by,
        action="klausuluppsattning.vald",
        obj=uppsattning,
        data={"andrat": {"vald": [before, uppsattning.namn]}},
    )
    return uppsattning


UPPSATTNING_FIELDS = ["namn", "beskrivning", "beloppformat", "datumformat"]


def _uppsattningens_lage(uppsattning):
    if uppsattning.pk is None:
        return {**dict.fromkeys(UPPSATTNING_FIELDS, ""), "klausuler": []}
    return {
        **audit.snapshot(uppsattning, UPPSATTNING_FIELDS),
        "klausuler": sorted(uppsattning.klausuler.values_list("namn", flat=True)),
    }


@transaction.atomic
def spara_uppsattning(*, uppsattning, by, data, satser, version=None):
    """Add a clause set or change one: its name, how it writes amounts and
    dates, and its clauses. `version` is the one the page was opened with:
    if anyone has saved the set since, ConflictError and nothing is
    written. None (the demo, a script) skips the check."""
    is_new = uppsattning.pk is None
    if not is_new:
        uppsattning = _last_och_kontrollerad(
            uppsattning,
            version,
            _("Uppsättningen har sparats av någon annan sedan du öppnade den. Dina ändringar är inte sparade."),
        )
    before = _uppsattningens_lage(uppsattning)
    for name in UPPSATTNING_FIELDS:
        if name in data:
            setattr(uppsattning, name, data[name])
    uppsattning.save()
    uppsattning.klausuler.set(satser)
    after = _uppsattningens_lage(uppsattning)
    audit.record(
        actor=by,
        action="klausuluppsattning.skapad" if is_new else "klausuluppsattning.andrad",
        obj=uppsattning,
        data={"andrat": audit.changes(before, after)},
    )
    return uppsattning
