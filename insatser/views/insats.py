"""The insatser register. Thin: access through insatser.access, reads
through insatser.selectors, every change through insatser.services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from insatser import access, selectors, services
from insatser.filters import InsatsFilter
from insatser.forms.insats import InsatsForm, beviljanden_formset
from insatser.models import Insats, beviljat
from insatser.views import rapporter as rapport_views
from insatser.views import rekvisitioner as rekvisition_views
from samordning import audit
from samordning.errors import posted_version
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
    user = request.user
    insats = _get(request, pk, access.with_may_apply_tillagg(user, Insats.objects.all()))
    beviljanden = list(insats.beviljanden.all())
    summa, period = beviljat(beviljanden)
    kansli = user.is_kansli
    return render(
        request,
        "insatser/detalj.html",
        {
            "insats": insats,
            "beviljanden": beviljanden,
            "summa": summa,
            "period": period,
            "ansokningar": list(selectors.ansokningar_for(insats, user)),
            "forslag": list(selectors.forslag_for(insats))
            if access.may_see_forslag(user)
            else None,
            "historik": [(h, _vad(h)) for h in audit.visible_to(user, audit.entries_for(insats))[:50]]
            if kansli
            else None,
            "may_register": access.may_register(user),
            "may_apply_tillagg": insats.may_apply_tillagg,
            **rekvisition_views.for_insats_page(user, insats),
            **rapport_views.for_insats_page(user, insats),
        },
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
    if entry.handling == "insats.registrerad":
        return ""
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
    error the page comes back with what the user typed."""
    posted = request.POST if request.method == "POST" else None
    form = InsatsForm(
        posted, instance=insats, kategori_fast=insats is not None and insats.kategori_fast()
    )
    formset = beviljanden_formset(posted, insats)
    version = insats.version if insats is not None else None
    context = {
        "insats": insats,
        "form": form,
        "formset": formset,
        "beviljanden_fel": [],
        "conflict": None,
        "summa": beviljat(insats.beviljanden.all()).summa if insats is not None else 0,
    }
    if posted is not None:
        version = posted_version(posted)
        valid = [form.is_valid(), formset.is_valid()]  # both, so every error shows at once
        if all(valid):
            try:
                saved = _save(request, insats, version, form.cleaned_data, formset.rows())
            except services.ConflictError as exc:
                context["conflict"] = str(exc)
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


def _save(request, insats, version, data, rows):
    falt = {name: data[name] for name in services.FALT}
    falt["samverkansparter"] = list(data["samverkansparter"])
    if insats is None:
        saved = services.registrera_insats(by=request.user, beviljanden=rows, **falt)
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
