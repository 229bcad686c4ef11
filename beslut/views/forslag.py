"""Beredning, beslutsförslag, the clause library and the year's inriktning."""

import copy
import datetime
import difflib

from django.contrib import messages
from django.db.models import Max, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansokningar import access as ansokan_access
from ansokningar import selectors as ansokan_selectors
from ansokningar.models import Ansokan, Inriktning
from ansokningar.presentation import innehall as ansokan_innehall
from beslut import access, drafting, facts, klausuler, services
from beslut.forms import (
    BeredningForm,
    ForslagForm,
    InriktningForm,
    KlausulForm,
    KlausulUppsattningForm,
    NyForslagForm,
    clean_satser,
)
from beslut.models import (
    Beredning,
    Beslutsforslag,
    Beslutssats,
    FaststalldVersion,
    Klausul,
    KlausulUppsattning,
    Verksamhetsinriktning,
)
from beslut.services import verkstallighet
from samordning import audit
from samordning.errors import page_version, posted_version
from samordning.models import Forbund, Organisation
from samordning.paging import page_context


def _forslag_qs():
    return Beslutsforslag.objects.select_related("ansokan__insatsagare", "handlaggare").prefetch_related(
        Prefetch("satser", queryset=Beslutssats.objects.select_related("klausul").order_by("ordning", "id")),
        Prefetch("versioner", queryset=FaststalldVersion.objects.select_related("faststalld_av").order_by("nummer")),
    )


def lista(request):
    access.require_kansli(request.user)
    forslag = (
        Beslutsforslag.objects.select_related("ansokan")
        .annotate(senaste_version=Max("versioner__nummer"))
        .order_by("-datum", "-id")
    )
    redo = (
        Ansokan.objects.filter(status__in=services.BEREDBAR)
        .select_related("insatsagare", "beredning")
        .order_by("inlamnad")
    )
    return render(
        request,
        "beslut/lista.html",
        {
            **page_context(request, forslag),
            "ansokningar": redo[:50],  # oldest first; the full list is on Ansökningar
            "antal_ansokningar": redo.count(),
            "may_draft": access.may_draft(request.user),
        },
    )


def _forslag_till_svar(ansokan, content):
    """What the system knows, proposed as answers on a new beredning: the
    parties and signatures as they are, a discussion the application
    reports, and "ej tillämpligt" for the target group of an insats that is
    structural throughout (its target group is the parties' staff, not
    people of working age). The rest is the handläggare's to answer."""
    ja, nej, ej = Beredning.Svar.JA, Beredning.Svar.NEJ, Beredning.Svar.EJ_TILLAMPLIGT
    svar = {
        "minst_tva_parter": ja if len(content.parter) >= 2 else nej,
        "alla_signerat": ja if content.alla_signerat else "",
        "diskuterad_lokus": ja if ansokan.diskuterad else "",
    }
    kategorier = [d.del_.kategori for d in content.delar] or [ansokan.kategori]
    if all(k is not None and k.inriktning == Inriktning.STRUKTUR for k in kategorier):
        svar["malgrupp_arbetsfor"] = svar["malgrupp_prioriterad"] = ej
    return svar


def beredning(request, pk):
    access.require(request.user, access.BEREDARE)
    ansokan = ansokan_access.get_ansokan(request.user, pk, ansokan_selectors.for_detail(Ansokan.objects.all()))
    instance = Beredning.objects.filter(ansokan=ansokan).first()
    content = ansokan_innehall(ansokan)
    # The inriktning the case is assessed against: the stored one, else the
    # one in force on the planned decision date (today for a new beredning).
    inriktning = facts.inriktning(instance)
    initial = {}
    if instance is None:
        initial = _forslag_till_svar(ansokan, content)
        initial["planerat_beslutsdatum"] = timezone.localdate()
    i_kraft = Verksamhetsinriktning.i_kraft(instance.planerat_beslutsdatum or timezone.localdate()) if instance else inriktning
    form = BeredningForm(request.POST or None, instance=instance, initial=initial, i_kraft=i_kraft)
    # The version the page was opened with (0: no beredning yet), posted
    # back as it came so a save over someone else's is refused, not lost.
    version = page_version(request, instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.spara_beredning(
                ansokan=ansokan,
                by=request.user,
                data={f: form.cleaned_data[f] for f in form.Meta.fields},
                version=version,
            )
            messages.success(request, _("Beredningen är sparad."))
            return redirect("beslut:beredning", pk=pk)
        except (services.WorkflowError, services.ConflictError) as exc:
            messages.error(request, str(exc))
    elif form.errors:
        messages.error(request, _("Beredningen är inte sparad. Rätta det som är markerat nedan."))
    fordelning = facts.fordelning(ansokan, content.budget, [d.del_ for d in content.delar], inriktning)
    existing = ansokan.beslutsforslag.order_by("-id").first()
    return render(
        request,
        "beslut/beredning.html",
        {
            "a": ansokan,
            "c": content,
            "form": form,
            "checklista": [form[name] for name in Beredning.CHECKLIST],
            "inriktning": inriktning,
            "andelar": facts.andelar_av_ram(content.budget.per_ar, inriktning),
            "fordelning": fordelning,
            "tidigare": content.tidigare,
            "forslag": existing,
            "may_draft": access.may_draft(request.user),
            "beredbar": ansokan.status in services.BEREDBAR,
            "version": version,
            # The board's återremiss or bordläggning, at the top of the page.
            "beslut_verkan": verkstallighet.senaste_verkan(ansokan),
        },
    )


@require_POST
def fran_ansokan(request, pk):
    access.require(request.user, access.SKRIBENT)
    ansokan = ansokan_access.get_ansokan(request.user, pk)
    try:
        forslag = services.skapa_forslag(by=request.user, ansokan=ansokan)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("beslut:beredning", pk=pk)
    messages.success(request, _("Beslutsförslaget är utkastat från ansökan och beredningen. Läs igenom och justera."))
    return redirect("beslut:redigera", pk=forslag.pk)


def ny(request):
    access.require(request.user, access.SKRIBENT)
    form = NyForslagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        forslag = services.skapa_forslag(by=request.user, titel=form.cleaned_data["titel"])
        return redirect("beslut:redigera", pk=forslag.pk)
    return render(request, "beslut/ny.html", {"form": form})


def _satser_med_varningar(forslag, satser, stil):
    """[{text, klausul_id, marker, varningar}] for the pages: each clause with
    its "att" or number and what in it no longer matches the proposal."""
    typer = drafting.utfallets_typer(forslag.utfall)
    library = services.library_for(satser, known=(s.klausul for s in forslag.satser.all()))  # prefetched
    shown = klausuler.visning([s.text for s in satser], stil)
    vals = klausuler.values(forslag, forslag.ansokan)
    return [
        {
            "text": s.text,
            "klausul_id": s.klausul_id or "",
            "klausul": library.get(s.klausul_id),
            "andrad": s.klausul_id in library and not klausuler.orord(s.text, library[s.klausul_id], vals),
            "marker": marker,
            "visning": html,
            "varningar": klausuler.varningar(s.text, forslag, library.get(s.klausul_id), typer),
        }
        for s, (marker, html) in zip(satser, shown, strict=True)
    ]


def _sparade_satser(forslag):
    return [klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()]


def detalj(request, pk):
    forslag = access.get_forslag(request.user, pk, _forslag_qs())
    forbund = Forbund.get()
    satser = _satser_med_varningar(forslag, _sparade_satser(forslag), forbund.beslutsstil)
    versioner = list(forslag.versioner.all())
    senaste, andrad = services.senaste_version(forslag, versioner, forbund)
    return render(
        request,
        "beslut/detalj.html",
        {
            "f": forslag,
            "forbund": forbund,
            "senaste": senaste,
            "andrad": andrad,
            **drafting.benamning(forslag),
            "inledning": drafting.inledning(forslag),
            "delegation": drafting.delegation(forslag, forbund),
            "delegationsfel": services.delegationsfel(forslag, forbund),
            "periodvarning": services.periodvarning(forslag),
            "signaturvarning": services.signaturvarning(forslag),
            "satser": satser,
            "varningar": any(s["varningar"] for s in satser),
            "may_draft": access.may_draft(request.user),
            "versioner": versioner,
            "historik": audit.visible_to(request.user, audit.entries_for(forslag))[:30],
        },
    )


def _library_options(forslag):
    vals = klausuler.values(forslag, forslag.ansokan)
    return [
        {"pk": k.pk, "namn": k.namn, "typ": k.get_typ_display(), "text": klausuler.fill(k.text, vals)}
        for k in Klausul.objects.filter(aktiv=True)
    ]


def redigera(request, pk):
    access.require(request.user, access.SKRIBENT)
    forslag = access.get_forslag(request.user, pk, _forslag_qs())
    forbund = Forbund.get()
    stil = forbund.beslutsstil
    errors = {}
    if request.method == "POST":
        form = ForslagForm(request.POST, instance=forslag, forbund=forbund)
        satser = clean_satser(request.POST.getlist("sats"), request.POST.getlist("sats_klausul"), errors)
        version = posted_version(request.POST)
        if form.is_valid() and not errors:
            falt = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.spara_forslag(forslag=forslag, by=request.user, version=version, falt=falt, satser=satser)
                messages.success(request, _("Beslutsförslaget är sparat."))
                if request.POST.get("action") == "standardsatser":  # saved first: nothing typed is lost
                    return redirect("beslut:standardsatser", pk=pk)
                return redirect("beslut:redigera", pk=pk)
            except services.ConflictError as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, _("Förslaget är inte sparat. Rätta det som är markerat."))
        # The form has put what was posted on `forslag`: the clauses are
        # checked against the proposal as it would be saved.
        rows = _satser_med_varningar(forslag, satser, stil)
    else:
        form = ForslagForm(instance=forslag)
        version = forslag.version
        rows = _satser_med_varningar(forslag, _sparade_satser(forslag), stil)
    return render(
        request,
        "beslut/redigera.html",
        {
            "f": forslag,
            "form": form,
            "satser": rows,
            "periodvarning": services.periodvarning(forslag),
            "version": version,
            "errors": errors,
            "bibliotek": _library_options(forslag),
            "stil": stil,
        },
    )


def standardsatser(request, pk):
    """Replacing the clauses with the library's standard ones: the page says
    what goes and what comes, and the förbundschef confirms."""
    access.require(request.user, access.SKRIBENT)
    forslag = access.get_forslag(request.user, pk, _forslag_qs())
    if request.method == "POST":
        version = posted_version(request.POST)
        try:
            services.hamta_standardsatser(
                forslag=forslag, by=request.user, version=version, behall_egna=bool(request.POST.get("behall_egna"))
            )
        except services.ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("beslut:redigera", pk=pk)
        messages.success(request, _("Satserna är ersatta med bibliotekets standardsatser."))
        return redirect("beslut:redigera", pk=pk)
    stil = Forbund.get().beslutsstil
    nuvarande = [s.text for s in forslag.satser.all()]
    uppsattning = klausuler.vald_uppsattning()
    standard = drafting.standard_satser(forslag, forslag.ansokan, uppsattning=uppsattning)
    nya = [text for text, _k in standard]
    return render(
        request,
        "beslut/standardsatser.html",
        {
            "f": forslag,
            "nuvarande": klausuler.visning(nuvarande, stil),
            "nya": klausuler.visning(nya, stil),
            "uppsattning": uppsattning,
            "egna": [s.text for s in services.egna_satser(forslag, standard)],
        },
    )


def _pdf_response(data, name):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def pdf(request, pk):
    """The proposal as it is now: the stored file of the latest fastställd
    version when nothing has changed since (what the board gets), else the
    draft, marked as such."""
    from beslut.pdf import render_forslag_pdf

    forslag = access.get_forslag(request.user, pk, _forslag_qs())
    forbund = Forbund.get()
    senaste, andrad = services.senaste_version(forslag, list(forslag.versioner.all()), forbund)
    if not andrad:
        return _version_response(forslag, senaste)
    return _pdf_response(render_forslag_pdf(forslag, forbund=forbund), f"beslutsforslag-{forslag.pk}-utkast.pdf")


@require_POST
def faststall(request, pk):
    access.require(request.user, access.SKRIBENT)
    forslag = access.get_forslag(request.user, pk)
    try:
        version = services.faststall(forslag=forslag, by=request.user)
        messages.success(request, _("Version %(n)d är fastställd.") % {"n": version.nummer})
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("beslut:detalj", pk=pk)


def _version_response(forslag, version):
    """The stored file of a fastställd version, never rendered again."""
    try:
        handle = version.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beslutsforslag-{forslag.pk}-v{version.nummer}.pdf"'
    response["X-Content-SHA256"] = version.sha256
    return response


def version_pdf(request, pk, nummer):
    forslag = access.get_forslag(request.user, pk)
    return _version_response(forslag, get_object_or_404(FaststalldVersion, forslag=forslag, nummer=nummer))


def _as_lines(content):
    """A version's content as lines to compare, clauses in its own style."""
    lines = [content.get("titel", ""), content.get("undertitel", ""), content.get("inledning", "")]
    lines += [f"{marker} {text}" for marker, text in klausuler.markerade(content.get("satser", []), content.get("stil"))]
    if content.get("delegation"):
        lines.append(content["delegation"])
    lines += ["", "Ärendet", *content.get("arendet", "").splitlines()]
    lines += ["", "Bedömning", *content.get("bedomning", "").splitlines()]
    lines += ["", content.get("underskrift", "")]
    return lines


def _jamforelse(versioner, andrad):
    """What to compare when the page opens: the draft with the latest
    version when it has changed since, else the two latest versions (or,
    with only one, that one and the unchanged draft)."""
    if andrad or len(versioner) < 2:
        return versioner[-1].nummer, "utkast"
    return versioner[-2].nummer, str(versioner[-1].nummer)


def jamfor(request, pk):
    forslag = access.get_forslag(request.user, pk, _forslag_qs())
    versioner = list(forslag.versioner.all())
    if not versioner:
        raise Http404
    utkast = services.innehall(forslag)
    senaste, andrad = services.senaste_version(forslag, versioner, utkast=utkast)
    by_nr = {v.nummer: v for v in versioner}
    a_default, b_default = _jamforelse(versioner, andrad)
    try:
        a = int(request.GET.get("a", a_default))
        b = request.GET.get("b", b_default)
        b_nr = None if b == "utkast" else int(b)
    except ValueError as exc:
        raise Http404 from exc
    left = by_nr[a].innehall if a in by_nr else None
    right = utkast if b_nr is None else (by_nr[b_nr].innehall if b_nr in by_nr else None)
    if left is None or right is None:
        raise Http404
    rows = []
    for tag, line in (
        (d[0], d[2:]) for d in difflib.ndiff(_as_lines(left), _as_lines(right)) if not d.startswith("?")
    ):
        rows.append({"tag": {"+": "ins", "-": "del"}.get(tag, "same"), "text": line})
    return render(
        request,
        "beslut/jamfor.html",
        {
            "f": forslag,
            "rows": rows,
            "a": a,
            "b": b,
            "versioner": versioner,
            "senaste": senaste,
            "andrad": andrad,
            "lika": left == right,
        },
    )


def inriktningar(request):
    access.require_kansli(request.user)
    items = Verksamhetsinriktning.objects.prefetch_related("fordelning__kategori", "prioriterade_malgrupper")
    return render(
        request, "beslut/inriktningar.html", {"inriktningar": items, "may_draft": access.may_draft(request.user)}
    )


def inriktning(request, ar=None):
    access.require(request.user, access.SKRIBENT)
    if ar:
        instance = get_object_or_404(Verksamhetsinriktning, ar=ar)
    else:
        instance = Verksamhetsinriktning(ar=Verksamhetsinriktning.forsta_lediga_ar(timezone.localdate().year))
    form = InriktningForm(request.POST or None, instance=instance)
    # The version the page was opened with, posted back as it came: a save
    # over someone else's is refused and the page keeps what was typed.
    version = page_version(request, instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("ar", "mal", "ram")}
        try:
            services.spara_inriktning(
                inriktning=instance,
                by=request.user,
                data=data,
                prioriterade=list(form.cleaned_data["prioriterade_malgrupper"]),
                fordelning=form.fordelning(),
                nya_malgrupper=form.cleaned_data["nya_malgrupper"],
                version=version,
            )
        except services.ConflictError as exc:
            conflict = str(exc)
        else:
            messages.success(request, _("Inriktningen för %(ar)s är sparad.") % {"ar": data["ar"]})
            return redirect("beslut:inriktningar")
    if form.errors:
        messages.error(request, _("Inriktningen är inte sparad. Rätta det som är markerat nedan."))
    return render(
        request,
        "beslut/inriktning.html",
        {"form": form, "instance": instance, "version": version, "conflict": conflict},
    )


def klausuler_lista(request):
    access.require_kansli(request.user)
    if request.method == "POST":
        access.require(request.user, access.SKRIBENT)
        try:
            services.spara_beslutsstil(
                by=request.user, stil=request.POST.get("stil", ""), version=posted_version(request.POST)
            )
            messages.success(request, _("Stilen för beslutssatser är sparad."))
        except (services.WorkflowError, services.ConflictError) as exc:
            messages.error(request, str(exc))
        return redirect("beslut:klausuler")
    forbund = Forbund.get()
    stil = forbund.beslutsstil
    library = list(Klausul.objects.prefetch_related("uppsattningar"))
    sets = list(KlausulUppsattning.objects.prefetch_related("klausuler"))
    vald = next((u for u in sets if u.vald), None)
    fall = _fall(_fallen()[:1])
    return render(
        request,
        "beslut/klausuler.html",
        {
            "klausuler": [(k, *klausuler.visning([k.text], stil)) for k in library],
            "uppsattningar": sets,
            "vald": vald,
            "fall": fall,
            "exempel": _exempel_forslag(vald, stil, fall) if vald else [],
            "may_draft": access.may_draft(request.user),
            "stil": stil,
            "stilar": Forbund.Beslutsstil.choices,
            "forbund_version": forbund.version,
        },
    )


# The cases a clause set is previewed with: the förbund's latest submitted
# applications (a list to choose from, not the whole diarium).
FALL_MAX = 50


def _fallen():
    return Ansokan.objects.exclude(inlamnad=None).select_related("insatsagare").order_by("-inlamnad", "-id")


def _fall(ansokningar):
    """(forslag, ansokan) for a preview: the first application's latest
    proposal (the amount and period the förbundschef proposed), or the
    proposal a new draft of it would get; None without an application."""
    ansokan = next(iter(ansokningar), None)
    if ansokan is None:
        return None
    forslag = ansokan.beslutsforslag.order_by("-datum", "-id").first()
    if forslag is None:
        forslag = Beslutsforslag(
            ansokan=ansokan,
            titel=ansokan.namn,
            belopp=ansokan.summa_forbund,
            period_fran=ansokan.startdatum,
            period_till=ansokan.slutdatum,
        )
    return forslag, ansokan


def _exempel_fall():
    """An invented case, for a förbund without any application yet."""
    ar = timezone.localdate().year
    # An application too (unsaved), so every placeholder has a value.
    ansokan = Ansokan(
        namn=_("Exempelinsatsen"), typ=Ansokan.Typ.NY, insatsagare=Organisation(namn=_("Exempelkommun"))
    )
    forslag = Beslutsforslag(
        titel=ansokan.namn,
        belopp=500_000,
        period_fran=datetime.date(ar + 1, 1, 1),
        period_till=datetime.date(ar + 2, 12, 31),
    )
    return forslag, ansokan


def _exempel_forslag(uppsattning, stil, fall=None):
    """What a new proposal gets with `uppsattning`, per outcome, filled in
    from `fall` (forslag, ansokan) exactly as it would be drafted:
    [(outcome label, [(marker, html)], warning)]. Warns when two of the
    set's clauses both state the amount (a proposal would say it twice)."""
    forslag, ansokan = fall or _exempel_fall()
    library = list(uppsattning.klausuler.all())  # prefetched
    result = []
    for utfall in (Beslutsforslag.Utfall.BIFALL, Beslutsforslag.Utfall.AVSLAG):
        exempel = copy.copy(forslag)  # the case's own proposal is not changed
        exempel.utfall = utfall
        satser = drafting.standard_satser(exempel, ansokan, library, uppsattning)
        med_belopp = [k.namn for _text, k in satser if "{belopp" in k.text]
        varningar = []
        if len(med_belopp) > 1:
            varningar.append(
                _("Flera satser anger beloppet (%(namn)s): ett nytt förslag får det då flera gånger.")
                % {"namn": ", ".join(f"”{namn}”" for namn in med_belopp)}
            )
        for _text, k in satser:
            for gammal, ny in klausuler.fasta_format(k.text, uppsattning):
                varningar.append(
                    _("”%(namn)s” skriver %(gammal)s, som inte följer uppsättningens format. Skriv %(ny)s i stället.")
                    % {"namn": k.namn, "gammal": gammal, "ny": ny}
                )
        result.append((utfall.label, klausuler.visning([text for text, _k in satser], stil), " ".join(varningar)))
    return result


def klausul_uppsattningar(request):
    """The förbund's choice of clause set, each set previewed with a real
    case (the latest application unless another is picked) before saving."""
    access.require(request.user, access.SKRIBENT)
    forbund = Forbund.get()
    if request.method == "POST":
        uppsattning = KlausulUppsattning.objects.filter(pk=_int(request.POST.get("uppsattning"))).first()
        try:
            uppsattning = services.valj_uppsattning(
                uppsattning=uppsattning, by=request.user, version=posted_version(request.POST)
            )
        except (services.WorkflowError, services.ConflictError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Nya beslutsförslag får nu satserna i ”%(namn)s”.") % {"namn": uppsattning.namn}
            )
        url = reverse("beslut:klausul_uppsattningar")
        fall = _int(request.POST.get("fall"))
        return redirect(f"{url}?fall={fall}" if fall else url)
    fallen = list(_fallen()[:FALL_MAX])
    vald_fall = _int(request.GET.get("fall"))
    valt = [a for a in fallen if a.pk == vald_fall] or list(_fallen().filter(pk=vald_fall)) or fallen[:1]
    fall = _fall(valt)
    if valt and valt[0] not in fallen:
        fallen.insert(0, valt[0])
    stil = forbund.beslutsstil
    sets = list(KlausulUppsattning.objects.prefetch_related("klausuler"))
    return render(
        request,
        "beslut/klausul_uppsattningar.html",
        {
            "uppsattningar": [(u, _exempel_forslag(u, stil, fall)) for u in sets],
            "fallen": fallen,
            "fall": fall,
            "forbund_version": forbund.version,
        },
    )


def _int(value):
    return int(value) if str(value or "").isdigit() else None


def klausul_uppsattning(request, pk=None):
    """A clause set's own page: add one, or change its name, formats and clauses."""
    access.require(request.user, access.SKRIBENT)
    instance = get_object_or_404(KlausulUppsattning, pk=pk) if pk else KlausulUppsattning()
    form = KlausulUppsattningForm(request.POST or None, instance=instance)
    version = page_version(request, instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.spara_uppsattning(
                uppsattning=instance, by=request.user, data=data, satser=form.cleaned_data["satser"], version=version
            )
        except services.ConflictError as exc:
            conflict = str(exc)  # the page comes back with what was typed
        else:
            messages.success(request, _("Uppsättningen är sparad."))
            return redirect("beslut:klausul_uppsattningar")
    if form.errors:
        messages.error(request, _("Uppsättningen är inte sparad. Rätta det som är markerat nedan."))
    return render(
        request,
        "beslut/klausul_uppsattning.html",
        {"form": form, "instance": instance, "version": version, "conflict": conflict},
    )


def klausul(request, pk=None):
    access.require(request.user, access.SKRIBENT)
    instance = get_object_or_404(Klausul, pk=pk) if pk else Klausul()
    form = KlausulForm(request.POST or None, instance=instance)
    version = page_version(request, instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.spara_klausul(klausul=instance, by=request.user, data=form.cleaned_data, version=version)
        except services.ConflictError as exc:
            conflict = str(exc)  # the page comes back with what was typed
        else:
            messages.success(request, _("Satsen är sparad i biblioteket."))
            return redirect("beslut:klausuler")
    if form.errors:
        messages.error(request, _("Satsen är inte sparad. Rätta det som är markerat nedan."))
    return render(
        request,
        "beslut/klausul.html",
        {
            "form": form,
            "instance": instance,
            "platshallare": klausuler.PLACEHOLDERS.items(),
            "version": version,
            "conflict": conflict,
        },
    )
