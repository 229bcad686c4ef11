"""The export for Uppföljning Finsam: the page with its choices, and the
file (insatser.export) when they are sent. A GET: the export changes
nothing, and a chosen export is a link that can be bookmarked."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from insatser import access, export
from insatser.forms.export import CSV, PER_DEL, ExportForm

CONTENT_TYPE = {
    CSV: "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def uppfoljning(request):
    access.require_export(request.user)
    form = ExportForm(request.GET or None, initial=ExportForm.forval())
    if form.is_bound and form.is_valid():
        return _fil(form.cleaned_data)
    return render(
        request,
        "insatser/export.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _fil(data):
    fran, till, fmt = data["fran"], data["till"], data["format"]
    cols = export.kolumner(per_del=data["niva"] == PER_DEL)
    rows = export.rader(fran, till, per_del=data["niva"] == PER_DEL)
    if fmt == CSV:
        content = export.som_csv(rows, cols)
    else:
        titel = _("Uppföljning Finsam %(fran)s–%(till)s") % {"fran": fran, "till": till}
        content = export.som_xlsx(rows, cols, titel=titel)
    response = HttpResponse(content, content_type=CONTENT_TYPE[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filnamn(fran, till, fmt)}"'
    return response
