"""The e-mails an application's workflow sends. The services hand these to
transaction.on_commit(..., robust=True): a mail goes out only for a change
that was saved, and a failing mail server never undoes one.

A link is the absolute address the view knew (request.build_absolute_uri);
a service called without a request (a command, a test) uses SITE_URL.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordning.models import Forbund


def ansokan_lank(ansokan, lank=""):
    return lank or settings.SITE_URL + reverse("ansokningar:detalj", args=[ansokan.pk])


def namn(user):
    return user.get_full_name() or user.username


def kontaktperson(ansokan):
    """Who answers for the application: the one who submitted it, else the
    one who created it, as long as they still act for the insatsägare and
    have an e-mail address. None when neither does."""
    for user in (ansokan.inlamnad_av, ansokan.skapad_av):
        if (
            user is not None
            and user.is_active
            and user.email
            and user.organisationer.filter(pk=ansokan.insatsagare_id).exists()
        ):
            return user
    return None


def kvitto(ansokan, user, forsta):
    forbund = Forbund.get()
    subject = (
        _("Ansökan %(dnr)s har kommit in") if forsta else _("Kompletterad ansökan %(dnr)s har kommit in")
    ) % {"dnr": ansokan.diarienummer}
    body = _(
        "Hej %(namn)s!\n\n%(forbund)s har tagit emot ansökan ”%(insats)s” från %(org)s.\n"
        "Diarienummer: %(dnr)s\nInkommen: %(tid)s\n\nSpara diarienumret; ange det när du kontaktar förbundet om ansökan."
    ) % {
        "namn": namn(user),
        "forbund": forbund.namn,
        "insats": ansokan.namn,
        "org": ansokan.insatsagare.namn,
        "dnr": ansokan.diarienummer,
        "tid": timezone.localtime(ansokan.inlamnad).strftime("%Y-%m-%d kl. %H.%M"),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def komplettering_begard(ansokan, komplettering, mottagare, lank=""):
    forbund = Forbund.get()
    subject = _("Komplettering begärs av ansökan %(dnr)s") % {"dnr": ansokan.diarienummer}
    body = _(
        "Hej %(namn)s!\n\n%(forbund)s behöver mer underlag innan ansökan ”%(insats)s” (%(dnr)s) "
        "kan beredas.\n\nDet här behöver kompletteras:\n\n%(begaran)s\n\n"
        "Komplettera ansökan och lämna in den igen här:\n%(lank)s\n\n"
        "Har du frågor? Ange diarienumret %(dnr)s när du kontaktar förbundet."
    ) % {
        "namn": namn(mottagare),
        "forbund": forbund.namn,
        "insats": ansokan.namn,
        "dnr": ansokan.diarienummer,
        "begaran": komplettering.begaran,
        "lank": ansokan_lank(ansokan, lank),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [mottagare.email])


def komplettering_inkommen(ansokan, handlaggare, lank=""):
    subject = _("Ansökan %(dnr)s är kompletterad") % {"dnr": ansokan.diarienummer}
    body = _(
        "Hej %(namn)s!\n\n%(org)s har kompletterat ansökan ”%(insats)s” (%(dnr)s) och lämnat in den igen, "
        "som du begärde. Den väntar nu på att beredas:\n%(lank)s"
    ) % {
        "namn": namn(handlaggare),
        "org": ansokan.insatsagare.namn,
        "insats": ansokan.namn,
        "dnr": ansokan.diarienummer,
        "lank": ansokan_lank(ansokan, lank),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [handlaggare.email])


def underskrift_inaktuell(ansokan, underskrift, lank=""):
    subject = _("Skriv under ansökan %(dnr)s igen") % {"dnr": ansokan.diarienummer}
    body = _(
        "Hej %(namn)s!\n\nAnsökan ”%(insats)s” (%(dnr)s) har ändrats och lämnats in igen sedan du "
        "skrev under den för %(org)s. Din underskrift gäller den tidigare versionen.\n\n"
        "Läs den nya versionen och skriv under igen, så att ansökan kan beredas:\n%(lank)s"
    ) % {
        "namn": namn(underskrift.anvandare),
        "insats": ansokan.namn,
        "dnr": ansokan.diarienummer,
        "org": underskrift.organisation,
        "lank": ansokan_lank(ansokan, lank),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [underskrift.anvandare.email])


def underskrift_begard(ansokan, anvandare, organisation, lank=""):
    """A co-party's representative is asked to stand behind a submitted
    application for their organisation (any one of them may sign)."""
    forbund = Forbund.get()
    subject = _("Ansökan %(dnr)s väntar på underskrift från %(org)s") % {
        "dnr": ansokan.diarienummer,
        "org": organisation.namn,
    }
    body = _(
        "Hej %(namn)s!\n\n%(agare)s har lämnat in ansökan ”%(insats)s” (%(dnr)s) till %(forbund)s "
        "med %(org)s som samverkanspart. Ansökan kan beredas först när alla parter har ställt sig "
        "bakom den.\n\nLäs ansökan och skriv under för %(org)s här:\n%(lank)s\n\n"
        "Det räcker att en person skriver under för %(org)s."
    ) % {
        "namn": namn(anvandare),
        "agare": ansokan.insatsagare.namn,
        "insats": ansokan.namn,
        "dnr": ansokan.diarienummer,
        "forbund": forbund.namn,
        "org": organisation.namn,
        "lank": ansokan_lank(ansokan, lank),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [anvandare.email])
