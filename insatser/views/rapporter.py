"""Rapporter: the insats's report plan, the insatsägare's report form, the
handläggare's handling and the list of reports due and overdue. Thin:
access through insatser.access, every change through insatser.rapporter."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insatser import access, rapporter
from insatser.forms.rapport import (
    KOLUMNER,
    RADER,
    GodkannForm,
    KompletteringForm,
    PlanForm,
    RapportForm,
    initial_for,
)
from insatser.models import Insats, Rapport, Rapportplan
from insatser.models.rapport import DELTAGARFALT, KON
from samordning.errors import ConflictError, WorkflowError, page_version, posted_version

R = Rapport.Status


def _markera(rapporter_, idag, stangd=False):
    """Mark each report with what the lists show: days overdue (None when
    not overdue or no longer owed) and whether it is due soon. `stangd`:
    the insats is closed and owes nothing, so nothing is late."""
    grans = idag + datetime.timedelta(days=rapporter.KOMMANDE_DAGAR)
    for r in rapporter_:
        skuldig = r.status in rapporter.SKULDIGA and not stangd
        r.dagar_sen = (idag - r.forfallodatum).days if skuldig and r.forfallodatum < idag else None
        r.snart = skuldig and idag <= r.forfallodatum <= grans
    return rapporter_


def for_insats_page(user, insats):
    """What the insats page shows of the reports (templates/insatser/_rapporter.html):
    the plan and every report with due date and status, to the kansli and
    the insatsägare's users. Three queries, whatever the number of reports."""
    if not access.may_see_rapporter(user, insats):
        return {"rapporter_synliga": False}
    return {
        "rapporter_synliga": True,
        "rapporter": _markera(
            list(insats.rapporter.all()),
            timezone.localdate(),
            stangd=insats.status == Insats.Status.AVSLUTAD,
        ),
        "rapportplan": Rapportplan.objects.filter(insats=insats).first(),
        "may_set_rapportplan": access.may_handle_rapporter(user)
        and insats.status != Insats.Status.AVSLUTAD,  # a closed insats owes nothing more
        "may_see_forfallna": user.is_kansli,
    }


# ---------------------------------------------------------------- the plan


def rapportplan(request, pk):
    access.require_handle_rapporter(request.user)
    insats = access.get_insats(request.user, pk, Insats.objects.select_related("insatsagare"))
    plan = Rapportplan.objects.filter(insats=insats).first()
    version = page_version(request, plan)
    conflict = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                rapporter.satt_plan(
                    insats=insats, by=request.user, version=version, **form.cleaned_data
                )
            except ConflictError as exc:
                conflict = str(exc)
            except WorkflowError as exc:  # the insats was closed meanwhile
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Rapportplanen är sparad och rapporterna följer den."))
                return redirect("insatser:detalj", pk=insats.pk)
    elif plan is not None:
        form = PlanForm(
            initial={
                "lagesrapporter": plan.lagesrapporter,
                "arsrapport": plan.arsrapport,
                "slutrapport": plan.slutrapport,
            }
        )
    else:
        form = PlanForm(
            initial={
                "lagesrapporter": Rapportplan.Lagesrapporter.KVARTAL,
                "arsrapport": True,
                "slutrapport": True,
            }
        )
    return render(
        request,
        "insatser/rapportplan.html",
        {
            "insats": insats,
            "plan": plan,
            "form": form,
            "version": version,
            "conflict": conflict,
            "rapporter": _markera(list(insats.rapporter.all()), timezone.localdate()),
            "regler": {
                "lages": rapporter.LAGESRAPPORT_FRIST_DAGAR,
                "ars": datetime.date(2000, *rapporter.ARSRAPPORT_FORFALLER),
                "slut": rapporter.SLUTRAPPORT_FRIST_DAGAR,
            },
        },
        status=400 if request.method == "POST" else 200,
    )


# -------------------------------------------------------------- one report


def _get(request, pk):
    return access.get_rapport(
        request.user,
        pk,
        Rapport.objects.select_related("insats__insatsagare", "inlamnad_av", "hanterad_av"),
    )


def _page(
    request,
    rapport,
    *,
    form=None,
    godkann_form=None,
    komplettering_form=None,
    conflict=None,
    status=200,
):
    user = request.user
    mal = rapporter.mal_for(rapport.insats)
    stangd = rapporter.stangd(rapport)
    # The insatsägare's user of a closed insats reads the report, no form.
    may_file = access.may_file_rapport(user, rapport) and not stangd
    if may_file and form is None:
        form = RapportForm(initial=initial_for(rapport, mal), mal=mal)
    may_handle = access.may_handle_rapporter(user) and rapport.status == R.INLAMNAD
    if may_handle:
        godkann_form = godkann_form or GodkannForm()
        komplettering_form = komplettering_form or KompletteringForm()
    svar = {rad.mal_id: rad for rad in rapport.malrader.all()}
    return render(
        request,
        "insatser/rapport.html",
        {
            "rapport": _markera([rapport], timezone.localdate(), stangd=stangd)[0],
            "stangd": stangd and rapport.kan_andras_av_insatsagaren,
            "for_tidigt": rapporter.for_tidigt(rapport) if may_file else None,
            "insats": rapport.insats,
            "form": form if may_file else None,
            "godkann_form": godkann_form if may_handle else None,
            "komplettering_form": komplettering_form if may_handle else None,
            "version": page_version(request, rapport),
            "conflict": conflict,
            "antal": _antal_tabell(rapport),
            "mal": [(m, svar.get(m.pk)) for m in mal],
            "borttagna_mal": [rad for rad in svar.values() if rad.mal_id is None],
        },
        status=status,
    )


def _antal_tabell(rapport):
    return {
        "kolumner": list(KOLUMNER.values()),
        "rader": [(RADER[f], [getattr(rapport, f"{f}_{k}") for k in KON]) for f in DELTAGARFALT],
    }


def rapport(request, pk):
    """The report: the insatsägare fills it in (draft or submit), everyone
    who sees the insats reads it, the handläggare handles it."""
    rapport_ = _get(request, pk)
    if request.method != "POST":
        return _page(request, rapport_)
    if not access.may_file_rapport(request.user, rapport_):
        if access.may_file_rapport(request.user, rapport_, nagon_gang=True):
            # Submitted from another tab or by a colleague since this page was opened.
            messages.error(
                request, _("Rapporten har redan lämnats in och kan inte ändras medan den granskas.")
            )
            return redirect("insatser:rapport", pk=rapport_.pk)
        raise PermissionDenied
    if rapporter.stangd(rapport_):
        # Closed since the page was opened: what was typed is not saved.
        messages.error(request, str(rapporter.STANGD))
        return redirect("insatser:rapport", pk=rapport_.pk)
    lamna_in = request.POST.get("action") == "lamna_in"
    mal = rapporter.mal_for(rapport_.insats)
    form = RapportForm(request.POST, mal=mal, kraver_mal=lamna_in)
    conflict = None
    if form.is_valid():
        service = rapporter.lamna_in if lamna_in else rapporter.spara
        try:
            service(
                rapport=rapport_,
                by=request.user,
                version=posted_version(request.POST),
                antal=form.antal(),
                fritext=form.cleaned_data["fritext"],
                maltexter=form.maltexter(),
            )
        except ConflictError as exc:
            conflict = str(exc)
        except rapporter.RapportError as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("insatser:rapport", pk=rapport_.pk)
        else:
            if lamna_in:
                messages.success(request, _("Rapporten är inlämnad. Handläggaren granskar den."))
                return redirect("insatser:detalj", pk=rapport_.insats_id)
            messages.success(request, _("Utkastet är sparat. Rapporten är inte inlämnad än."))
            return redirect("insatser:rapport", pk=rapport_.pk)
    messages.error(request, _("Rapporten är inte sparad. Rätta det som är markerat nedan."))
    return _page(request, rapport_, form=form, conflict=conflict, status=400)


def _hantera(request, pk, form_class, service, form_name, klart):
    """The handläggare's decision on a submitted report (godkann /
    komplettering): `service` with the form's comment, `klart` on success;
    a refusal comes back on the report's page in `form_name`."""
    access.require_handle_rapporter(request.user)
    rapport_ = _get(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(
                rapport=rapport_,
                by=request.user,
                version=posted_version(request.POST),
                kommentar=form.cleaned_data["kommentar"],
            )
        except ConflictError as exc:
            return _page(request, rapport_, **{form_name: form}, conflict=str(exc), status=400)
        except rapporter.RapportError as exc:
            form.add_error("kommentar", exc.errors["kommentar"])
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("insatser:rapport", pk=rapport_.pk)
        else:
            messages.success(request, klart)
            return redirect("insatser:rapport", pk=rapport_.pk)
    return _page(request, rapport_, **{form_name: form}, status=400)


@require_POST
def godkann(request, pk):
    return _hantera(
        request, pk, GodkannForm, rapporter.godkann, "godkann_form", _("Rapporten är godkänd.")
    )


@require_POST
def komplettering(request, pk):
    return _hantera(
        request,
        pk,
        KompletteringForm,
        rapporter.begar_komplettering,
        "komplettering_form",
        _("Komplettering är begärd. Insatsägaren har fått e-post."),
    )


# ------------------------------------------------- due and overdue reports


def forfallna(request):
    """The kansli's list: reports owed and due within KOMMANDE_DAGAR days
    or overdue, grouped per insats, and the reports waiting for review.
    Two queries, whatever the number of rows."""
    access.require_kansli(request.user)
    idag = timezone.localdate()
    owed = (
        Rapport.objects.filter(
            status__in=rapporter.SKULDIGA,
            forfallodatum__lte=idag + datetime.timedelta(days=rapporter.KOMMANDE_DAGAR),
        )
        .exclude(insats__status=Insats.Status.AVSLUTAD)
        .select_related("insats__insatsagare")
        .order_by("insats__namn", "insats_id", "forfallodatum", "id")
    )
    return render(
        request,
        "insatser/rapporter_forfallna.html",
        {
            "rapporter": _markera(list(owed), idag),
            "att_granska": list(rapporter.att_granska().select_related("insats__insatsagare")),
            "dagar": rapporter.KOMMANDE_DAGAR,
            "idag": idag,
        },
    )
