"""Who may see, file and handle rekvisitioner. Every rekvisition view goes
through here.

- The kansli sees every claim; the handläggare and the förbundschef attest,
  return and record payment (ATTESTERARE). The sekreterare and the
  administratör read only.
- A sökande sees the claims of the insatser whose insatsägare is one of
  their organisations, and only they file claims: a samverkanspart runs the
  insats with the insatsägare but does not claim its money, so it does not
  see the claims either. Another organisation's claim answers 404, so its
  existence does not leak. Their list of claims shows those only (another
  organisation's sökande gets an empty list, not an error).
- The board (ledamot, ersättare) has no business with claims: 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from insatser.access import insatsagarens, is_insatsagare, require_insats_user
from insatser.models import Insats, Rekvisition
from samordning.models import Roll

ATTESTERARE = frozenset({Roll.HANDLAGGARE, Roll.FORBUNDSCHEF})


def visible_rekvisitioner(user, queryset=None):
    return insatsagarens(user, Rekvisition.objects.all() if queryset is None else queryset)


def get_rekvisition(user, pk, queryset=None):
    """The claim if `user` may see it, else 404 (403 for roles that have no
    business with insatser at all)."""
    require_insats_user(user)
    rekvisition = visible_rekvisitioner(user, queryset).filter(pk=pk).first()
    if rekvisition is None:
        raise Http404
    return rekvisition


def may_file(user, insats):
    """The insatsägare's users file claims, for an ongoing insats."""
    return insats.status == Insats.Status.PAGAR and is_insatsagare(user, insats)


def require_file(user, insats):
    if not may_file(user, insats):
        raise PermissionDenied


def may_see_list(user):
    """The list of claims: the kansli's of every claim, a sökande's of the
    claims they may see (visible_rekvisitioner: their organisations' as
    insatsägare; none for anyone else's). The board has none."""
    return user.is_kansli or user.roll == Roll.SOKANDE


def require_list(user):
    if not may_see_list(user):
        raise PermissionDenied


def may_attest(user):
    """Attest, return and record payment: the handläggare and the förbundschef."""
    return user.roll in ATTESTERARE


def require_attest(user):
    if not may_attest(user):
        raise PermissionDenied
