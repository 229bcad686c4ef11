"""Avvikelserapporter: the insatsägare files one, the kansli handles it and
may draft a beslutsförslag from it. Thin: access through
insatser.access_avvikelse, every change through insatser.avvikelser."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beslut import access as beslut_access
from insatser import access_avvikelse as access
from insatser import avvikelser as services
from insatser import tidslinje
from insatser.forms.avvikelse import AvvikelseForm, HanteraForm
from insatser.models import Avvikelse
from samordning import audit
from samordning.errors import page_version


def ny(request, pk):
    insats = access.get_insats_for_report(request.user, pk)
    form = AvvikelseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not access.may_report(request.user, insats):
            messages.error(request, _("Avvikelser rapporteras för pågående insatser."))
            return redirect("insatser:detalj", pk=insats.pk)
        if form.is_valid():
            try:
                services.rapportera(insats=insats, by=request.user, **form.cleaned_data)
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Avvikelserapporten är inlämnad. Förbundets handläggare hör av sig om något behövs."
                    ),
                )
                return redirect(reverse("insatser:detalj", args=[insats.pk]) + "#i-avvikelser")
        status = 400
    return render(
        request,
        "insatser/avvikelse_ny.html",
        {"insats": insats, "form": form, "may_report": access.may_report(request.user, insats)},
        status=status,
    )


def detalj(request, pk, avvikelse_id):
    """The report; for the handläggare and the förbundschef, while it is new,
    the handling form (posted here), and once it needs a new decision the
    button that drafts the beslutsförslag."""
    user = request.user
    insats, avvikelse = access.get_avvikelse(user, pk, avvikelse_id)
    may_handle = access.may_handle(user)
    version = page_version(request, avvikelse)
    if request.method == "POST" and not may_handle:
        raise PermissionDenied
    form = None
    status = 200
    if may_handle and (avvikelse.status == Avvikelse.Status.INLAMNAD or request.method == "POST"):
        form = HanteraForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.hantera(avvikelse=avvikelse, by=user, version=version, **form.cleaned_data)
            except services.ConflictError as exc:
                messages.error(request, str(exc))
                status = 409
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
                status = 400
            else:
                messages.success(request, _("Avvikelserapporten är hanterad."))
                return redirect("insatser:avvikelse", pk=insats.pk, avvikelse_id=avvikelse.pk)
        else:
            status = 400
        avvikelse.refresh_from_db()  # what holds now, beside what was typed
    return render(
        request,
        "insatser/avvikelse.html",
        {
            "insats": insats,
            "avvikelse": avvikelse,
            "form": form,
            "version": version,
            "may_handle": may_handle,
            "may_create_forslag": may_handle
            and avvikelse.status == Avvikelse.Status.KRAVER_BESLUT
            and avvikelse.beslutsforslag_id is None,
            "historik": [
                (h, tidslinje.etikett(h.handling))
                for h in audit.visible_to(user, audit.entries_for(avvikelse)).order_by(
                    "tidpunkt", "id"
                )
            ]
            if user.is_kansli
            else None,
        },
        status=status,
    )


@require_POST
def beslutsforslag(request, pk, avvikelse_id):
    user = request.user
    insats, avvikelse = access.get_avvikelse(user, pk, avvikelse_id)
    if not access.may_handle(user):
        raise PermissionDenied
    try:
        forslag = services.skapa_beslutsforslag(
            avvikelse=avvikelse, by=user, version=page_version(request, avvikelse)
        )
    except (services.ConflictError, services.WorkflowError) as exc:
        messages.error(request, str(exc))
        return redirect("insatser:avvikelse", pk=insats.pk, avvikelse_id=avvikelse.pk)
    messages.success(
        request,
        _("Beslutsförslaget %(dnr)s är skapat med Ärendet från avvikelserapporten.")
        % {"dnr": forslag.diarienummer},
    )
    if beslut_access.may_draft(user):
        return redirect("beslut:redigera", pk=forslag.pk)
    return redirect("beslut:detalj", pk=forslag.pk)
