"""Application pages. Thin: access through ansokningar.access, reads
through ansokningar.selectors, every change through ansokningar.services."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ansokningar import access, presentation, selectors, services
from ansokningar.editing import EditPage, detail_url
from ansokningar.filters import AnsokanFilter
from ansokningar.forms import BilagaForm, KompletteringForm, NyAnsokanForm
from ansokningar.models import Ansokan, Bilaga
from insatser.models import Beviljande
from samordning import audit
from samordning.paging import page_context


def lista(request):
    access.require_application_user(request.user)
    base = access.visible_ansokningar(request.user)
    only_from = None if request.user.is_kansli else base
    filterset = AnsokanFilter(request.GET or None, queryset=selectors.for_list(base), only_from=only_from)
    return render(
        request,
        "ansokningar/lista.html",
        {
            "filter": filterset,
            **page_context(request, filterset.qs),
            "can_create": access.can_create(request.user),
        },
    )


def ny(request):
    if not access.can_create(request.user):
        raise access.PermissionDenied
    # "Ny tilläggsansökan" on an insats's page links here with ?typ=tillagg&insats=<pk>.
    initial = {}
    if request.GET.get("typ") in Ansokan.Typ.values:
        initial["typ"] = request.GET["typ"]
    if request.GET.get("insats", "").isdigit():
        from insatser.access import forlangbara

        insats = forlangbara(request.user).filter(pk=request.GET["insats"]).first()
        if insats is not None:
            initial.update(insats=insats.pk, insatsagare=insats.insatsagare_id, namn=insats.namn)
    form = NyAnsokanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ansokan = services.skapa_ansokan(
            by=request.user,
            insatsagare=form.cleaned_data["insatsagare"],
            namn=form.cleaned_data["namn"],
            typ=form.cleaned_data["typ"],
            insats=form.cleaned_data["insats"],
        )
        messages.success(request, _("Utkastet är skapat. Fyll i ansökan och spara så ofta du vill."))
        return redirect("ansokningar:redigera", pk=ansokan.pk)
    return render(request, "ansokningar/ny.html", {"form": form})


def _get(request, pk):
    return access.get_ansokan(request.user, pk, selectors.for_detail(Ansokan.objects.all()))


def _detail_context(request, ansokan, **extra):
    content = presentation.innehall(ansokan)
    user = request.user
    context = {
        "a": ansokan,
        "c": content,
        "can_edit": access.can_edit(user, ansokan),
        "sign_part": access.part_to_sign(user, ansokan, content.parter),
        "ej_behorig_part": access.part_needing_authority(user, ansokan, content.parter),
        # What the decision granted, as the insats records it (one query, only once granted).
        "beviljat": list(Beviljande.objects.filter(ansokan=ansokan)) if ansokan.status == Ansokan.Status.BEVILJAD else [],
        "is_kansli": user.is_kansli,
        "may_bereda": access.may_bereda(user),
        "can_withdraw": access.can_withdraw(user, ansokan),
        "komplettering_form": KompletteringForm(),
        "bilaga_form": BilagaForm(),
        "historik": audit.visible_to(user, audit.entries_for(ansokan))[:50],
        "overenskommelse": presentation.overenskommelse(ansokan.overenskommelse),
    }
    context.update(extra)
    return context


def detalj(request, pk):
    ansokan = _get(request, pk)
    return render(request, "ansokningar/detalj.html", _detail_context(request, ansokan))


def redigera(request, pk):
    ansokan = _get(request, pk)
    if not access.can_edit(request.user, ansokan):
        if not access.is_owner(request.user, ansokan):
            raise access.PermissionDenied
        if request.method != "POST":  # submitted, withdrawn…: say so where it can be read
            messages.info(
                request,
                _("Ansökan har status ”%(status)s” och kan inte ändras.") % {"status": ansokan.get_status_display()},
            )
            return redirect("ansokningar:detalj", pk=pk)
        # A page opened before the status changed: the service refuses the
        # save and the page is shown again with everything typed.
    page = EditPage(request, ansokan)
    if request.method == "POST":
        result = page.save()
        if result is not None:
            return result
    return render(request, "ansokningar/redigera.html", page.context())


@require_POST
def signera(request, pk):
    ansokan = _get(request, pk)
    part = access.part_to_sign(request.user, ansokan, list(ansokan.parter.all()))
    if part is None:
        raise access.PermissionDenied
    try:
        services.signera(ansokan=ansokan, part=part, by=request.user)
        messages.success(request, _("%(org)s står nu bakom ansökan.") % {"org": part.organisation.namn})
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("ansokningar:detalj", pk=pk)


@require_POST
def aterkalla(request, pk):
    ansokan = _get(request, pk)
    if not access.is_owner(request.user, ansokan):  # the service checks the status
        raise access.PermissionDenied
    if request.POST.get("bekrafta") != "ja":
        # Irreversible: only from the page's confirmation step.
        messages.error(request, _("Ansökan är inte återkallad. Bekräfta med ”Ja, återkalla ansökan”."))
        return redirect("ansokningar:detalj", pk=pk)
    try:
        services.aterkalla(ansokan=ansokan, by=request.user)
        messages.success(request, _("Ansökan är återkallad."))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("ansokningar:detalj", pk=pk)


@require_POST
def komplettering(request, pk):
    ansokan = _get(request, pk)
    access.require_kansli(request.user)
    form = KompletteringForm(request.POST)
    if form.is_valid():
        try:
            services.begar_komplettering(
                ansokan=ansokan,
                by=request.user,
                begaran=form.cleaned_data["begaran"],
                lank=detail_url(request, ansokan),
            )
            messages.success(request, _("Begäran om komplettering är skickad till den sökande."))
            return redirect("ansokningar:detalj", pk=pk)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
    context = _detail_context(request, ansokan, komplettering_form=form)
    return render(request, "ansokningar/detalj.html", context, status=400)


@require_POST
def beredning(request, pk):
    ansokan = _get(request, pk)
    access.require_kansli(request.user)
    try:
        services.paborja_beredning(ansokan=ansokan, by=request.user)
        messages.success(request, _("Ansökan är under beredning."))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("ansokningar:detalj", pk=pk)


def pdf(request, pk):
    from ansokningar.pdf import render_ansokan_pdf

    ansokan = access.get_ansokan(request.user, pk)  # render_ansokan_pdf loads the rest
    data = render_ansokan_pdf(ansokan)
    response = HttpResponse(data, content_type="application/pdf")
    name = (ansokan.diarienummer or f"utkast-{ansokan.pk}").replace(" ", "-").replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="ansokan-{name}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def bilaga_ny(request, pk):
    ansokan = _get(request, pk)
    if request.method == "GET":
        # A failed upload shows the page at this address; reloading it asks
        # for the page again, not for the upload.
        return redirect("ansokningar:detalj", pk=pk)
    access.require_edit(request.user, ansokan)
    form = BilagaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.lagg_till_bilaga(ansokan=ansokan, by=request.user, fil=form.cleaned_data["fil"])
            messages.success(request, _("Bilagan är uppladdad."))
            return redirect("ansokningar:detalj", pk=pk)
        except services.WorkflowError as exc:
            form.add_error("fil", str(exc))
    # The page again with the message next to the file field (as komplettering).
    return render(request, "ansokningar/detalj.html", _detail_context(request, ansokan, bilaga_form=form), status=400)


@require_POST
def bilaga_ta_bort(request, pk, bilaga_id):
    ansokan = _get(request, pk)
    access.require_edit(request.user, ansokan)
    bilaga = get_object_or_404(Bilaga, pk=bilaga_id, ansokan=ansokan)
    try:
        services.ta_bort_bilaga(ansokan=ansokan, bilaga=bilaga, by=request.user)
        messages.success(request, _("Bilagan %(filnamn)s är borttagen.") % {"filnamn": bilaga.filnamn})
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("ansokningar:detalj", pk=pk)


def bilaga(request, pk, bilaga_id):
    ansokan = _get(request, pk)
    fil = get_object_or_404(Bilaga, pk=bilaga_id, ansokan=ansokan)
    try:
        handle = fil.fil.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=fil.filnamn)
