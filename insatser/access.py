"""Who may see and register insatser. Every view goes through here.

- The kansli sees every insats; the handläggare and the förbundschef
  register the insatser the förbund already funds and correct them.
- A sökande sees the insatser where one of their organisations is the
  insatsägare, a registered samverkanspart (Insats.samverkansparter) or a
  party of one of the insats's applications; another organisation's
  insats answers 404, so its existence does not leak. A party sees the
  insats and its decisions, not the insatsägare's claims, reports and
  avvikelser (is_insatsagare, insatsagarens, access_avvikelse).
- The board (ledamot, ersättare) has no business here yet: 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from ansokningar.models import Part
from insatser.models import Insats
from samordning.models import Roll

REGISTRATORER = frozenset({Roll.HANDLAGGARE, Roll.FORBUNDSCHEF})


def may_use_insatser(user):
    return user.is_kansli or user.roll == Roll.SOKANDE


def require_insats_user(user):
    if not may_use_insatser(user):
        raise PermissionDenied


def visible_insatser(user, queryset=None):
    queryset = Insats.objects.all() if queryset is None else queryset
    if user.is_kansli:
        return queryset
    if user.roll == Roll.SOKANDE:
        orgs = user.organisationer.values("pk")
        party = Part.objects.filter(ansokan__insats=OuterRef("pk"), organisation__in=orgs)
        # Exists, not a join: one row per insats whatever the number of parties.
        samverkan = Insats.samverkansparter.through.objects.filter(insats=OuterRef("pk"), organisation__in=orgs)
        return queryset.filter(Q(insatsagare__in=orgs) | Exists(party) | Exists(samverkan))
    return queryset.none()


def get_insats(user, pk, queryset=None):
    """The insats if `user` may see it, else 404 (403 for roles that have
    no business with insatser at all)."""
    require_insats_user(user)
    insats = visible_insatser(user, queryset).filter(pk=pk).first()
    if insats is None:
        raise Http404
    return insats


def is_insatsagare(user, insats):
    """`user` is a sökande of the insats's insatsägare: the one statement of
    who files its claims, reports and avvikelser (uses the user's prefetched
    organisations when there are)."""
    return user.roll == Roll.SOKANDE and any(
        o.pk == insats.insatsagare_id for o in user.organisationer.all()
    )


def may_register(user):
    return user.roll in REGISTRATORER


def require_register(user):
    if not may_register(user):
        raise PermissionDenied


def may_see_forslag(user):
    """Beslutsförslag are the kansli's (beslut.access)."""
    return user.is_kansli


def forlangbara(user):
    """The insatser `user` may file a tilläggsansökan for: ongoing ones whose
    insatsägare is one of their organisations, and only a sökande files
    applications. A finished insats is not extended; it gets a new
    application. The one statement of the rule: the new-application form
    offers these, and an insats's page offers the button for them."""
    if user.roll != Roll.SOKANDE:
        return Insats.objects.none()
    return Insats.objects.filter(insatsagare__in=user.organisationer.all(), status=Insats.Status.PAGAR)


def with_may_apply_tillagg(user, queryset):
    """The insatser annotated `may_apply_tillagg`: forlangbara(user) holds
    the row. Read in the same query as the insats itself."""
    return queryset.annotate(may_apply_tillagg=Exists(forlangbara(user).filter(pk=OuterRef("pk"))))


# The export for Uppföljning Finsam (insatser/export.py): the kansli who report
# to the national follow-up. Not the sekreterare (the protokoll) nor the board.
EXPORTORER = frozenset({Roll.HANDLAGGARE, Roll.FORBUNDSCHEF, Roll.ADMINISTRATOR})


def may_export(user):
    return user.roll in EXPORTORER


def require_export(user):
    if not may_export(user):
        raise PermissionDenied


# Ekonomi per år: the kansli's and the board's overview (the sekreterare
# keeps the protokoll, not the money); the year's funds are the
# förbundschef's to enter (and the administratör's, who sets the system up).
EKONOMI_LASARE = frozenset(
    {Roll.HANDLAGGARE, Roll.FORBUNDSCHEF, Roll.ADMINISTRATOR, Roll.LEDAMOT, Roll.ERSATTARE}
)
ARSBUDGET_REDAKTORER = frozenset({Roll.FORBUNDSCHEF, Roll.ADMINISTRATOR})


def may_read_ekonomi(user):
    return user.roll in EKONOMI_LASARE


def require_read_ekonomi(user):
    if not may_read_ekonomi(user):
        raise PermissionDenied


def may_edit_arsbudget(user):
    return user.roll in ARSBUDGET_REDAKTORER


def require_edit_arsbudget(user):
    if not may_edit_arsbudget(user):
        raise PermissionDenied


# Reports (insatser.rapporter): the kansli and the insatsägare's sökande
# see them; the insatsägare's sökande write them; the handläggare and the
# förbundschef set the plan and handle them; the kansli lists the overdue.


def insatsagarens(user, queryset):
    """Rows of an insats (claims, reports: `insats` is their foreign key) that
    `user` may read: the kansli all; a sökande those of the insatser their
    organisations own (a samverkanspart neither files nor sees them); anyone
    else none."""
    if user.is_kansli:
        return queryset
    if user.roll == Roll.SOKANDE:
        return queryset.filter(insats__insatsagare__in=user.organisationer.values("pk"))
    return queryset.none()


def may_see_rapporter(user, insats):
    return user.is_kansli or is_insatsagare(user, insats)


def get_rapport(user, pk, queryset=None):
    """The report if `user` may read it, else 404 (403 for roles that have
    no business with insatser)."""
    from insatser.models import Rapport

    require_insats_user(user)
    queryset = Rapport.objects.all() if queryset is None else queryset
    rapport = insatsagarens(user, queryset).filter(pk=pk).first()
    if rapport is None:
        raise Http404
    return rapport


def may_file_rapport(user, rapport, nagon_gang=False):
    """A sökande of the insatsägare organisation, while the report is open
    to them (not submitted, or sent back for komplettering); `nagon_gang`:
    whatever the report's state."""
    return (
        user.roll == Roll.SOKANDE
        and (nagon_gang or rapport.kan_andras_av_insatsagaren)
        and is_insatsagare(user, rapport.insats)
    )


def may_handle_rapporter(user):
    return user.roll in REGISTRATORER


def require_handle_rapporter(user):
    if not may_handle_rapporter(user):
        raise PermissionDenied


def require_kansli(user):
    if not user.is_kansli:
        raise PermissionDenied
