"""The protokoll PDF, protokollsutdrag and the justering page (issue 10
items 6–7).

Who reads a protokoll: whoever may read the meeting
(beslut.access.get_sammantrade: the kansli, and the organ's members once
the kallelse is out), once the meeting is held. Justerat, it is the stored
file, never rendered again. The justering page is for the people who
attest (their Justering rows) and, to follow it, the kansli; each attests
only their own row (beslut.services.justering refuses anyone else).
"""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beslut import access, protokoll_pdf
from beslut.models import Justering, Paragraf, Sammantrade
from beslut.services import justering as justering_services
from samordning.errors import ConflictError, WorkflowError
from samordning.fields import Form

HALLNA = {
    Sammantrade.Status.GENOMFORT,
    Sammantrade.Status.JUSTERAT,
    Sammantrade.Status.ANSLAGET,
}
# Who asks for a § to be justerad at once: who keeps the protokoll.
PROTOKOLLFORARE = access.MOTESPLANERARE


def protokoll_mote(user, pk):
    """The held meeting whose protokoll `user` may read, with everything
    the PDF shows; 404 before it is held (there is no protokoll yet)."""
    mote = access.get_sammantrade(user, pk, protokoll_pdf.mote_queryset())
    if mote.status not in HALLNA:
        raise Http404
    return mote


def _pdf(data, name):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def lagrat_protokoll(mote):
    """The justerat protokoll's stored file, with its SHA-256."""
    protokoll = mote.protokoll
    try:
        handle = protokoll.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protokoll-{mote.datum.isoformat()}.pdf"'
    response["X-Content-SHA256"] = protokoll.sha256
    return response


def har_protokoll(mote):
    try:
        return mote.protokoll is not None
    except Sammantrade.protokoll.RelatedObjectDoesNotExist:
        return False


def protokoll_pdf_view(request, pk):
    mote = protokoll_mote(request.user, pk)
    if har_protokoll(mote):
        return lagrat_protokoll(mote)
    return _pdf(protokoll_pdf.render_protokoll_pdf(mote), f"protokoll-{mote.datum.isoformat()}-utkast.pdf")


def valda_paragrafer(mote, numbers):
    """The §§ of `mote` named in `numbers` (the query's ?p=84&p=85); 404
    for none, or for a number that is not one of its §§."""
    try:
        wanted = {int(n) for n in numbers}
    except ValueError as exc:
        raise Http404 from exc
    paragrafer = [a.paragraf for a in mote.protokollets_arenden if a.paragraf.nummer in wanted]
    if not wanted or len(paragrafer) != len(wanted):
        raise Http404
    return paragrafer


def protokollsutdrag_pdf(request, pk):
    mote = protokoll_mote(request.user, pk)
    paragrafer = valda_paragrafer(mote, request.GET.getlist("p"))
    intervall = protokoll_pdf.paragraf_intervall(p.nummer for p in paragrafer).replace(", ", "_")
    return _pdf(protokoll_pdf.render_utdrag_pdf(paragrafer), f"protokollsutdrag-{mote.datum.isoformat()}-{intervall}.pdf")


class InvandningForm(Form):
    invandning = forms.CharField(
        label=_("Invändning (om du inte håller med)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Om du inte håller med om hur protokollet är skrivet. Invändningen visas i protokollet."),
    )  # fmt: skip

    def clean_invandning(self):
        # Optional to have, but saving one means writing it (taking it away
        # has its own button).
        text = self.cleaned_data["invandning"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv invändningen."))
        return text


def justering(request, pk):
    """The justering page: the protokoll to read, and for each of the
    user's own Justering rows an invändning field and the attest button."""
    mote = protokoll_mote(request.user, pk)
    rader = list(mote.justeringar.all())
    egna = [j for j in rader if j.person_id == request.user.pk]
    if not egna and not request.user.is_kansli:
        raise Http404
    if request.method == "POST":
        return _posta(request, mote, egna)
    return _sida(request, mote, rader, egna)


def _sida(request, mote, rader, egna, form_for=None, status=200):
    nycklar = {}
    poster = []
    for j in egna:
        if j.attesterad or har_protokoll(mote):
            continue
        key = j.paragraf_id
        if key not in nycklar and not justering_services.saknar_beslut(mote, j.paragraf):
            nycklar[key] = justering_services.innehall_nyckel(mote, j.paragraf)
        form = form_for[1] if form_for and form_for[0] == j.pk else InvandningForm(
            initial={"invandning": j.invandning}, prefix=f"j{j.pk}"
        )
        saknas = justering_services.saknar_beslut(mote, j.paragraf)
        # Unfinished: say so first, and offer no attest (the invändning may
        # still be written); the service refuses an attest anyway.
        ej_klart = justering_services.ej_klart(saknas) if saknas else ""
        poster.append({"j": j, "nyckel": nycklar.get(key, ""), "form": form, "ej_klart": ej_klart})
    begarda = {j.paragraf_id for j in rader if j.paragraf_id is not None}
    kan_begara = (
        request.user.roll in PROTOKOLLFORARE and mote.status == Sammantrade.Status.GENOMFORT and not har_protokoll(mote)
    )
    context = {
        "mote": mote,
        # §§ the protokoll's keeper may have justerade at once.
        "omedelbart_mojliga": [
            a.paragraf for a in mote.protokollets_arenden
            if kan_begara and a.paragraf.pk not in begarda and not a.paragraf.omedelbart_justerad
        ],
        "helt": sorted((j for j in rader if j.paragraf_id is None), key=lambda j: j.roll != Justering.Roll.ORDFORANDE),
        "omedelbara": [j for j in rader if j.paragraf_id is not None],
        "egna": poster,
        "justerat": har_protokoll(mote),
        "ej_klart": "" if har_protokoll(mote) else _ej_klart_text(mote),
        "utdrag_paragrafer": [a.paragraf for a in mote.protokollets_arenden],
    }
    return render(request, "beslut/justering.html", context, status=status)


def _ej_klart_text(mote):
    saknas = justering_services.saknar_beslut(mote)
    return justering_services.ej_klart(saknas) if saknas else ""


def _posta(request, mote, egna):
    try:
        j = next(j for j in egna if str(j.pk) == request.POST.get("justering", ""))
    except StopIteration:
        raise Http404 from None
    if request.POST.get("handling") == "attestera":
        try:
            protokoll = justering_services.attestera(justering=j, by=request.user, nyckel=request.POST.get("nyckel", ""))
        except (WorkflowError, ConflictError) as exc:
            messages.error(request, str(exc))
            return redirect("beslut:justering", pk=mote.pk)
        if protokoll is not None:
            messages.success(request, _("Du har justerat protokollet. Alla har justerat: protokollet är nu justerat och låst."))
        elif j.paragraf_id:
            messages.success(request, _("Du har justerat paragrafen."))
        else:
            messages.success(request, _("Du har justerat protokollet."))
        return redirect("beslut:justering", pk=mote.pk)
    if request.POST.get("handling") == "ta_bort":
        try:
            justering_services.spara_invandning(justering=j, by=request.user, invandning="")
            messages.success(request, _("Invändningen är borttagen."))
        except WorkflowError as exc:
            messages.error(request, str(exc))
        return redirect("beslut:justering", pk=mote.pk)
    form = InvandningForm(request.POST, prefix=f"j{j.pk}")
    if not form.is_valid():
        rader = list(mote.justeringar.all())
        return _sida(request, mote, rader, egna, form_for=(j.pk, form), status=400)
    try:
        justering_services.spara_invandning(justering=j, by=request.user, invandning=form.cleaned_data["invandning"])
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invändningen är sparad."))
    return redirect("beslut:justering", pk=mote.pk)


@require_POST
def omedelbar_justering(request, pk, nummer):
    """Ask for one § to be justerad at once (the protokoll's keeper)."""
    access.require(request.user, PROTOKOLLFORARE)
    mote = protokoll_mote(request.user, pk)
    paragraf = get_object_or_404(Paragraf.objects.select_related("arende"), arende__sammantrade=mote, nummer=nummer)
    try:
        justering_services.begar_omedelbar_justering(paragraf=paragraf, by=request.user)
        messages.success(request, _("Ordförande och justerare kan nu justera paragrafen på justeringssidan."))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("beslut:justering", pk=mote.pk)

