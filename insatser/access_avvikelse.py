"""Who may file, read and handle avvikelserapporter. Every avvikelse view
goes through here (the insats itself through insatser.access).

- The insatsägare's users (sökande of the insatsägare organisation) file
  reports for an ongoing insats and read their insats's reports.
- The handläggare and the förbundschef read and handle every report and
  draft a beslutsförslag from one; the rest of the kansli reads them.
- A samverkanspart sees the insats but not its avvikelser (the
  insatsägare's report to the förbund; it may name staffing problems):
  404, as for another organisation. The board: 403 (insatser.access).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from insatser import access
from insatser.models import Avvikelse, Insats
from samordning.models import Roll


def may_read(user, insats, agare=None):
    """`agare`: access.is_insatsagare(user, insats) when the caller knows it
    (the insats page asks once and passes it here and to may_report)."""
    agare = access.is_insatsagare(user, insats) if agare is None else agare
    return user.is_kansli or agare


def may_report(user, insats, agare=None):
    agare = access.is_insatsagare(user, insats) if agare is None else agare
    return insats.status == Insats.Status.PAGAR and agare


def may_handle(user):
    return access.may_register(user)


def get_insats_for_report(user, pk):
    """The insats a report is filed for: 404 unless the user is of its
    insatsägare (and may see it), 403 for roles that never file one."""
    if user.roll != Roll.SOKANDE:
        access.require_insats_user(user)
        raise PermissionDenied
    insats = access.get_insats(user, pk, Insats.objects.select_related("insatsagare"))
    if not access.is_insatsagare(user, insats):
        raise Http404
    return insats


def get_avvikelse(user, pk, avvikelse_id):
    """(insats, avvikelse) if `user` may read the report, else 404 (403 for
    roles without business with insatser)."""
    insats = access.get_insats(user, pk, Insats.objects.select_related("insatsagare"))
    if not may_read(user, insats):
        raise Http404
    avvikelse = (
        Avvikelse.objects.filter(insats=insats, pk=avvikelse_id)
        .select_related("inlamnad_av", "hanterad_av", "beslutsforslag")
        .first()
    )
    if avvikelse is None:
        raise Http404
    return insats, avvikelse
