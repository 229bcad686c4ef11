"""Who may do what with beredning, beslutsförslag, the library and the
inriktning. Everything here is the kansli's work: the handläggare bereder,
the förbundschef drafts, fastställer and keeps the library and inriktning.
The board reads frozen proposals through the meetings (a later issue)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from beslut.models import Beslutsforslag
from samordning.models import Roll

BEREDARE = {Roll.HANDLAGGARE, Roll.FORBUNDSCHEF}
SKRIBENT = {Roll.FORBUNDSCHEF}


def require(user, roles):
    if user.roll not in roles:
        raise PermissionDenied


def require_kansli(user):
    if not user.is_kansli:
        raise PermissionDenied


def may_draft(user):
    return user.roll in SKRIBENT


def get_forslag(user, pk, queryset=None):
    require_kansli(user)
    return get_object_or_404(queryset if queryset is not None else Beslutsforslag.objects.all(), pk=pk)
