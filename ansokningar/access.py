"""Who may see, edit and sign an application. Every view goes through here.

- A sökande sees the applications where one of their organisations is a
  party, edits those of the insatsägare while they are a draft or
  komplettering is asked for, and signs for their own organisation's part.
- The kansli sees every application once it is submitted (drafts are the
  applicant's own until then).
- Anyone else gets 404 for an application, so its existence does not leak.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from ansokningar.models import Ansokan, Part
from ansokningar.workflow import EDITABLE, SIGNABLE, TRANSITIONS
from samordning.models import Roll


def may_use_applications(user):
    return user.is_kansli or user.roll == Roll.SOKANDE


def visible_ansokningar(user, queryset=None):
    queryset = Ansokan.objects.all() if queryset is None else queryset
    if user.is_kansli:
        # Submitted at least once: a draft withdrawn before submission stays private.
        return queryset.filter(inlamnad__isnull=False)
    if user.roll == Roll.SOKANDE:
        own_party = Part.objects.filter(
            ansokan=OuterRef("pk"), organisation__in=user.organisationer.values("pk")
        )
        return queryset.filter(Exists(own_party))
    return queryset.none()


def require_application_user(user):
    if not may_use_applications(user):
        raise PermissionDenied


def get_ansokan(user, pk, queryset=None):
    """The application if `user` may see it, else 404 (403 for roles that
    have no business with applications at all)."""
    require_application_user(user)
    ansokan = visible_ansokningar(user, queryset).filter(pk=pk).first()
    if ansokan is None:
        raise Http404
    return ansokan


def user_org_ids(user):
    # Cached per request object: templates ask several times.
    if not hasattr(user, "_org_ids"):
        user._org_ids = set(user.organisationer.values_list("pk", flat=True))
    return user._org_ids


def is_owner(user, ansokan):
    """The insatsägare's sökande own the application."""
    return user.roll == Roll.SOKANDE and ansokan.insatsagare_id in user_org_ids(user)


def can_edit(user, ansokan):
    """Edit the form, and add or remove attachments (a change like a save)."""
    return ansokan.status in EDITABLE and is_owner(user, ansokan)


def can_withdraw(user, ansokan):
    return is_owner(user, ansokan) and ansokan.status in TRANSITIONS["aterkalla"]


def may_bereda(user):
    from beslut.access import BEREDARE

    return user.roll in BEREDARE


def can_create(user):
    return user.roll == Roll.SOKANDE and bool(user_org_ids(user))


def behorig_org_ids(user):
    """The organisations the user may sign for (behörig företrädare)."""
    if not hasattr(user, "_behorig_ids"):
        user._behorig_ids = set(user.behorig_for.values_list("pk", flat=True))
    return user._behorig_ids


def _unsigned_parts(user, ansokan, parter):
    if user.roll != Roll.SOKANDE or ansokan.status not in SIGNABLE:
        return []
    orgs = user_org_ids(user)
    return [p for p in parter if p.organisation_id in orgs and not p.signerad_aktuell]


def part_to_sign(user, ansokan, parter):
    """The party this user may sign for now, or None: only a behörig
    företrädare commits the organisation."""
    behorig = behorig_org_ids(user) if user.roll == Roll.SOKANDE else set()
    for part in _unsigned_parts(user, ansokan, parter):
        if part.organisation_id in behorig:
            return part
    return None


def part_needing_authority(user, ansokan, parter):
    """A party of this user's still to sign that the user may not sign for
    (not behörig företrädare), so the page can say who must; else None."""
    if part_to_sign(user, ansokan, parter) is not None:
        return None
    behorig = behorig_org_ids(user) if user.roll == Roll.SOKANDE else set()
    for part in _unsigned_parts(user, ansokan, parter):
        if part.organisation_id not in behorig:
            return part
    return None


def require_edit(user, ansokan):
    if not can_edit(user, ansokan):
        raise PermissionDenied


def require_kansli(user):
    if not user.is_kansli:
        raise PermissionDenied
