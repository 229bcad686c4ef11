"""The meeting's papers (issue 10, item 4): the kallelse PDF, the packet
as one PDF, and sending the kallelse (and a revised one).

Who may read them (beslut.access.get_sammantrade): the kansli always; a
ledamot or ersättare of the organ only once the kallelse has gone out
(before that the meeting does not exist for them: 404); no one else. Members read what
was sent: the kallelse as its Kallelseutskick froze it, and the packet made
of fastställda versions only.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beslut import access, kallelse_pdf, motespaket
from beslut.models import Sammantrade
from beslut.services import kallelse as kallelse_services
from samordning.errors import WorkflowError

# Who sends the kallelse: who plans meetings.
KALLAR = access.MOTESPLANERARE


def mote_att_lasa(user, pk):
    """The meeting `user` may read the papers of (beslut.access.get_sammantrade:
    a member only once the kallelse is out, else 404)."""
    return access.get_sammantrade(user, pk, Sammantrade.objects.select_related("organ", "sekreterare"))


def _mote_sida(mote):
    try:
        return reverse("beslut:sammantrade", args=[mote.pk])
    except NoReverseMatch:
        return reverse("beslut:kallelse_pdf", args=[mote.pk])


def _pdf(data, name):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def kallelse_pdf_view(request, pk):
    """Once sent: the kallelse as its latest utskick froze it (never
    rendered again). Before: as it would go out now (the kansli only)."""
    mote = mote_att_lasa(request.user, pk)
    utskick = kallelse_services.senaste_utskick(mote)
    name = f"kallelse-{mote.datum.isoformat()}.pdf"
    if utskick is None:
        return _pdf(kallelse_pdf.stored_kallelse_pdf(mote).data, name)
    try:
        handle = utskick.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-SHA256"] = utskick.sha256
    return response


def motespaket_pdf(request, pk):
    mote = mote_att_lasa(request.user, pk)
    return _pdf(motespaket.paket(mote), motespaket.filnamn(mote))


def _kallande(request, pk):
    access.require(request.user, KALLAR)
    return get_object_or_404(Sammantrade, pk=pk)


@require_POST
def skicka_kallelse(request, pk):
    mote = _kallande(request, pk)
    try:
        utskick = kallelse_services.skicka_kallelse(mote=mote, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Kallelsen är skickad till %(n)d ledamöter och ersättare.")
            % {"n": len(kallelse_services.mottagare(utskick.sammantrade))},
        )
    return redirect(_mote_sida(mote))


@require_POST
def revidera_kallelse(request, pk):
    mote = _kallande(request, pk)
    try:
        kallelse_services.revidera_kallelse(mote=mote, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Den reviderade kallelsen är skickad till ledamöter och ersättare.")
        )
    return redirect(_mote_sida(mote))
