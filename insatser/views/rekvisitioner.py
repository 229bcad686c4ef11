"""Rekvisitioner: the insatsägare claims costs, the handläggare attests,
returns or records payment (services in insatser.rekvisitioner, access in
insatser.access_rekvisition). Thin: every refusal of a service comes back
as the page with what was typed and the message where it belongs.

A returned claim is not edited: it stays as the kansli returned it (with
its reason), and the insatsägare files a corrected claim that replaces it,
the new form filled in from the returned one. So what was attested or
returned is never rewritten afterwards, and the history reads claim by
claim."""

import django_filters
from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from insatser import access, rekvisition_pdf
from insatser import access_rekvisition as rek_access
from insatser import rekvisitioner as rek
from insatser.forms.rekvisition import BetaldForm, RekvisitionForm, ReturneraForm, falt
from insatser.models import Beviljande, Insats, Rekvisition, Rekvisitionsrad
from samordning.errors import posted_version
from samordning.paging import page_context

S = Rekvisition.Status


def _rader_prefetch():
    return Prefetch("rader", queryset=Rekvisitionsrad.objects.order_by("id"))


def for_insats_page(user, insats):
    """What the insats page shows of the claims (templates/insatser/_rekvisitioner.html):
    the claims the user may see with status and sum, the button for the
    insatsägare, and budget versus actual per category and year. A
    constant number of queries whatever the number of claims."""
    agare = rek_access.is_insatsagare(user, insats)
    if not (user.is_kansli or agare):
        return {"rekvisitioner_synliga": False}  # a samverkanspart: not theirs to follow
    claims = list(
        insats.rekvisitioner.select_related("beviljande")
        .prefetch_related(_rader_prefetch())
        .order_by("-inlamnad", "-id")
    )
    kategorier = dict(Rekvisitionsrad.Kategori.choices)
    bu = rek.budget_och_utfall(insats)
    utfall = [
        {"rad": u, "kategori": kategorier[u.kategori], "kvar": u.budget - u.rekvirerat}
        for u in bu.rader
    ]
    summa = {
        key: sum(getattr(u["rad"], key) for u in utfall)
        for key in ("budget", "rekvirerat", "betalt")
    }
    return {
        "rekvisitioner_synliga": True,
        "rekvisitioner": claims,
        "may_file_rekvisition": agare and insats.status == Insats.Status.PAGAR,  # rek_access.may_file
        "may_see_rekvisitionslista": rek_access.may_see_list(user),
        "budget_mot_utfall": utfall,
        "utfall_summa": {**summa, "kvar": summa["budget"] - summa["rekvirerat"]},
        # Grants registered by hand have no application, so no budget per
        # category: then there is nothing to compare with, only what was claimed.
        "har_budget": summa["budget"] > 0,
        # The budget is the grant: where the board granted another sum than
        # the application asked, the page says the budget was scaled to it.
        "budget_justeringar": bu.justeringar,
        "budget_utan_ansokan": bu.utan_ansokan,
    }


# --- the list of claims ------------------------------------------------------------------

# The kansli's work queues by status, and the same statuses as a sökande
# follows their own claims (they attest nothing: "att attestera" is not theirs).
STATUSVAL = {
    "kansli": [
        (S.INLAMNAD, _lazy("Att attestera")),
        (S.ATTESTERAD, _lazy("Attesterade, ej betalda")),
        (S.BETALD, _lazy("Betalda")),
        (S.RETURNERAD, _lazy("Returnerade")),
    ],
    "sokande": [
        (S.INLAMNAD, _lazy("Inlämnade, väntar på attest")),
        (S.ATTESTERAD, _lazy("Attesterade, ej utbetalda")),
        (S.BETALD, _lazy("Betalda")),
        (S.RETURNERAD, _lazy("Returnerade")),
    ],
}


class RekvisitionFilter(django_filters.FilterSet):
    """The claims by status; a value that does not fit is ignored."""

    status = django_filters.ChoiceFilter(
        label=_lazy("Status"), choices=STATUSVAL["kansli"], empty_label=_lazy("Alla")
    )

    class Meta:
        model = Rekvisition
        fields = ["status"]

    def __init__(self, *args, kansli=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = STATUSVAL["kansli" if kansli else "sokande"]


def lista(request):
    """The kansli's list of every claim, oldest first (the one waiting
    longest is handled first); a sökande's of their organisations' claims,
    newest first (as their start page lists them)."""
    user = request.user
    rek_access.require_list(user)
    order = ("inlamnad", "id") if user.is_kansli else ("-inlamnad", "-id")
    base = rek_access.visible_rekvisitioner(
        user,
        Rekvisition.objects.select_related("insats__insatsagare", "beviljande", "inlamnad_av")
        .prefetch_related(_rader_prefetch())
        .order_by(*order),
    )
    filterset = RekvisitionFilter(request.GET or None, queryset=base, kansli=user.is_kansli)
    return render(
        request,
        "insatser/rekvisitioner.html",
        {"filter": filterset, "aldst_forst": user.is_kansli, **page_context(request, filterset.qs)},
    )


# --- filing a claim ---------------------------------------------------------------------


def _insats_to_file(request, pk):
    insats = access.get_insats(
        request.user,
        pk,
        Insats.objects.select_related("insatsagare").prefetch_related("beviljanden"),
    )
    rek_access.require_file(request.user, insats)
    return insats


def _returned(request, insats):
    """The returned claim a new one corrects (?ersatter=pk), or None."""
    pk = request.GET.get("ersatter") or request.POST.get("ersatter")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    r = (
        insats.rekvisitioner.filter(pk=pk, status=S.RETURNERAD, ersatt_av__isnull=True)
        .prefetch_related(_rader_prefetch())
        .first()
    )
    if r is None:
        raise Http404
    return r


def ny(request, pk):
    insats = _insats_to_file(request, pk)
    beviljanden = Beviljande.objects.filter(insats=insats).order_by("period_fran", "pk")
    ersatter = _returned(request, insats)
    if request.method == "POST":
        form = RekvisitionForm(request.POST, request.FILES, beviljanden=beviljanden)
        if form.is_valid():
            d = form.cleaned_data
            try:
                r = rek.lamna_in(
                    insats=insats, beviljande=d["beviljande"], period=(d["period_fran"], d["period_till"]),
                    rader=form.rader(), by=request.user, bilaga=d["bilaga"], kommentar=d["kommentar"],
                    ersatter=ersatter,
                )  # fmt: skip
            except rek.RekvisitionError as exc:
                for key, message in exc.errors.items():
                    if key in ("period", "period_till"):
                        # The end's own errors (not yet ended, past a year end) at "till".
                        form.add_error("period_till" if key == "period_till" else "period_fran", message)
                    else:
                        form.visa_rader_fel(message)
            except rek.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Rekvisitionen är inlämnad. Förbundets kansli attesterar den eller hör av sig."
                    ),
                )
                return redirect("insatser:rekvisition", pk=r.pk)
        return _ny_page(request, insats, form, ersatter, status=400)
    initial = {}
    vald = rek.forvald_beviljande(list(beviljanden))
    if ersatter is not None:
        initial = {
            "beviljande": ersatter.beviljande_id, "period_fran": ersatter.period_fran,
            "period_till": ersatter.period_till, "kommentar": ersatter.kommentar,
            **{falt(r.kategori): r.belopp for r in ersatter.rader.all()},
        }  # fmt: skip
    elif vald is not None:
        initial = {"beviljande": vald.pk}
    return _ny_page(
        request, insats, RekvisitionForm(initial=initial, beviljanden=beviljanden), ersatter
    )


def _ny_page(request, insats, form, ersatter, status=200):
    beviljanden = list(form.fields["beviljande"].queryset)
    saldo = rek.saldon(beviljanden)
    return render(
        request,
        "insatser/rekvisition_ny.html",
        {
            "insats": insats,
            "form": form,
            "ersatter": ersatter,
            "beviljanden": [(b, saldo[b.pk]) for b in beviljanden],
            "totalt": saldo[None],
            "bilaga_forlorad": form.is_bound and bool(request.FILES),
        },
        status=status,
    )


# --- a claim's page and the kansli's steps ----------------------------------------------


def _get(request, pk):
    return rek_access.get_rekvisition(
        request.user,
        pk,
        Rekvisition.objects.select_related(
            "insats__insatsagare", "beviljande", "inlamnad_av", "attesterad_av", "returnerad_av", "betald_av",
            "ersatter", "ersatt_av",
        ).prefetch_related(_rader_prefetch()),
    )  # fmt: skip


def detalj(request, pk):
    return _page(request, _get(request, pk))


def _page(
    request, r, *, status=200, returnera_form=None, betald_form=None, konflikt="", ej_sparat=""
):
    user = request.user
    kan_attestera = rek_access.may_attest(user)
    context = {
        "r": r,
        **rekvisition_pdf.stallning(r),
        "may_attest": kan_attestera and r.status == S.INLAMNAD,
        "may_pay": kan_attestera and r.status == S.ATTESTERAD,
        "may_correct": r.status == S.RETURNERAD and not _ersatt(r) and rek_access.may_file(user, r.insats),
        "returnera_form": returnera_form or ReturneraForm(auto_id="id_retur_%s"),
        "betald_form": betald_form
        or BetaldForm(initial={"datum": timezone.localdate()}, auto_id="id_betald_%s"),
        "konflikt": konflikt,
        "ej_sparat": ej_sparat,
    }
    return render(request, "insatser/rekvisition.html", context, status=status)


def _ersatt(r):
    """Whether a corrected claim already replaces `r` (the reverse one-to-one
    raises when there is none)."""
    try:
        return r.ersatt_av is not None
    except Rekvisition.ersatt_av.RelatedObjectDoesNotExist:
        return False


def _act(request, pk, step, form=None, **page_forms):
    """Run one of the kansli's steps; a stale page or a refused step comes
    back as the claim's current page with the message, and what was typed
    (a return's comment) shown so it can be used again."""
    rek_access.require_attest(request.user)
    r = _get(request, pk)
    if form is not None and not form.is_valid():
        return _page(request, r, status=400, **page_forms)
    try:
        step(r, posted_version(request.POST), form.cleaned_data if form is not None else {})
    except rek.ConflictError as exc:
        typed = form.data.get("kommentar", "") if form is not None else ""
        return _page(request, _get(request, pk), status=409, konflikt=str(exc), ej_sparat=typed)
    except rek.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("insatser:rekvisition", pk=r.pk)
    except rek.RekvisitionError as exc:
        for key, message in exc.errors.items():
            form.add_error(key if key in form.fields else None, message)
        return _page(request, r, status=400, **page_forms)
    return redirect("insatser:rekvisition", pk=r.pk)


@require_POST
def attestera(request, pk):
    def step(r, version, _data):
        rek.attestera(rekvisition=r, by=request.user, version=version)
        messages.success(request, _("Rekvisitionen är attesterad."))

    return _act(request, pk, step)


@require_POST
def returnera(request, pk):
    form = ReturneraForm(request.POST, auto_id="id_retur_%s")

    def step(r, version, data):
        rek.returnera(rekvisition=r, by=request.user, version=version, kommentar=data["kommentar"])
        messages.success(
            request, _("Rekvisitionen är returnerad till insatsägaren med din kommentar.")
        )

    return _act(request, pk, step, form, returnera_form=form)


@require_POST
def betald(request, pk):
    form = BetaldForm(request.POST, auto_id="id_betald_%s")

    def step(r, version, data):
        rek.markera_betald(rekvisition=r, by=request.user, version=version, datum=data["datum"])
        messages.success(request, _("Rekvisitionen är markerad som betald."))

    return _act(request, pk, step, form, betald_form=form)


# --- the documents ----------------------------------------------------------------------


def pdf(request, pk):
    r = _get(request, pk)
    response = HttpResponse(
        rekvisition_pdf.stored_rekvisition_pdf(r).data, content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{rekvisition_pdf.filnamn(r)}"'
    return response


def bilaga(request, pk):
    r = _get(request, pk)
    if not r.bilaga:
        raise Http404
    try:
        handle = r.bilaga.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=r.filnamn or "verifikation")
