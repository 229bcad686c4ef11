"""Links to the justering and the anslag (beslut.views.justering,
beslut.views.anslag) on the pages of others: the meeting page and the
board member's start page. Each shows a link only to whoever may open it."""

from django import template
from django.urls import reverse

from beslut import access
from beslut.models import Justering, Sammantrade

register = template.Library()

HALLNA = {Sammantrade.Status.GENOMFORT, Sammantrade.Status.JUSTERAT, Sammantrade.Status.ANSLAGET}


@register.simple_tag
def att_justera(user):
    """The held meetings whose protokoll `user` is to attest and has not
    yet (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Sammantrade.objects.filter(
            status=Sammantrade.Status.GENOMFORT,
            justeringar__person=user,
            justeringar__attesterad__isnull=True,
            protokoll__isnull=True,
        )
        .select_related("organ")
        .distinct()
        .order_by("datum")
    )


@register.simple_tag
def justeringslank(mote, user):
    """The justering page of `mote` for the kansli and for whoever attests
    it; "" for anyone else (they would get 404)."""
    if mote.status not in HALLNA or not user.is_authenticated:
        return ""
    if user.is_kansli or Justering.objects.filter(sammantrade=mote, person=user).exists():
        return reverse("beslut:justering", args=[mote.pk])
    return ""


@register.simple_tag
def anslagslank(mote, user):
    """The anslag page for who keeps the protokoll, once the meeting is held."""
    if mote.status in HALLNA and user.is_authenticated and user.roll in access.MOTESPLANERARE:
        return reverse("beslut:anslag", args=[mote.pk])
    return ""
