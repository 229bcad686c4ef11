"""The e-mails about reports: the daily reminders (paminn, run by the
management command paminn_rapporter) and the notice that the handläggare
asks for komplettering.

A reminder goes out at most once per report and step: the Paminnelse row is
inserted (unique per report and step) in the same transaction that sends the
mail. A second run finds the row and sends nothing; a mail server that fails
rolls the row back, so the next day's run tries again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from insatser.models import Insats, Paminnelse, Rapport
from samordning.models import Forbund, Roll, User

logger = logging.getLogger(__name__)

S = Paminnelse.Steg
FORE_DAGAR = 7  # the first reminder: a week before the due date
FORSENAD_DAGAR = 14  # the last: two weeks after it


def steg_for(forfallodatum, idag):
    """The reminder step a report owed and due on `forfallodatum` is at on
    `idag`, or None. Only the latest step counts: after a pause (the server
    was down) the command does not send "due in a week" for an overdue report."""
    dagar = (idag - forfallodatum).days
    if dagar >= FORSENAD_DAGAR:
        return S.FORSENAD
    if dagar > 0:
        return S.FORFALLEN
    if dagar >= -FORE_DAGAR:
        return S.FORE
    return None


def _mottagare(rapport, handlaggare):
    """The insatsägare organisation's active users with an e-mail address,
    and with `handlaggare` (an overdue report) the kansli's handläggare too."""
    users = User.objects.filter(
        is_active=True, roll=Roll.SOKANDE, organisationer=rapport.insats.insatsagare_id
    ).exclude(email="")
    if handlaggare:
        users = users | User.objects.filter(is_active=True, roll=Roll.HANDLAGGARE).exclude(email="")
    return list(users.distinct().order_by("pk"))


def _skicka(rapport, steg, mottagare, forbund, idag):
    varden = {
        "rapport": rapport,
        "steg": steg,
        "forbund": forbund,
        "dagar_sen": (idag - rapport.forfallodatum).days,
        "lank": settings.SITE_URL + reverse("insatser:rapport", args=[rapport.pk]),
    }
    subject = render_to_string("insatser/epost/paminnelse_amne.txt", varden).strip()
    for user in mottagare:
        body = render_to_string(
            "insatser/epost/paminnelse.txt",
            {
                **varden,
                "namn": user.get_full_name() or user.username,
                # The handläggare follows the report up; the insatsägare's users write it.
                "kansli": user.roll != Roll.SOKANDE,
            },
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def paminn(idag=None):
    """Send the reminders due on `idag` (today by default): for each report
    still owed whose step has no Paminnelse yet, one e-mail per recipient.
    Returns [(rapport, steg, number of recipients)] for what was sent."""
    idag = idag or timezone.localdate()
    forbund = Forbund.get()
    kandidater = (
        Rapport.objects.filter(
            status__in=(Rapport.Status.EJ_INLAMNAD, Rapport.Status.KOMPLETTERING),
            forfallodatum__lte=idag + datetime.timedelta(days=FORE_DAGAR),
            insats__status=Insats.Status.PAGAR,
        )
        .select_related("insats__insatsagare")
        .order_by("forfallodatum", "id")
    )
    skickat = []
    for rapport in kandidater:
        steg = steg_for(rapport.forfallodatum, idag)
        if steg is None:
            continue
        try:
            with transaction.atomic():
                # The row first: a second run (or one running at the same
                # time) stops at the unique constraint before any mail.
                paminnelse = Paminnelse.objects.create(
                    rapport=rapport, steg=steg, skickad=timezone.now()
                )
                mottagare = _mottagare(rapport, handlaggare=steg != S.FORE)
                _skicka(rapport, steg, mottagare, forbund, idag)
                paminnelse.antal_mottagare = len(mottagare)
                paminnelse.save(update_fields=["antal_mottagare"])
        except IntegrityError:
            continue  # already reminded at this step
        except Exception:  # a failing mail server: the row rolled back, tomorrow's run tries again
            logger.exception("Påminnelse om rapport %s (%s) kunde inte skickas.", rapport.pk, steg)
            continue
        skickat.append((rapport, steg, len(mottagare)))
    return skickat


def komplettering(rapport_pk):
    """Tell the insatsägare that the handläggare wants more in a report."""
    rapport = Rapport.objects.select_related("insats").get(pk=rapport_pk)
    varden = {
        "rapport": rapport,
        "forbund": Forbund.get(),
        "lank": settings.SITE_URL + reverse("insatser:rapport", args=[rapport.pk]),
    }
    subject = render_to_string("insatser/epost/komplettering_amne.txt", varden).strip()
    for user in _mottagare(rapport, handlaggare=False):
        body = render_to_string(
            "insatser/epost/komplettering.txt",
            {**varden, "namn": user.get_full_name() or user.username},
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
