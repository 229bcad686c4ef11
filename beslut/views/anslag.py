"""Anslag (issue 10 item 8): the sekreterare puts a justerat protokoll on
the anslagstavla, and the public anslagstavla lists the anslagna protokoll
with their PDFs. The two public views are the only ones of the app without
a login (login_not_required): they show nothing but anslagna protokoll,
which are public documents."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beslut import access, protokoll_pdf
from beslut.models import Arende
from beslut.services import anslag as anslag_services
from beslut.views.justering import lagrat_protokoll, protokoll_mote
from samordning.errors import ConflictError, WorkflowError, page_version
from samordning.fields import Form
from samordning.models import Forbund

# Who makes the anslag: who keeps the protokoll.
ANSLAR = access.MOTESPLANERARE


class AnslagForm(Form):
    forvaringsplats = forms.CharField(
        label=_("Förvaringsplats för protokollet"), max_length=200,
        help_text=_("Där protokollet i original förvaras, t.ex. Samordningsförbundets kansli."),
    )  # fmt: skip
    datum = forms.DateField(label=_("Anslaget sätts upp"), help_text=_("Datum, t.ex. 2026-12-04."))


def anslag(request, pk):
    """The anslag form: planned while the protokoll is kept (its bevis then
    states the date and place), made once it is justerat."""
    access.require(request.user, ANSLAR)
    mote = protokoll_mote(request.user, pk)
    status = 200
    version = page_version(request, mote)
    conflict = None
    if request.method == "POST":
        form = AnslagForm(request.POST)
        planera = mote.status == mote.Status.GENOMFORT
        if form.is_valid():
            service = partial(anslag_services.planera_anslag, version=version) if planera else anslag_services.anslaa
            try:
                service(
                    mote=mote, datum=form.cleaned_data["datum"],
                    forvaringsplats=form.cleaned_data["forvaringsplats"], by=request.user,
                )  # fmt: skip
            except ConflictError as exc:
                conflict = str(exc)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                if planera:
                    messages.success(request, _("Anslaget är planerat. Datum och förvaringsplats står i protokollet."))
                    return redirect("beslut:anslag", pk=mote.pk)
                messages.success(request, _("Protokollet är anslaget på anslagstavlan."))
                return redirect("anslagstavla")
        status = 400
    else:
        # Prefilled: what is planned (a justerat protokoll always states it),
        # else today and the förbund's usual place.
        form = AnslagForm(
            initial={
                "datum": mote.anslaget or timezone.localdate(),
                "forvaringsplats": mote.forvaringsplats or anslag_services.senaste_forvaringsplats(),
            }
        )
    context = {"mote": mote, "form": form, "version": version, "conflict": conflict}
    return render(request, "beslut/anslag.html", context, status=409 if conflict else status)


@login_not_required
def anslagstavla(request):
    """The förbund's digital anslagstavla: the anslagna protokoll."""
    arenden = Arende.objects.filter(paragraf__isnull=False).select_related("paragraf")
    moten = anslag_services.anslagna().select_related("organ", "protokoll").prefetch_related(
        Prefetch("arenden", arenden, to_attr="med_paragraf")
    )
    rader = []
    for m in moten:
        nummer = [a.paragraf.nummer for a in m.med_paragraf]
        rader.append({"mote": m, "paragrafer": protokoll_pdf.paragraf_intervall(nummer)})
    idag = timezone.localdate()
    context = {
        "forbund": Forbund.get(),
        "aktuella": [r for r in rader if r["mote"].nedtages > idag],
        "tidigare": [r for r in rader if r["mote"].nedtages <= idag],
    }
    return render(request, "beslut/anslagstavla.html", context)


@login_not_required
def anslagstavla_pdf(request, pk):
    """An anslaget protokoll's stored PDF, for anyone; nothing else."""
    mote = get_object_or_404(anslag_services.anslagna().select_related("protokoll"), pk=pk)
    if not mote.protokoll.pdf:
        raise Http404
    return lagrat_protokoll(mote)
