"""The protokoll-keeping page of a meeting (issue 10 item 6): the
sekreterare (or the förbundschef) starts the protokoll, records närvaro,
the ordförande and justerare, and per § the decision, jäv and omröstning.

One page, several forms, each posting to its own view; a refused post
comes back as the whole page with that form as it was typed (and the
version it was opened with, so a stale page stays stale)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beslut import access
from beslut.forms.protokoll import (
    BeslutForm,
    JavForm,
    JusterareForm,
    OmrostningForm,
    beslut_initial,
    narvaro_formset,
)
from beslut.models import Justering, Paragraf, Sammantrade
from beslut.services import protokoll as prot
from samordning.errors import ConflictError, WorkflowError, posted_version
from samordning.formatting import paragraf as paragrafnummer
from samordning.models import Roll

# Who keeps the protokoll: the sekreterare, and the förbundschef beside them.
PROTOKOLLFORARE = {Roll.SEKRETERARE, Roll.FORBUNDSCHEF}


def _mote(user, pk):
    access.require(user, PROTOKOLLFORARE)
    return get_object_or_404(Sammantrade.objects.select_related("organ"), pk=pk)


def _paragraf(user, pk):
    access.require(user, PROTOKOLLFORARE)
    return get_object_or_404(Paragraf.objects.select_related("arende__sammantrade__organ"), pk=pk)


class Sida:
    """What the page shows, read once: the protokoll's Underlag, the
    organ's seats on the meeting date (and any seat the närvaro names),
    and the people present with a seat (the ordförande and justerare are
    chosen among them)."""

    def __init__(self, mote):
        self.mote = mote
        self.underlag = prot.Underlag(mote)
        self.last = prot.protokollet_ar_last(mote)
        self.kan_foras = mote.status == Sammantrade.Status.GENOMFORT and not self.last
        by_pk = {u.pk: u for u in prot.aktiva_uppdrag(mote)}
        for n in self.underlag.narvaro:
            for u in (n.uppdrag, n.ersatter):
                if u is not None:
                    by_pk.setdefault(u.pk, u)
        self.uppdrag_by_pk = by_pk
        self.uppdrag = sorted(by_pk.values(), key=lambda u: (u.roll != u.Roll.LEDAMOT, u.ordning, u.pk))
        self.arende_by_pk = {a.pk: a for a in self.underlag.arenden}
        personer = {}
        for n in self.underlag.narvaro:
            if n.uppdrag is not None:
                personer.setdefault(n.uppdrag.person_id, n.uppdrag.person)
        self.personer = list(personer.values())

    @property
    def startad(self):
        return bool(self.underlag.paragrafer)

    def paragraf(self, pk):
        return next(p for p in self.underlag.paragrafer if p.pk == pk)

    def justerare_initial(self):
        rows = self.underlag.justeringar
        return {
            "ordforande": next((j.person_id for j in rows if j.roll == Justering.Roll.ORDFORANDE), None),
            "justerare": [j.person_id for j in rows if j.roll == Justering.Roll.JUSTERARE],
        }


def _kandidater_for_jav(sida, paragraf):
    """Who may declare jäv in a §: the members present then."""
    seen, result = set(), []
    for n in sida.underlag.narvarande(paragraf.arende):
        if n.uppdrag_id and n.uppdrag_id not in seen:
            seen.add(n.uppdrag_id)
            result.append(n.uppdrag)
    return result


def _paragrafer(sida, bound, bound_version):
    """Per § what its section shows, with its three forms (the posted one
    bound, as typed)."""
    result = []
    for p in sida.underlag.paragrafer:
        beslutande = sida.underlag.beslutande(p)
        jav = sida.underlag.jav.get(p.pk, [])
        forms = {
            "beslut": BeslutForm(paragraf=p, initial=beslut_initial(p)),
            "jav": JavForm(
                paragraf=p, kandidater=_kandidater_for_jav(sida, p), initial={"uppdrag": [j.uppdrag_id for j in jav]}
            ),
            "rost": OmrostningForm(
                paragraf=p, beslutande=beslutande,
                initial={
                    "ja_forslag": p.ja_forslag, "nej_forslag": p.nej_forslag,
                    **{f"u{r.uppdrag_id}": r.svar for r in sida.underlag.roster.get(p.pk, [])},
                },
            ),
        }  # fmt: skip
        version, posted = p.version, False
        for kind, form in (bound or {}).items():
            if form.prefix in {f.prefix for f in forms.values()}:
                forms[kind], version, posted = form, bound_version, True
        belopp, fran, till = prot.forslagets_belopp_och_period(p.arende)
        result.append(
            {
                "p": p,
                "arende": p.arende,
                "forms": forms,
                "version": version,
                "beslutande": beslutande,
                "jav": [prot.javtext(j) for j in jav],
                "resultat": sida.underlag.resultat(p) if p.omrostning else None,
                "forslag_belopp": belopp,
                "forslag_fran": fran,
                "forslag_till": till,
                "jamforelse": prot.jamforelse(p) if p.beslut == Paragraf.Beslut.ANDRAT else [],
                # Jäv and votes are folded away where nothing is recorded
                # but in a beslutsärende (the opening items rarely have any).
                "oppen": p.arende.typ == p.arende.Typ.BESLUT or bool(jav) or p.omrostning or posted,
            }
        )
    return result


def _render(request, sida, *, narvaro=None, justerare=None, paragraf=None, version=None, status=200):
    mote_version = version if (narvaro is not None or justerare is not None) else sida.mote.version
    context = {
        "mote": sida.mote,
        "sida": sida,
        "narvaro": narvaro if narvaro is not None else narvaro_formset(sida),
        "justerare": justerare
        if justerare is not None
        else JusterareForm(sida=sida, initial=sida.justerare_initial()),
        "mote_version": mote_version,
        "paragrafer": _paragrafer(sida, paragraf, version),
    }
    return render(request, "beslut/protokoll_foring.html", context, status=status)


def protokoll_foring(request, pk):
    mote = _mote(request.user, pk)
    return _render(request, Sida(mote))


def _sidan(mote, anchor=""):
    return redirect(reverse("beslut:protokoll_foring", args=[mote.pk]) + (f"#{anchor}" if anchor else ""))


@require_POST
def paborja(request, pk):
    mote = _mote(request.user, pk)
    try:
        prot.paborja_protokoll(mote=mote, by=request.user)
        messages.success(request, _("Protokollet är påbörjat: ärendena har fått sina paragrafnummer."))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    return _sidan(mote)


@require_POST
def narvaro(request, pk):
    mote = _mote(request.user, pk)
    sida = Sida(mote)
    formset = narvaro_formset(sida, request.POST)
    version = posted_version(request.POST)
    if formset.is_valid():
        try:
            prot.spara_narvaro(mote=mote, by=request.user, version=version, rader=formset.rader())
            messages.success(request, _("Närvaron är sparad."))
            return _sidan(mote, "narvaro")
        except (WorkflowError, ConflictError) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Närvaron är inte sparad. Rätta det som är markerat."))
    return _render(request, sida, narvaro=formset, version=version, status=400)


@require_POST
def justerare(request, pk):
    mote = _mote(request.user, pk)
    sida = Sida(mote)
    form = JusterareForm(request.POST, sida=sida)
    version = posted_version(request.POST)
    if form.is_valid():
        personer = {p.pk: p for p in sida.personer}
        try:
            prot.valj_justerare(
                mote=mote, by=request.user, version=version, ordforande=personer[form.cleaned_data["ordforande"]],
                justerare=[personer[pk] for pk in form.cleaned_data["justerare"]],
            )  # fmt: skip
            messages.success(request, _("Ordförande och justerare är sparade."))
            return _sidan(mote, "justerare")
        except (WorkflowError, ConflictError) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Justerarna är inte sparade. Rätta det som är markerat."))
    return _render(request, sida, justerare=form, version=version, status=400)


def _paragraf_post(request, pk, kind, make_form, save, done):
    """The three § forms alike: bind, save through the service, or the page
    back with the form as typed."""
    paragraf = _paragraf(request.user, pk)
    mote = paragraf.arende.sammantrade
    sida = Sida(mote)
    paragraf = sida.paragraf(paragraf.pk)
    form = make_form(sida, paragraf)
    version = posted_version(request.POST)
    if form.is_valid():
        try:
            save(form, paragraf, version)
            messages.success(request, done % {"paragraf": paragrafnummer(paragraf.nummer)})
            return _sidan(mote, f"p{paragraf.pk}")
        except (WorkflowError, ConflictError) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request,
            _("%(paragraf)s är inte sparad. Rätta det som är markerat.") % {"paragraf": paragrafnummer(paragraf.nummer)},
        )
    return _render(request, sida, paragraf={kind: form}, version=version, status=400)


@require_POST
def beslut(request, pk):
    return _paragraf_post(
        request, pk, "beslut",
        lambda sida, p: BeslutForm(request.POST, paragraf=p),
        lambda form, p, version: prot.spara_beslut(
            paragraf=p, by=request.user, version=version, data=form.data_for_service()
        ),
        _("Beslutet i %(paragraf)s är sparat."),
    )  # fmt: skip


@require_POST
def jav(request, pk):
    def make(sida, p):
        return JavForm(request.POST, paragraf=p, kandidater=_kandidater_for_jav(sida, p))

    def save(form, p, version):
        sida_uppdrag = {u.pk: u for u in form.kandidater}
        prot.satt_jav(
            paragraf=p, by=request.user, version=version,
            uppdrag=[sida_uppdrag[pk] for pk in form.cleaned_data["uppdrag"]],
        )  # fmt: skip

    return _paragraf_post(request, pk, "jav", make, save, _("Jäven i %(paragraf)s är sparade."))


@require_POST
def omrostning(request, pk):
    def make(sida, p):
        return OmrostningForm(request.POST, paragraf=p, beslutande=sida.underlag.beslutande(p))

    return _paragraf_post(
        request, pk, "rost", make,
        lambda form, p, version: prot.spara_omrostning(
            paragraf=p, by=request.user, version=version, roster=form.roster(), **form.propositioner()
        ),
        _("Omröstningen i %(paragraf)s är sparad."),
    )  # fmt: skip
