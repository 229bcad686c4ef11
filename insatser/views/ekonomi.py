"""Ekonomi per år: the förbund's money year by year for the kansli and the
board (insatser.ekonomi computes it), and the year's funds as the
förbundschef enters them (insatser.arsbudget)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser import access, arsbudget
from insatser.ekonomi import OVRIGA, TYPGRUPP, andelar, ekonomi
from insatser.forms.ekonomi import TYPNAMN, ArsbudgetForm
from insatser.models import Arsbudget
from samordning import formatting
from samordning.errors import page_version

SPANN = 2  # years shown before and after the chosen one
FORSTA_AR, SISTA_AR = 2000, 2100  # the years the pages accept


def _valt_ar(request):
    """The year asked for (?ar=2026), else the current one: a year out of
    range or garbled shows the current year rather than an error page."""
    try:
        ar = int(request.GET.get("ar", ""))
    except ValueError:
        ar = None
    if ar is None or not FORSTA_AR <= ar <= SISTA_AR:
        ar = timezone.localdate().year
    return ar


# The chart's geometry (an inline SVG drawn at its viewBox's scale).
ETIKETT_BREDD, STAPEL_BREDD, RAD_HOJD = 200, 360, 48


def _procentenheter(skillnad):
    """Decimal("9.7") -> "+9,7"; Decimal("-30.0") -> "−30"; 0 -> "0"."""
    text = formatting.procent(abs(skillnad)).removesuffix(formatting.NBSP + "%")
    if skillnad > 0:
        return "+" + text
    return formatting.MINUS + text if skillnad < 0 else text


def diagram(riktlinje):
    """The rows of the allocation chart: per category the committed share's
    bar and the guideline's, their widths in the SVG's units (100 % is
    STAPEL_BREDD)."""
    rows = []
    for i, r in enumerate(riktlinje):
        andel = float(r.andel or 0)
        procent = r.procent or 0
        rows.append(
            {
                "r": r,
                "y": i * RAD_HOJD,
                "bredd": round(STAPEL_BREDD * andel / 100, 1),
                "mal_bredd": round(STAPEL_BREDD * procent / 100, 1),
                "skillnad": None
                if r.andel is None or r.procent is None
                else _procentenheter(r.andel - r.procent),
            }
        )
    return {
        "rader": rows,
        "hojd": max(len(rows), 1) * RAD_HOJD + 8,
        "x0": ETIKETT_BREDD,
        "text_x": ETIKETT_BREDD + STAPEL_BREDD + 8,
        "bredd": ETIKETT_BREDD + STAPEL_BREDD + 170,
    }


def ekonomi_sida(request):
    access.require_read_ekonomi(request.user)
    ar = _valt_ar(request)
    fran, till = max(ar - SPANN, FORSTA_AR), min(ar + SPANN, SISTA_AR)
    years = ekonomi(fran, till)
    valt = next(y for y in years if y.ar == ar)
    return render(
        request,
        "insatser/ekonomi.html",
        {
            "ar": ar,
            "years": years,
            "valt": valt,
            "forra": ar - 1 if ar > FORSTA_AR else None,
            "nasta": ar + 1 if ar < SISTA_AR else None,
            "ovriga": any(y.bidrag_per_typ[OVRIGA] for y in years),
            "frigjort": any(y.frigjort for y in years),
            "andelar": [(a, TYPNAMN[a.typ]) for a in andelar(valt.bidrag_per_typ)],
            "diagram": diagram(valt.riktlinje),
            "may_edit": access.may_edit_arsbudget(request.user),
        },
    )


def arsbudget_sida(request, ar):
    access.require_edit_arsbudget(request.user)
    if not FORSTA_AR <= ar <= SISTA_AR:
        raise Http404
    budget = Arsbudget.objects.filter(ar=ar).prefetch_related("bidrag").first()
    medlemmar = arsbudget.medlemmar(ar)
    form = ArsbudgetForm(
        request.POST if request.method == "POST" else None,
        initial=ArsbudgetForm.initial_for(budget, medlemmar),
        medlemmar=medlemmar,
    )
    # The version the page was opened with, posted back as it came: a save
    # over someone else's is refused and the page keeps what was typed.
    version = page_version(request, budget)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            arsbudget.spara_arsbudget(
                ar=ar,
                eget_kapital=form.cleaned_data["eget_kapital"] or 0,
                underlag=form.cleaned_data["underlag"],
                bidrag=form.bidrag(),
                version=version,
                by=request.user,
            )
        except arsbudget.ConflictError as exc:
            conflict = str(exc)
        else:
            messages.success(request, _("Årsbudgeten för %(ar)s är sparad.") % {"ar": ar})
            return redirect(reverse("insatser:ekonomi") + f"?ar={ar}")
    if form.errors:
        messages.error(request, _("Årsbudgeten är inte sparad. Rätta det som är markerat nedan."))
    stored = {}
    if budget is not None:
        by_org = {o.pk: o for o in medlemmar}
        for b in budget.bidrag.all():
            typ = TYPGRUPP.get(by_org[b.organisation_id].typ, OVRIGA)
            stored[typ] = stored.get(typ, 0) + b.belopp
    return render(
        request,
        "insatser/arsbudget.html",
        {
            "ar": ar,
            "budget": budget,
            "form": form,
            "version": version,
            "conflict": conflict,
            "andelar": [(a, TYPNAMN[a.typ]) for a in andelar(stored)] if budget else [],
            "bidrag_summa": sum(stored.values()),
        },
    )
