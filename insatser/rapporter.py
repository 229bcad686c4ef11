"""Rapporter: the reports an insats owes, their due dates, filing and handling.

Selectors (for the start pages and the overdue list):
- forfallna(idag): owed and past the due date;
- att_granska(): submitted, waiting for the handläggare;
- kommande_for_sokande(user, idag): owed by the user's organisations' insatser,
  due within KOMMANDE_DAGAR or overdue.
"""

import datetime

from django.utils import timezone

from insatser.models import Rapport
from samordning.models import Roll

R = Rapport.Status

# What the insatsägare still owes: never submitted, or sent back for more.
SKULDIGA = (R.EJ_INLAMNAD, R.KOMPLETTERING)

# "Due soon": the overdue list and the sökande's start page show reports due
# within this many days, so there is time to write them.
KOMMANDE_DAGAR = 14


def _idag(idag):
    return idag or timezone.localdate()


def forfallna(idag=None):
    """Reports owed and past their due date (not submitted, or komplettering
    asked for), the longest overdue first. Add select_related as the page
    needs."""
    return Rapport.objects.filter(status__in=SKULDIGA, forfallodatum__lt=_idag(idag)).order_by(
        "forfallodatum", "id"
    )


def att_granska():
    """Reports submitted and waiting for the handläggare, oldest first."""
    return Rapport.objects.filter(status=R.INLAMNAD).order_by("inlamnad", "id")


def kommande_for_sokande(user, idag=None):
    """The reports a sökande's organisations owe: of the insatser whose
    insatsägare is one of the user's organisations, owed and due within
    KOMMANDE_DAGAR days or already overdue, earliest due first. None for
    anyone but a sökande."""
    if user.roll != Roll.SOKANDE:
        return Rapport.objects.none()
    grans = _idag(idag) + datetime.timedelta(days=KOMMANDE_DAGAR)
    return Rapport.objects.filter(
        insats__insatsagare__in=user.organisationer.all(),
        status__in=SKULDIGA,
        forfallodatum__lte=grans,
    ).order_by("forfallodatum", "id")
