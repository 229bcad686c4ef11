"""The insatser register. Thin: access through insatser.access, reads
through insatser.selectors, every change through insatser.services."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from insatser import access, avvikelser, selectors, services, tidslinje
from insatser import access_avvikelse as avvikelse_access
from insatser.filters import InsatsFilter
from insatser.forms.avsluta import AvslutaForm
from insatser.forms.insats import InsatsForm, beviljanden_formset
from insatser.models import Insats, beviljat
from insatser.views import rapporter as rapport_views
from insatser.views import rekvisitioner as rekvisition_views
from samordning.errors import page_version, posted_version
from samordning.paging import page_context


def lista(request):
    access.require_insats_user(request.user)
    base = selectors.for_list(access.visible_insatser(request.user))
    filterset = InsatsFilter(request.GET or None, queryset=base)
    return render(
        request,
        "insatser/lista.html",
        {
            "filter": filterset,
            **page_context(request, filterset.qs),
            "may_register": access.may_register(request.user),
            "may_export": access.may_export(request.user),
        },
    )


def _get(request, pk, queryset=None):
    queryset = selectors.for_detail(Insats.objects.all() if queryset is None else queryset)
    return access.get_insats(request.user, pk, queryset)


def detalj(request, pk):
    """The insats page: state, delar, parties, goals, every decision with its
    document, the applications, claims and reports (their own sections),
    avvikelser and the timeline. A constant number of queries whatever the
    number of grants, applications, claims, reports or events (pinned in
    tests/test_insats_sida.py)."""
    user = request.user
    insats = _get(request, pk, access.with_may_apply_tillagg(user, Insats.objects.all()))
    beviljanden = list(insats.beviljanden.all())
    summa, period = beviljat(beviljanden)
    ansokningar = list(selectors.ansokningar_for(insats, user))
    agare = access.is_insatsagare(user, insats)
    pagar = insats.status == Insats.Status.PAGAR
    rapporter = rapport_views.for_insats_page(user, insats)
    # A closed insats owes no more reports: no plan to set.
    rapporter["may_set_rapportplan"] = rapporter.get("may_set_rapportplan", False) and pagar
    return render(
        request,
        "insatser/detalj.html",
        {
            "insats": insats,
            "beviljanden": beviljanden,
            "summa": summa,
            "period": period,
            "plan": selectors.plan(insats, beviljanden),
            "ansokningar": ansokningar,
            "dokument": [a for a in ansokningar if a.synlig and a.inlamnad],
            "forslag": list(selectors.forslag_for(insats))
            if access.may_see_forslag(user)
            else None,
            "avvikelser": list(avvikelser.for_insats(insats))
            if avvikelse_access.may_read(user, insats, agare)
            else None,
            "may_report_avvikelse": avvikelse_access.may_report(user, insats, agare),
            "may_avsluta": access.may_register(user) and pagar,
            "tidslinje": [
                (h, text, _vad(h) if h.handling.startswith("insats.") else "")
                for h, text in tidslinje.for_insats(insats, user, agare=agare)
            ],
            "tidslinje_grans": tidslinje.GRANS,
            "may_register": access.may_register(user),
            "may_apply_tillagg": insats.may_apply_tillagg,
            **rekvisition_views.for_insats_page(user, insats),
            **rapporter,
        },
    )


def beslutsdokument(request, pk, beviljande_id):
    """The document of the decision behind a grant, for whoever may see the
    insats: the protokollsutdrag of the justerat § (a public document, the
    one the beslutsmeddelande sent the insatsägare) or the
    delegationsbeslut's fastställd PDF. 404 for a grant registered by hand."""
    from beslut.beslutsmeddelande import bilaga

    insats = _get(request, pk)
    beviljande = next((b for b in insats.beviljanden.all() if b.pk == beviljande_id), None)
    verkan = getattr(beviljande, "beslutsverkan", None) if beviljande is not None else None
    dokument = bilaga(verkan) if verkan is not None else None
    if dokument is None:
        raise Http404
    namn, data = dokument
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{namn}"'
    return response


def avsluta(request, pk):
    """The closing page: the checks (met or not), what will be released per
    year, and the confirmed close (insatser.services.avsluta_insats)."""
    access.require_register(request.user)
    insats = _get(request, pk)
    version = page_version(request, insats)
    avslut = selectors.avslut(insats)
    form = AvslutaForm(request.POST or None, tidigast=avslut.tidigast)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.avsluta_insats(
                    insats=insats, by=request.user, version=version, **form.cleaned_data
                )
            except services.InsatsError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                status = 400
            except (services.ConflictError, services.WorkflowError) as exc:
                messages.error(request, str(exc))
                status = 409 if isinstance(exc, services.ConflictError) else 400
            else:
                messages.success(request, _("%(namn)s är avslutad.") % {"namn": insats.namn})
                return redirect("insatser:detalj", pk=insats.pk)
        else:
            status = 400
        insats.refresh_from_db()
        avslut = selectors.avslut(insats)  # as it is now, after a refusal
    return render(
        request,
        "insatser/avsluta.html",
        {"insats": insats, "avslut": avslut, "form": form, "version": version},
        status=status,
    )


VAD = {
    "namn": _lazy("namn"),
    "insatsagare": _lazy("insatsägare"),
    "kategori": _lazy("inriktning"),
    "startdatum": _lazy("startdatum"),
    "status": _lazy("status"),
    "beviljanden": _lazy("beviljanden"),
}


def _vad(entry):
    """What a change touched, for the history list: "status, beviljanden"."""
    if entry.handling in ("insats.registrerad", "insats.avslutad"):
        return ""  # the label says it all ("Insatsen avslutad")
    keys = list(entry.data.get("andrat", {}))
    if entry.data.get("beviljanden"):
        keys.append("beviljanden")
    return ", ".join(str(VAD[k]) for k in keys if k in VAD)


def ny(request):
    access.require_register(request.user)
    return _register_page(request, None)


def redigera(request, pk):
    access.require_register(request.user)
    return _register_page(request, _get(request, pk))


def _register_page(request, insats):
    """The form for a new insats (insats None) or an existing one; on any
    error the page comes back with what the user typed. A closed insats's
    grants are shown, not edited (services.andra_insats says why)."""
    posted = request.POST if request.method == "POST" else None
    form = InsatsForm(
        posted, instance=insats, kategori_fast=insats is not None and insats.kategori_fast()
    )
    avslutad = insats is not None and insats.status != Insats.Status.PAGAR
    formset = None if avslutad else beviljanden_formset(posted, insats)
    version = insats.version if insats is not None else None
    context = {
        "insats": insats,
        "avslutad": avslutad,
        "form": form,
        "formset": formset,
        "beviljanden": list(insats.beviljanden.all()) if avslutad else [],
        "beviljanden_fel": [],
        "conflict": None,
        "summa": beviljat(insats.beviljanden.all()).summa if insats is not None else 0,
    }
    if posted is not None:
        version = posted_version(posted)
        valid = [form.is_valid(), formset is None or formset.is_valid()]  # both: every error at once
        if all(valid):
            try:
                rows = formset.rows() if formset is not None else None
                saved = _save(request, insats, version, form.cleaned_data, rows)
            except services.ConflictError as exc:
                context["conflict"] = str(exc)
            except services.BeviljandeFel as exc:
                context["beviljanden_fel"] += _vid_beviljanden(formset, exc.fel)
            except services.InsatsError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, str(exc))
                else:
                    context["beviljanden_fel"].append(str(exc))
            else:
                return redirect("insatser:detalj", pk=saved.pk)
        messages.error(request, _("Insatsen är inte sparad. Rätta det som är markerat nedan."))
    context["version"] = version
    return render(request, "insatser/form.html", context)


def _vid_beviljanden(formset, fel):
    """Each refusal next to its grant's field (a refused removal: the row
    comes back, not removed, with the message). Returns the messages of
    grants no longer on the page."""
    rader = {f.cleaned_data.get("id"): f for f in formset.forms if f.cleaned_data}
    ovriga = []
    for pk, field, message in fel:
        rad = rader.get(pk)
        if rad is None:
            ovriga.append(message)
            continue
        rad.add_error(field, message)
        if field is None:
            rad.ej_borttagen = True  # templates/insatser/_beviljande.html shows it again
        else:
            rad.fields[field].widget.attrs["class"] += " is-invalid"
    return ovriga


def _save(request, insats, version, data, rows):
    falt = {name: data[name] for name in services.FALT}
    falt["samverkansparter"] = list(data["samverkansparter"])
    if insats is None:
        saved = services.registrera_insats(
            by=request.user, beviljanden=rows, status=data["status"],
            avslutad_datum=data["avslutad_datum"], **falt,
        )  # fmt: skip
        messages.success(request, _("Insatsen %(namn)s är registrerad.") % {"namn": saved.namn})
        return saved
    saved = services.andra_insats(
        insats=insats, by=request.user, version=version, beviljanden=rows, **falt
    )
    if saved.version == version:
        messages.info(request, _("Inget var ändrat, så inget sparades."))
    else:
        messages.success(request, _("Ändringarna i %(namn)s är sparade.") % {"namn": saved.namn})
    return saved
