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


# --- organs and meetings (issue 10) ------------------------------------------------
# The sekreterare plans meetings and keeps their föredragningslista, with the
# förbundschef; the rest of the kansli reads them. A ledamot or ersättare
# reads the meetings of the organs they sit in, once the kallelse is sent:
# a planned list is a draft and never reaches them.

MOTESPLANERARE = {Roll.SEKRETERARE, Roll.FORBUNDSCHEF}


def may_plan(user):
    return user.roll in MOTESPLANERARE


def require_plan(user):
    require(user, MOTESPLANERARE)


def require_moten(user):
    if not (user.is_kansli or user.is_styrelse):
        raise PermissionDenied


def visible_sammantraden(user, queryset=None):
    """The meetings `user` may read: all for the kansli; for a member those
    of an organ they held a seat in on the meeting's date or after, whose
    kallelse has gone out."""
    from django.db.models import Exists, OuterRef, Q

    from beslut.models import Sammantrade, Uppdrag

    queryset = Sammantrade.objects.all() if queryset is None else queryset
    if user.is_kansli:
        return queryset
    if not user.is_styrelse:
        return queryset.none()
    plats = Uppdrag.objects.filter(organ=OuterRef("organ"), person=user).filter(
        Q(till__isnull=True) | Q(till__gte=OuterRef("datum"))
    )
    return queryset.exclude(status=Sammantrade.Status.PLANERAT).filter(Exists(plats))


def get_sammantrade(user, pk, queryset=None):
    """The meeting, or 404 when `user` may not read it (a member asking for
    a planned one learns nothing of it)."""
    require_moten(user)
    return get_object_or_404(visible_sammantraden(user, queryset), pk=pk)


def get_organ(user, pk):
    """An organ's member list is read by the kansli and the members."""
    from beslut.models import Organ

    require_moten(user)
    return get_object_or_404(Organ, pk=pk)
