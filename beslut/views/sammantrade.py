"""The meetings: the list, planning a meeting, the meeting page with its
föredragningslista (edited by the sekreterare and the förbundschef until
the meeting is held), its handlingar and calendar file, and an organ's
members. Who sees what is beslut.access (visible_sammantraden)."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beslut import access, ics
from beslut.forms import sammantrade as mote_forms
from beslut.models import Arende, Handling, Organ, Sammantrade, Uppdrag
from beslut.services import sammantrade as mote_services
from samordning.errors import ConflictError, WorkflowError, page_version, posted_version
from samordning.models import Forbund
from samordning.paging import page_context

S = Sammantrade.Status
# Once the protokoll is justerat it is what the members read of the meeting.
JUSTERADE = {S.JUSTERAT, S.ANSLAGET}


def valfri_url(name, pk):
    """The URL of another part of issue 10 (the kallelse, the packet, the
    protokoll as PDF) when that part is installed, else ""."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def dokumentlankar(mote, forhandsvisning=False):
    """{name: url} of the meeting's documents a member may open: the kallelse
    and the packet once the kallelse is sent, the protokoll once justerat.
    `forhandsvisning`: the kansli also reads a planned meeting's kallelse
    as it would go out."""
    lankar = {}
    if mote.status != S.PLANERAT or forhandsvisning:
        lankar["kallelse"] = valfri_url("beslut:kallelse_pdf", mote.pk)
        lankar["motespaket"] = valfri_url("beslut:motespaket_pdf", mote.pk)
    if mote.status in JUSTERADE:
        lankar["protokoll"] = valfri_url("beslut:protokoll_pdf", mote.pk)
    return {k: v for k, v in lankar.items() if v}


def _meetings():
    return Sammantrade.objects.select_related("organ")


def lista(request):
    access.require_moten(request.user)
    moten = access.visible_sammantraden(request.user, _meetings()).annotate(
        antal=Count("arenden", filter=~Q(arenden__typ__in=mote_services.FASTA))
    )
    return render(
        request,
        "beslut/sammantraden.html",
        {
            **page_context(request, moten.order_by("-datum", "-starttid")),
            "organ": list(Organ.objects.filter(aktiv=True)),
            "may_plan": access.may_plan(request.user),
        },
    )


def _mote_page(request, mote, status=200):
    """Planning a new meeting (mote None) or changing one not yet held."""
    form = mote_forms.SammantradeForm(request.POST or None, instance=mote)
    version = page_version(request, mote)
    conflict = None
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                if mote is None:
                    mote = mote_services.planera(by=request.user, data=data)
                    messages.success(
                        request,
                        _("Sammanträdet är planerat. Lägg till ärenden på föredragningslistan."),
                    )
                else:
                    mote_services.andra(mote=mote, by=request.user, version=version, data=data)
                    messages.success(request, _("Sammanträdet är sparat."))
                return redirect("beslut:sammantrade", pk=mote.pk)
            except ConflictError as exc:
                conflict = str(exc)
            except WorkflowError as exc:
                messages.error(request, str(exc))
        else:
            messages.error(
                request, _("Sammanträdet är inte sparat. Rätta det som är markerat nedan.")
            )
        status = 400
    return render(
        request,
        "beslut/sammantrade_form.html",
        {"mote": mote, "form": form, "version": version, "conflict": conflict},
        status=status,
    )


def ny(request):
    access.require_plan(request.user)
    return _mote_page(request, None)


def redigera(request, pk):
    access.require_plan(request.user)
    mote = access.get_sammantrade(request.user, pk, _meetings())
    if mote.status not in mote_services.ANDRINGSBAR:
        messages.error(request, _("Sammanträdet är genomfört och kan inte längre ändras."))
        return redirect("beslut:sammantrade", pk=pk)
    return _mote_page(request, mote)


def _arenden(mote):
    return list(
        mote.arenden.select_related("forslag_version__forslag")
        .prefetch_related(
            Prefetch("handlingar", queryset=Handling.objects.order_by("ordning", "id"))
        )
        .order_by("ordning", "id")
    )


def _detail_context(request, mote, forms=None, handling_forms=None, version=None):
    """The meeting page: the list numbered in its order, what each ärende
    carries, and for the sekreterare the forms that change it."""
    arenden = _arenden(mote)
    rorliga = [a for a in arenden if a.typ not in mote_services.FASTA]
    for nr, arende in enumerate(arenden, start=1):
        arende.nummer = nr
        rorlig = arende.typ not in mote_services.FASTA
        # Which move buttons it has: none at an end (a keyboard user is not offered a dead button).
        arende.knappar = [
            ("upp", rorlig and arende is not rorliga[0]),
            ("ned", rorlig and arende is not rorliga[-1]),
        ]
    may_edit = access.may_plan(request.user) and mote.status in mote_services.ANDRINGSBAR
    context = {
        "mote": mote,
        "arenden": arenden,
        "delegationsbeslut": mote_services.delegationsbeslut_for(mote),
        "har_delegation": any(a.typ == Arende.Typ.DELEGATION for a in arenden),
        "dokument": dokumentlankar(mote, forhandsvisning=request.user.is_kansli),
        "may_edit": may_edit,
        "may_plan": access.may_plan(request.user),
        # Sending the kallelse is beslut.services.kallelse's (its views, when installed).
        "kallelse_url": may_edit
        and valfri_url(
            "beslut:skicka_kallelse" if mote.status == S.PLANERAT else "beslut:revidera_kallelse",
            mote.pk,
        ),
        "kan_genomforas": mote.status == S.KALLAT and mote.datum <= timezone.localdate(),
        "version": mote.version if version is None else version,
    }
    if may_edit:
        forms = forms or {}
        context["arende_forms"] = [
            forms.get(typ) or mote_forms.ArendeForm(typ=typ) for typ in mote_services.NYA_TYPER
        ]
        handling_forms = handling_forms or {}
        for arende in arenden:
            if arende.typ == Arende.Typ.INFORMATION:
                arende.handling_form = handling_forms.get(arende.pk) or mote_forms.HandlingForm(
                    prefix=f"handling-{arende.pk}"
                )
    return context


def detalj(request, pk):
    mote = access.get_sammantrade(request.user, pk, _meetings().select_related("sekreterare"))
    return render(request, "beslut/sammantrade.html", _detail_context(request, mote))


def _editable(request, pk):
    access.require_plan(request.user)
    return access.get_sammantrade(request.user, pk, _meetings().select_related("sekreterare"))


@require_POST
def arende_ny(request, pk, typ):
    mote = _editable(request, pk)
    if typ not in mote_services.NYA_TYPER:
        raise Http404
    form = mote_forms.ArendeForm(request.POST, typ=typ)
    if form.is_valid():
        try:
            arende = mote_services.lagg_till_arende(
                mote=mote, by=request.user, version=None, typ=typ, **form.cleaned_data
            )
            messages.success(
                request,
                _("%(rubrik)s är tillagt på föredragningslistan.") % {"rubrik": arende.rubrik},
            )
            return redirect(reverse("beslut:sammantrade", args=[pk]) + f"#arende-{arende.pk}")
        except WorkflowError as exc:
            form.add_error(
                "forslag_version" if "forslag_version" in form.fields else "rubrik", str(exc)
            )
    context = _detail_context(request, mote, forms={typ: form})
    return render(request, "beslut/sammantrade.html", context, status=400)


STALE = gettext_lazy(
    "Sammanträdet har ändrats av någon annan sedan du öppnade sidan. Ingenting är ändrat; "
    "se efter hur föredragningslistan ser ut nu och gör om det."
)


def _arende(mote, arende_id):
    """The ärende of the list, or ConflictError when it is gone: removed in
    another tab since this page was opened."""
    arende = Arende.objects.filter(pk=arende_id, sammantrade=mote).first()
    if arende is None:
        raise ConflictError(STALE)
    return arende


def _tillbaka(pk, fragment=""):
    return redirect(reverse("beslut:sammantrade", args=[pk]) + fragment)


@require_POST
def arende_flytta(request, pk, arende_id):
    """Move one step; the page comes back with the focus on the moved
    ärende's button (its id in the address: static/js/foredragningslista.js)."""
    mote = _editable(request, pk)
    riktning = request.POST.get("riktning", "")
    try:
        arende = _arende(mote, arende_id)
        mote_services.flytta_arende(
            arende=arende, by=request.user, version=posted_version(request.POST), riktning=riktning
        )
    except (ConflictError, WorkflowError) as exc:
        messages.error(request, str(exc))
        return _tillbaka(pk, f"#arende-{arende_id}")
    rorliga = list(
        mote.arenden.exclude(typ__in=mote_services.FASTA)
        .order_by("ordning", "id")
        .values_list("pk", flat=True)
    )
    knappar = [
        k
        for k, finns in (("upp", rorliga[0] != arende.pk), ("ned", rorliga[-1] != arende.pk))
        if finns
    ]
    # The button pressed, or the other one when the ärende reached the end.
    fragment = (
        f"#{riktning if riktning in knappar else knappar[0]}-{arende.pk}"
        if knappar
        else f"#arende-{arende.pk}"
    )
    flyttat = (
        _("%(rubrik)s är flyttat uppåt.")
        if riktning == "upp"
        else _("%(rubrik)s är flyttat nedåt.")
    )
    messages.success(request, flyttat % {"rubrik": arende.rubrik})
    return _tillbaka(pk, fragment)


@require_POST
def arende_ta_bort(request, pk, arende_id):
    mote = _editable(request, pk)
    try:
        arende = _arende(mote, arende_id)
        mote_services.ta_bort_arende(
            arende=arende, by=request.user, version=posted_version(request.POST)
        )
    except (ConflictError, WorkflowError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(rubrik)s är borttaget från föredragningslistan.") % {"rubrik": arende.rubrik},
        )
    return _tillbaka(pk)


@require_POST
def handling_ny(request, pk, arende_id):
    mote = _editable(request, pk)
    try:
        arende = _arende(mote, arende_id)
    except ConflictError as exc:
        messages.error(request, str(exc))
        return _tillbaka(pk)
    form = mote_forms.HandlingForm(request.POST, request.FILES, prefix=f"handling-{arende.pk}")
    if form.is_valid():
        try:
            mote_services.lagg_till_handling(
                arende=arende, by=request.user, version=None, fil=form.cleaned_data["fil"]
            )
            messages.success(request, _("Handlingen är uppladdad."))
            return _tillbaka(pk, f"#arende-{arende.pk}")
        except WorkflowError as exc:
            form.add_error("fil", str(exc))
    context = _detail_context(request, mote, handling_forms={arende.pk: form})
    return render(request, "beslut/sammantrade.html", context, status=400)


@require_POST
def handling_ta_bort(request, pk, handling_id):
    mote = _editable(request, pk)
    handling = Handling.objects.filter(pk=handling_id, arende__sammantrade=mote).first()
    try:
        if handling is None:
            raise ConflictError(STALE)
        mote_services.ta_bort_handling(
            handling=handling, by=request.user, version=posted_version(request.POST)
        )
    except (ConflictError, WorkflowError) as exc:
        messages.error(request, str(exc))
        return _tillbaka(pk)
    messages.success(request, _("%(filnamn)s är borttagen.") % {"filnamn": handling.filnamn})
    return _tillbaka(pk, f"#arende-{handling.arende_id}")


def handling_pdf(request, pk, handling_id):
    mote = access.get_sammantrade(request.user, pk)
    handling = get_object_or_404(Handling, pk=handling_id, arende__sammantrade=mote)
    try:
        handle = handling.fil.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type="application/pdf", filename=handling.filnamn)


def arende_pdf(request, pk, arende_id):
    """A beslutsärende's fastställd proposal as the board gets it: the
    stored PDF of the version on the list, never the draft."""
    mote = access.get_sammantrade(request.user, pk)
    arende = get_object_or_404(
        Arende.objects.select_related("forslag_version"),
        pk=arende_id,
        sammantrade=mote,
        forslag_version__isnull=False,
    )
    version = arende.forslag_version
    try:
        handle = version.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"beslutsforslag-{version.forslag_id}-v{version.nummer}.pdf"
    return FileResponse(handle, content_type="application/pdf", filename=name)


@require_POST
def genomfor(request, pk):
    mote = _editable(request, pk)
    try:
        if posted_version(request.POST) != mote.version:
            raise ConflictError(STALE)
        mote_services.genomfor(mote=mote, by=request.user)
        messages.success(request, _("Sammanträdet är markerat som genomfört."))
    except (ConflictError, WorkflowError) as exc:
        messages.error(request, str(exc))
    return redirect("beslut:sammantrade", pk=pk)


@require_POST
def stall_in(request, pk):
    mote = _editable(request, pk)
    try:
        mote_services.stall_in(mote=mote, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("beslut:sammantrade", pk=pk)
    messages.success(
        request, _("Sammanträdet %(mote)s är inställt och borttaget.") % {"mote": mote}
    )
    return redirect("beslut:sammantraden")


def kalender(request, pk):
    mote = access.get_sammantrade(request.user, pk, _meetings())
    text = ics.kalenderfil(
        mote,
        url=request.build_absolute_uri(reverse("beslut:sammantrade", args=[pk])),
        forbund_namn=Forbund.get().namn,
    )
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sammantrade-{mote.datum.isoformat()}.ics"'
    )
    return response


def organ(request, pk):
    """An organ's members today: ledamöter and ersättare with the
    organisation that appointed them, their term and function, and whom
    an ersättare stands in for."""
    organ = access.get_organ(request.user, pk)
    idag = timezone.localdate()
    uppdrag = (
        Uppdrag.objects.filter(organ=organ, fran__lte=idag)
        .filter(Q(till__isnull=True) | Q(till__gte=idag))
        .select_related("person", "organisation")
        .prefetch_related(Prefetch("ersatter", queryset=Uppdrag.objects.select_related("person")))
        .order_by("ordning", "person__last_name", "id")
    )
    uppdrag = list(uppdrag)
    return render(
        request,
        "beslut/organ.html",
        {
            "organ": organ,
            "idag": idag,
            "grupper": [
                {
                    "id": "ledamoter",
                    "rubrik": _("Ledamöter"),
                    "ersattare": False,
                    "rader": [u for u in uppdrag if u.roll == Uppdrag.Roll.LEDAMOT],
                },
                {
                    "id": "ersattare",
                    "rubrik": _("Ersättare"),
                    "ersattare": True,
                    "rader": [u for u in uppdrag if u.roll == Uppdrag.Roll.ERSATTARE],
                },
            ],
        },
    )


def styrelsens_start(user):
    """What a ledamot's or ersättare's start page shows: the called meetings
    ahead with their papers, the earlier ones with their protokoll, and the
    delegationsbeslut the next meeting will be told of. Only what the
    member may read (visible_sammantraden: nothing planned, nothing of
    another organ); a constant number of queries however many meetings."""
    idag = timezone.localdate()
    synliga = access.visible_sammantraden(user, _meetings())
    kommande = list(
        synliga.filter(status=S.KALLAT, datum__gte=idag).order_by("datum", "starttid")[:10]
    )
    tidigare = list(
        synliga.filter(Q(datum__lt=idag) | ~Q(status=S.KALLAT)).order_by("-datum", "-starttid")[:10]
    )
    for mote in kommande + tidigare:
        mote.dokument = dokumentlankar(mote)
    nasta = kommande[0] if kommande else None
    return {
        "kommande": kommande,
        "tidigare": tidigare,
        "nasta": nasta,
        "delegationsbeslut": mote_services.delegationsbeslut_for(nasta) if nasta else [],
    }


def sekreterarens_start(user):
    """The sekreterare's start page: the meetings not yet held, soonest first."""
    moten = _meetings().filter(status__in=mote_services.ANDRINGSBAR).order_by("datum", "starttid")
    return {"moten": list(moten[:20]), "may_plan": access.may_plan(user)}
